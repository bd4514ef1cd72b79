package dev.pupil.explain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.pupil.BadInputException;
import dev.pupil.data.ImageSet;
import dev.pupil.models.AuxiliaryHeads;
import dev.pupil.models.ClassifierBlock;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.ModelMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * Grad-CAM (Selvaraju et al. 2017, "Grad-CAM: Visual Explanations from Deep Networks via
 * Gradient-based Localization", arXiv:1610.02391): where in an image a convolutional layer's
 * evidence for a class lies. For the layer's feature maps A^k (k = 1..K, each h × w) and the class
 * score y^c (the logit, before softmax), each map's weight is the spatial mean of the gradient, α_k
 * = (1 / hw) Σ_ij ∂y^c / ∂A^k_ij, and the map is L^c = ReLU(Σ_k α_k A^k). It is upsampled to the
 * image bilinearly ({@link Resize#bilinear(float[], int, int, int, int)}) and min–max scaled to [0,
 * 1]. The score is the logit by default; {@link ClassScore#PROBABILITY} takes the softmax output
 * instead. A map that is all zero is flagged in {@link Heatmap#blank()} with its likely cause.
 *
 * <p>The layer is one on the backbone's sequential spine (a child of a {@link SequentialBlock} or
 * of an {@link AuxiliaryHeads} network's inference chain, at any depth, or such a block itself)
 * whose output is N × K × h × w; by default the last of them that holds a convolution, with the
 * element-wise layers after it (its ReLU) — the last convolutional stage, before pooling or
 * flattening. The network runs in inference mode; the activation is cut from the graph at the layer
 * and made a leaf that collects its gradient, so the backward pass goes only through the layers
 * after it. Gradients it leaves on the model's parameters are cleared again.
 */
public final class GradCam {
  /** Images per forward and backward pass. */
  public static final int BATCH = 16;

  /**
   * A layer Grad-CAM can look at.
   *
   * @param name its path in the block tree, e.g. {@code backbone/03SequentialBlock}
   * @param channels K, the number of feature maps
   * @param height h
   * @param width w
   * @param convolutional whether it holds a convolution
   */
  public record Layer(String name, int channels, int height, int width, boolean convolutional) {}

  private final ClassifierModel model;
  private final Layer layer;
  private final int targetClass;
  private final ClassScore score;

  private GradCam(Builder b, Layer layer) {
    this.model = b.model;
    this.layer = layer;
    this.targetClass = b.targetClass;
    this.score = b.score;
  }

  /**
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * @return the layer the maps come from
   */
  public Layer layer() {
    return layer;
  }

  /**
   * @return the score whose gradient is followed: the logit unless the builder chose otherwise
   */
  public ClassScore score() {
    return score;
  }

  /**
   * Explains each image: its predicted class, and the Grad-CAM map of the chosen class (the
   * predicted one unless the builder fixed one).
   *
   * @param images images of the model's channels and size
   * @return one heat map per image, in order
   */
  public List<Heatmap> explain(ImageSet images) {
    model.checkShape(images);
    ModelMetadata meta = model.metadata();
    int per = images.imageBytes();
    List<Heatmap> out = new ArrayList<>(images.size());
    try (NDManager scope = model.djlModel().getNDManager().newSubManager()) {
      for (int start = 0; start < images.size(); start += BATCH) {
        int n = Math.min(BATCH, images.size() - start);
        try (NDManager bm = scope.newSubManager()) {
          int[] idx = new int[n];
          for (int i = 0; i < n; i++) {
            idx[i] = start + i;
          }
          float[] x = new float[n * per];
          meta.normalization().applyBatch(images, idx, x);
          NDArray in = bm.create(x, new Shape(n, meta.channels(), meta.height(), meta.width()));
          out.addAll(compute(model.block(), layer.name(), in, targetClass, score));
        }
      }
    }
    return out;
  }

  /**
   * Grad-CAM of the logit on an input batch, for any {@link ClassifierBlock}.
   *
   * @param block an initialized network
   * @param layerName a name from {@link #layers}
   * @param input N × C × H × W, normalized as the network expects
   * @param targetClass the class to explain, or −1 for each image's predicted class
   * @return one heat map per image
   * @throws BadInputException when the layer is unknown or the class out of range
   */
  public static List<Heatmap> compute(
      ClassifierBlock block, String layerName, NDArray input, int targetClass) {
    return compute(block, layerName, input, targetClass, ClassScore.LOGIT);
  }

  /**
   * Grad-CAM on an input batch, for any {@link ClassifierBlock}.
   *
   * @param block an initialized network
   * @param layerName a name from {@link #layers}
   * @param input N × C × H × W, normalized as the network expects
   * @param targetClass the class to explain, or −1 for each image's predicted class
   * @param score the score y^c whose gradient is taken
   * @return one heat map per image
   * @throws BadInputException when the layer is unknown or the class out of range
   */
  public static List<Heatmap> compute(
      ClassifierBlock block, String layerName, NDArray input, int targetClass, ClassScore score) {
    Shape s = input.getShape();
    int n = (int) s.get(0);
    int height = (int) s.get(2);
    int width = (int) s.get(3);
    Layer layer = Spine.find(layers(block, (int) s.get(1), height, width), layerName);
    NDManager m = input.getManager();
    ParameterStore ps = new ParameterStore(m, false);
    NDArray[] captured = new NDArray[1];
    float[] logits;
    float[] activation;
    float[] gradient;
    int classes;
    int[] target = new int[n];
    try (GradientCollector gc = m.getEngine().newGradientCollector()) {
      NDList features =
          Spine.run(block.backbone(), "backbone", new NDList(input), ps, layerName, captured);
      NDArray z = block.head().forward(ps, new NDList(features.head()), false).head();
      classes = (int) z.getShape().get(1);
      if (targetClass < -1 || targetClass >= classes) {
        throw new BadInputException(
            "class " + targetClass + " is out of range: the model has " + classes + " classes");
      }
      logits = z.toFloatArray();
      float[] pick = new float[n * classes];
      for (int i = 0; i < n; i++) {
        target[i] = targetClass >= 0 ? targetClass : CamMaps.argmax(logits, i * classes, classes);
        pick[i * classes + target[i]] = 1;
      }
      // Σ_i y_i^{c_i}: images are independent in inference mode, so each gets its own gradient.
      gc.backward(score.of(z).mul(m.create(pick, z.getShape())).sum());
      activation = captured[0].toFloatArray();
      gradient = captured[0].getGradient().toFloatArray();
    } finally {
      clearParameterGradients(block);
    }
    List<Heatmap> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(
          CamMaps.heatmap(
              layer, activation, gradient, i, logits, classes, target[i], height, width));
    }
    return out;
  }

  /**
   * Every layer Grad-CAM can use, in forward order (an enclosing block after its children).
   *
   * @param block an initialized network
   * @param channels input channels
   * @param height input height
   * @param width input width
   * @return the layers with a 4-D output
   */
  public static List<Layer> layers(ClassifierBlock block, int channels, int height, int width) {
    return Spine.layers(block, channels, height, width);
  }

  /**
   * @param layers from {@link #layers}
   * @return the default: the last layer that holds a convolution, followed through the same-shaped
   *     (element-wise) layers after it, so that a separate ReLU is included; the last layer when
   *     none holds a convolution
   * @throws BadInputException when there is no layer at all
   */
  public static Layer defaultLayer(List<Layer> layers) {
    return Spine.defaultLayer(layers);
  }

  private static void clearParameterGradients(Block block) {
    for (Pair<String, Parameter> p : block.getParameters()) {
      NDArray a = p.getValue().getArray();
      if (a.hasGradient()) {
        NDArray g = a.getGradient();
        g.subi(g);
        g.close();
      }
    }
  }

  /** Builds a {@link GradCam}: {@code setModel} is required. */
  public static final class Builder {
    private ClassifierModel model;
    private String layer;
    private int targetClass = -1;
    private ClassScore score = ClassScore.LOGIT;

    private Builder() {}

    /**
     * @param score the score whose gradient is taken; default {@link ClassScore#LOGIT}, as in the
     *     paper
     * @return this
     */
    public Builder optScore(ClassScore score) {
      this.score = score;
      return this;
    }

    /**
     * @param model the classifier to explain
     * @return this
     */
    public Builder setModel(ClassifierModel model) {
      this.model = model;
      return this;
    }

    /**
     * @param layer a layer name from {@link GradCam#layers}; default: the last convolutional one
     * @return this
     */
    public Builder optLayer(String layer) {
      this.layer = layer;
      return this;
    }

    /**
     * @param targetClass the class to explain in every image; default −1: each one's prediction
     * @return this
     */
    public Builder optTargetClass(int targetClass) {
      this.targetClass = targetClass;
      return this;
    }

    /**
     * @return the explainer
     * @throws IllegalArgumentException when the model is missing
     * @throws BadInputException when the layer is unknown or the class out of range
     */
    public GradCam build() {
      if (model == null) {
        throw new IllegalArgumentException("model is required");
      }
      if (score == null) {
        throw new IllegalArgumentException("score must not be null");
      }
      ModelMetadata meta = model.metadata();
      int classes = meta.classes().size();
      if (targetClass < -1 || targetClass >= classes) {
        throw new BadInputException(
            "class "
                + targetClass
                + " is out of range: the model has "
                + classes
                + " classes (0.."
                + (classes - 1)
                + ")");
      }
      List<Layer> all = layers(model.block(), meta.channels(), meta.height(), meta.width());
      Layer chosen = layer == null ? defaultLayer(all) : Spine.find(all, layer);
      return new GradCam(this, chosen);
    }
  }
}
