package dev.pupil.models;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.pupil.BadInputException;
import dev.pupil.data.ImageSet;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A trained classifier: a {@link ClassifierBlock} with its weights and {@link ModelMetadata}. It
 * predicts and embeds; it never trains (trainers return models, as in Tribuo). Saved as one file by
 * {@link ModelFile}.
 */
public final class ClassifierModel implements AutoCloseable {
  private final Model model;
  private final ClassifierBlock block;
  private final ModelMetadata metadata;

  private ClassifierModel(Model model, ClassifierBlock block, ModelMetadata metadata) {
    this.model = model;
    this.block = block;
    this.metadata = metadata;
  }

  /** Wraps a network built elsewhere in this package (a TorchScript backbone). */
  static ClassifierModel of(Model model, ClassifierBlock block, ModelMetadata metadata) {
    return new ClassifierModel(model, block, metadata);
  }

  /**
   * @return whether the backbone is a TorchScript module ({@link TorchScript})
   */
  public boolean isTorchScript() {
    return block.backbone() instanceof TorchScriptBackbone;
  }

  /**
   * Builds a freshly initialized network for the metadata's architecture and shape.
   *
   * @param metadata architecture, classes, shape and normalization
   * @param device where the weights live
   * @return the model (close it)
   */
  public static ClassifierModel create(ModelMetadata metadata, Device device) {
    ClassifierBlock block =
        ModelRegistry.create(metadata.architecture(), metadata.spec(), metadata.options());
    Model model = Model.newInstance(metadata.architecture(), device);
    model.setBlock(block);
    block.initialize(
        model.getNDManager(),
        DataType.FLOAT32,
        new Shape(1, metadata.channels(), metadata.height(), metadata.width()));
    return new ClassifierModel(model, block, metadata);
  }

  /**
   * Builds the network and loads weights written by {@link #parameterBytes()}.
   *
   * @param metadata the metadata
   * @param params the weights
   * @param device where the weights live
   * @return the model
   * @throws BadInputException when the weights do not fit the architecture
   */
  public static ClassifierModel fromParameters(
      ModelMetadata metadata, byte[] params, Device device) {
    if (TorchScript.ARCHITECTURE.equals(metadata.architecture())) {
      return TorchScript.fromParameters(metadata, params, device);
    }
    ClassifierModel m = create(metadata, device);
    try {
      m.loadParameterBytes(params);
      return m;
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
  }

  /**
   * Replaces the weights with ones written by {@link #parameterBytes()}.
   *
   * @param params the weights
   */
  public void loadParameterBytes(byte[] params) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(params))) {
      block.loadParameters(model.getNDManager(), in);
      // Loaded arrays do not track gradients; trainable ones must, as after initialization.
      for (var p : block.getParameters().values()) {
        if (p.requiresGradient()) {
          p.getArray().setRequiresGradient(true);
        }
      }
    } catch (IOException | MalformedModelException e) {
      throw new BadInputException(
          "weights do not fit architecture '" + metadata.architecture() + "': " + e.getMessage(),
          e);
    }
  }

  /**
   * @return the weights in DJL's parameter format
   */
  public byte[] parameterBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      block.saveParameters(out);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialize parameters", e);
    }
    return bytes.toByteArray();
  }

  /**
   * Reads a model file.
   *
   * @param file a file written by {@link #save}
   * @param device where the weights go
   * @return the model
   */
  public static ClassifierModel load(Path file, Device device) {
    return ModelFile.read(file, device, TorchScript.Permission.DENY);
  }

  /**
   * Reads a model file, which may hold a TorchScript backbone when permitted.
   *
   * @param file a file written by {@link #save}
   * @param device where the weights go
   * @param torchScript whether a TorchScript backbone (code from the file) may be loaded
   * @return the model
   */
  public static ClassifierModel load(Path file, Device device, TorchScript.Permission torchScript) {
    return ModelFile.read(file, device, torchScript);
  }

  /**
   * Writes this model to one file, atomically.
   *
   * @param file the target
   * @throws IOException when it cannot be written
   */
  public void save(Path file) throws IOException {
    ModelFile.write(file, this);
  }

  /**
   * @return the metadata
   */
  public ModelMetadata metadata() {
    return metadata;
  }

  /**
   * @return the network
   */
  public ClassifierBlock block() {
    return block;
  }

  /**
   * @return the DJL model holding the network
   */
  public Model djlModel() {
    return model;
  }

  /**
   * Class logits for every image, in inference mode.
   *
   * @param images images of the model's channels and size
   * @param batchSize images per forward pass
   * @return N × classes logits
   */
  public float[][] logits(ImageSet images, int batchSize) {
    return run(images, batchSize, false);
  }

  /**
   * Softmax probabilities for every image.
   *
   * @param images images of the model's channels and size
   * @param batchSize images per forward pass
   * @return N × classes probabilities
   */
  public float[][] probabilities(ImageSet images, int batchSize) {
    float[][] z = logits(images, batchSize);
    for (float[] row : z) {
      softmaxInPlace(row);
    }
    return z;
  }

  /**
   * Backbone outputs (the penultimate features) for every image, for k-NN on embeddings.
   *
   * @param images images of the model's channels and size
   * @param batchSize images per forward pass
   * @return N × D embeddings
   */
  public float[][] embeddings(ImageSet images, int batchSize) {
    return run(images, batchSize, true);
  }

  private float[][] run(ImageSet images, int batchSize, boolean embed) {
    checkShape(images);
    float[][] out = new float[images.size()][];
    byte[] pixels = images.pixelsView();
    try (BatchPredictor predictor =
        new BatchPredictor(this, embed, Math.max(1, Math.min(batchSize, images.size())))) {
      for (int start = 0; start < images.size(); start += batchSize) {
        int n = Math.min(batchSize, images.size() - start);
        float[][] rows = predictor.predict(pixels, start, n);
        System.arraycopy(rows, 0, out, start, n);
      }
    }
    return out;
  }

  /**
   * @param images images to check against the model's input
   * @throws BadInputException when channels or size differ
   */
  public void checkShape(ImageSet images) {
    if (images.channels() != metadata.channels()
        || images.height() != metadata.height()
        || images.width() != metadata.width()) {
      throw new BadInputException(
          "images are "
              + images.channels()
              + "x"
              + images.height()
              + "x"
              + images.width()
              + " but the model expects "
              + metadata.channels()
              + "x"
              + metadata.height()
              + "x"
              + metadata.width());
    }
  }

  /**
   * @param row logits, replaced by probabilities
   */
  public static void softmaxInPlace(float[] row) {
    float max = Float.NEGATIVE_INFINITY;
    for (float v : row) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (int i = 0; i < row.length; i++) {
      row[i] = (float) Math.exp(row[i] - max);
      sum += row[i];
    }
    for (int i = 0; i < row.length; i++) {
      row[i] /= sum;
    }
  }

  @Override
  public void close() {
    model.close();
  }
}
