package dev.pupil.explain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.pupil.BadInputException;
import dev.pupil.explain.GradCam.Layer;
import dev.pupil.models.AuxiliaryHeads;
import dev.pupil.models.ClassifierBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A backbone's sequential spine, for {@link GradCam}: the layers on it whose output is N × K × h ×
 * w (children of a {@link SequentialBlock} or of an {@link AuxiliaryHeads} network's inference
 * chain, at any depth, and such blocks themselves), and a forward pass that walks the spine to one
 * of them and cuts its activation from the graph as a gradient-collecting leaf.
 */
final class Spine {
  private Spine() {}

  /**
   * @see GradCam#layers
   */
  static List<Layer> layers(ClassifierBlock block, int channels, int height, int width) {
    List<Layer> out = new ArrayList<>();
    walk(block.backbone(), "backbone", new Shape(1, channels, height, width), out);
    return out;
  }

  /**
   * @see GradCam#defaultLayer
   */
  static Layer defaultLayer(List<Layer> layers) {
    if (layers.isEmpty()) {
      throw noSpatialLayer();
    }
    int last = layers.size() - 1;
    while (last > 0 && !layers.get(last).convolutional()) {
      last--;
    }
    if (!layers.get(last).convolutional()) {
      return layers.get(layers.size() - 1);
    }
    // Through the element-wise layers that follow it (batch norm, ReLU as separate siblings).
    Layer conv = layers.get(last);
    while (last + 1 < layers.size() && sameShape(layers.get(last + 1), conv)) {
      last++;
    }
    return layers.get(last);
  }

  private static BadInputException noSpatialLayer() {
    return new BadInputException(
        "the model has no layer with a spatial (N x C x H x W) output for Grad-CAM");
  }

  private static boolean sameShape(Layer a, Layer b) {
    return a.channels() == b.channels() && a.height() == b.height() && a.width() == b.width();
  }

  /**
   * @return the layer of that name
   * @throws BadInputException naming the layers there are, when none has that name
   */
  static Layer find(List<Layer> layers, String name) {
    for (Layer l : layers) {
      if (l.name().equals(name)) {
        return l;
      }
    }
    if (layers.isEmpty()) {
      throw noSpatialLayer();
    }
    throw new BadInputException(
        "unknown layer '"
            + name
            + "'; layers: "
            + layers.stream().map(Layer::name).collect(Collectors.joining(", ")));
  }

  /** The children a block runs one after another, or null when it is not such a chain. */
  private static List<Pair<String, Block>> chain(Block block) {
    if (block instanceof SequentialBlock) {
      return block.getChildren().stream().toList();
    }
    if (block instanceof AuxiliaryHeads a && !a.inferenceChain().isEmpty()) {
      return a.inferenceChain();
    }
    return null;
  }

  private static Shape walk(Block block, String path, Shape in, List<Layer> out) {
    Shape s = in;
    List<Pair<String, Block>> chain = chain(block);
    if (chain != null) {
      for (Pair<String, Block> c : chain) {
        s = walk(c.getValue(), path + "/" + c.getKey(), s, out);
      }
    } else {
      s = block.getOutputShapes(new Shape[] {in})[0];
    }
    if (s.dimension() == 4 && !path.equals("backbone")) {
      out.add(
          new Layer(path, (int) s.get(1), (int) s.get(2), (int) s.get(3), holdsConvolution(block)));
    }
    return s;
  }

  private static boolean holdsConvolution(Block block) {
    if (block instanceof Convolution) {
      return true;
    }
    for (Pair<String, Block> c : block.getChildren()) {
      if (holdsConvolution(c.getValue())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Forward in inference mode, walking the spine down to {@code target}, whose first output is cut
   * from the graph, made a leaf that collects its gradient, and put in {@code captured[0]}.
   */
  static NDList run(
      Block block, String path, NDList x, ParameterStore ps, String target, NDArray[] captured) {
    List<Pair<String, Block>> chain = chain(block);
    if (chain != null && target.startsWith(path + "/")) {
      NDList cur = x;
      for (Pair<String, Block> c : chain) {
        cur = run(c.getValue(), path + "/" + c.getKey(), cur, ps, target, captured);
      }
      return cur;
    }
    NDList y = block.forward(ps, x, false);
    if (!path.equals(target)) {
      return y;
    }
    NDArray a = y.head().stopGradient();
    a.setRequiresGradient(true);
    captured[0] = a;
    NDList out = new NDList(a);
    for (int i = 1; i < y.size(); i++) {
      out.add(y.get(i));
    }
    return out;
  }
}
