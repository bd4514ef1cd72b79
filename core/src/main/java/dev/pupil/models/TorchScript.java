package dev.pupil.models;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import dev.pupil.BadInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * Networks trained elsewhere, in TorchScript: a module saved by {@code torch.jit.script(...).save}
 * (PyTorch, torchvision) becomes the backbone of a Pupil classifier ({@link TorchScriptBackbone})
 * with a new head. Export with {@code script}, not {@code trace}, for fine-tuning: tracing bakes in
 * eval-mode batch norm and dropout. For a torchvision network, either set its classifier to {@code
 * torch.nn.Identity()} before scripting and use {@code forward}, or export a method that returns
 * the features.
 *
 * <p>A TorchScript file is a program: loading one runs its code. Every entry point here takes an
 * explicit {@link Permission}; without it, it refuses with an error for the field {@code
 * allowTorchScript} that names the file.
 */
public final class TorchScript {
  /** The architecture name stored in a model file whose backbone is a TorchScript module. */
  public static final String ARCHITECTURE = "torchscript";

  /** Whether the caller agreed to run code from TorchScript files. */
  public enum Permission {
    /** Refuse TorchScript (the default everywhere). */
    DENY,
    /** Load TorchScript: its code runs in this process. */
    ALLOW
  }

  private TorchScript() {}

  /**
   * Loads a TorchScript module as the backbone of a classifier with a new, freshly initialized head
   * (seed the engine first for a reproducible head).
   *
   * @param file the .pt file
   * @param method the method that gives the embeddings: {@code forward} (append a head to its
   *     output) or an exported method such as {@code features} (replace the module's classifier)
   * @param metadata classes, input shape and normalization of the new classifier
   * @param device where the weights go
   * @param permission {@link Permission#ALLOW} to run the file's code
   * @return the model (close it)
   * @throws BadInputException naming the file when it is refused, unreadable, lacks the method, or
   *     does not accept the input shape
   */
  public static ClassifierModel load(
      Path file, String method, ModelMetadata metadata, Device device, Permission permission) {
    requireAllowed(file, permission);
    if (!Files.isRegularFile(file)) {
      throw new BadInputException(file + " does not exist or is not a file");
    }
    Model model = Model.newInstance(ARCHITECTURE, device, "PyTorch");
    try {
      PtNDManager manager = (PtNDManager) model.getNDManager();
      PtSymbolBlock module;
      try {
        module = JniUtils.loadModule(manager, file, true, new String[0], new String[0], true);
      } catch (EngineException e) {
        throw new BadInputException(file + " is not a TorchScript module: " + firstLine(e), e);
      }
      String[] methods = JniUtils.getMethodNames(module);
      if (!Arrays.asList(methods).contains(method)) {
        throw new BadInputException(
            file + " has no method '" + method + "'; it has " + String.join(", ", methods));
      }
      TorchScriptBackbone backbone =
          new TorchScriptBackbone(module, method, unusedBy(manager, module, method, metadata));
      backbone.getDirectParameters().values().forEach(p -> p.freeze(false));
      ClassifierBlock block = new ClassifierBlock(backbone, Layers.head(metadata.spec()));
      model.setBlock(block);
      try {
        block.initialize(manager, DataType.FLOAT32, inputShape(metadata, 1));
      } catch (EngineException e) {
        throw new BadInputException(
            file
                + " does not accept "
                + metadata.channels()
                + "x"
                + metadata.height()
                + "x"
                + metadata.width()
                + " images: "
                + firstLine(e),
            e);
      }
      return ClassifierModel.of(model, block, metadata);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /**
   * Rebuilds a classifier with a TorchScript backbone from bytes written by {@link
   * ClassifierModel#parameterBytes()}.
   *
   * @param metadata the metadata ({@link #ARCHITECTURE})
   * @param params the weights, the module included
   * @param device where the weights go
   * @return the model
   */
  static ClassifierModel fromParameters(ModelMetadata metadata, byte[] params, Device device) {
    Model model = Model.newInstance(ARCHITECTURE, device, "PyTorch");
    try {
      ClassifierBlock block =
          new ClassifierBlock(TorchScriptBackbone.unloaded(), Layers.head(metadata.spec()));
      model.setBlock(block);
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(params))) {
        block.loadParameters(model.getNDManager(), in);
      } catch (IOException | MalformedModelException | EngineException e) {
        throw new BadInputException("unreadable TorchScript network: " + firstLine(e), e);
      }
      block.initialize(model.getNDManager(), DataType.FLOAT32, inputShape(metadata, 1));
      for (Parameter p : block.getParameters().values()) {
        if (p.requiresGradient()) {
          p.getArray().setRequiresGradient(true);
        }
      }
      return ClassifierModel.of(model, block, metadata);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /**
   * A copy of a classifier with a TorchScript backbone, with a new head for other classes
   * (initialized from the engine's generator). The module is copied through its serialized form.
   *
   * @param source a classifier whose backbone is a {@link TorchScriptBackbone}
   * @param metadata the new classifier's metadata
   * @param device where the weights go
   * @return the new classifier (close it)
   */
  public static ClassifierModel withNewHead(
      ClassifierModel source, ModelMetadata metadata, Device device) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      source.block().backbone().saveParameters(out);
    } catch (IOException e) {
      throw new IllegalStateException("cannot copy the TorchScript module", e);
    }
    Model model = Model.newInstance(ARCHITECTURE, device, "PyTorch");
    try {
      TorchScriptBackbone backbone = TorchScriptBackbone.unloaded();
      try (DataInputStream in =
          new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
        backbone.loadParameters(model.getNDManager(), in);
      } catch (IOException | MalformedModelException e) {
        throw new IllegalStateException("cannot copy the TorchScript module", e);
      }
      backbone.getDirectParameters().values().forEach(p -> p.freeze(false));
      ClassifierBlock block = new ClassifierBlock(backbone, Layers.head(metadata.spec()));
      model.setBlock(block);
      block.initialize(model.getNDManager(), DataType.FLOAT32, inputShape(metadata, 1));
      return ClassifierModel.of(model, block, metadata);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /**
   * @param file the file, for the message
   * @param permission the caller's permission
   * @throws BadInputException for the field {@code allowTorchScript} unless {@link
   *     Permission#ALLOW}
   */
  public static void requireAllowed(Path file, Permission permission) {
    if (permission != Permission.ALLOW) {
      throw BadInputException.forField(
          "allowTorchScript",
          "is needed to load "
              + file
              + ", a TorchScript program whose code runs when it loads; "
              + "use it only if you trust the file");
    }
  }

  /**
   * Finds the parameters the method never touches (a features method skips the classifier): one
   * backward pass in eval mode (batch statistics untouched) leaves their gradients undefined.
   */
  private static Set<String> unusedBy(
      NDManager manager, PtSymbolBlock module, String method, ModelMetadata meta) {
    Set<String> unused = new TreeSet<>();
    if (method.equals("forward")) {
      return unused;
    }
    TorchScriptBackbone probe = new TorchScriptBackbone(module, method, Set.of());
    var params = probe.allModuleParameters();
    params.values().forEach(p -> p.freeze(false));
    try (NDManager m = manager.newSubManager();
        GradientCollector gc = m.getEngine().newGradientCollector()) {
      NDArray x = m.randomNormal(inputShape(meta, 2));
      gc.backward(probe.run(x, true, false).head().sum());
    } catch (EngineException e) {
      throw new BadInputException(
          "method '"
              + method
              + "' does not accept "
              + meta.channels()
              + "x"
              + meta.height()
              + "x"
              + meta.width()
              + " images: "
              + firstLine(e),
          e);
    }
    for (Pair<String, Parameter> p : params) {
      PtNDArray grad = JniUtils.getGradient((PtNDArray) p.getValue().getArray());
      if (grad == null) {
        unused.add(p.getKey());
        p.getValue().freeze(true);
      } else {
        grad.subi(grad);
        grad.close();
      }
    }
    return unused;
  }

  private static Shape inputShape(ModelMetadata m, int n) {
    return new Shape(n, m.channels(), m.height(), m.width());
  }

  private static String firstLine(Exception e) {
    String s = String.valueOf(e.getMessage());
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
