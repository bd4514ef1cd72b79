package dev.pupil.transfer;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.ModelMetadata;
import dev.pupil.models.TorchScript;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Cuts a pretrained classifier's head and attaches a new one for new classes: a new network of the
 * same architecture, options and input shape is built for the new class count (its head freshly
 * initialized from the engine's generator: seed it first), and every backbone parameter is copied
 * from the pretrained one. Parameters whose shape depends on the classes (GoogLeNet's auxiliary
 * classifiers) keep their fresh initialization and are reported. A TorchScript backbone is copied
 * whole.
 */
public final class HeadReplacement {
  private HeadReplacement() {}

  /**
   * What was done.
   *
   * @param model the new classifier (close it)
   * @param copied the full names of the parameters taken from the pretrained network
   * @param reinitialized the full names of the freshly initialized ones (the head's, and any whose
   *     shape changed with the classes)
   */
  public record Result(ClassifierModel model, List<String> copied, List<String> reinitialized) {}

  /**
   * @param pretrained the pretrained classifier (left unchanged)
   * @param target the new classifier's metadata: the pretrained architecture, options and input
   *     shape, with the new classes (and normalization, seed)
   * @return the new classifier and what was copied
   */
  public static Result replace(ClassifierModel pretrained, ModelMetadata target) {
    ModelMetadata src = pretrained.metadata();
    if (!src.architecture().equals(target.architecture())
        || src.channels() != target.channels()
        || src.height() != target.height()
        || src.width() != target.width()) {
      throw new IllegalArgumentException(
          "target must keep the pretrained architecture and input shape");
    }
    ClassifierModel model =
        pretrained.isTorchScript()
            ? TorchScript.withNewHead(pretrained, target, deviceOf(pretrained))
            : ClassifierModel.create(target, deviceOf(pretrained));
    try {
      Set<Parameter> head = new HashSet<>(model.block().head().getParameters().values());
      Map<String, Parameter> source =
          pretrained.block().getParameters().stream()
              .collect(Collectors.toMap(Pair::getKey, Pair::getValue));
      List<String> copied = new ArrayList<>();
      List<String> fresh = new ArrayList<>();
      NDManager manager = model.djlModel().getNDManager();
      for (Pair<String, Parameter> p : model.block().getParameters()) {
        Parameter from = source.get(p.getKey());
        boolean inHead = head.contains(p.getValue());
        if (pretrained.isTorchScript() && !inHead) {
          copied.add(p.getKey());
        } else if (!inHead
            && from != null
            && from.getArray().getShape().equals(p.getValue().getArray().getShape())) {
          copy(from, p.getValue(), manager);
          copied.add(p.getKey());
        } else {
          fresh.add(p.getKey());
        }
      }
      return new Result(model, List.copyOf(copied), List.copyOf(fresh));
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  private static ai.djl.Device deviceOf(ClassifierModel m) {
    return m.djlModel().getNDManager().getDevice();
  }

  /** Copies values through DJL's parameter encoding (no in-place write on a leaf tensor). */
  private static void copy(Parameter from, Parameter to, NDManager manager) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      from.save(out);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode " + from.getName(), e);
    }
    NDArray old = to.getArray();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      to.load(manager, in);
    } catch (IOException | MalformedModelException e) {
      throw new IllegalStateException("cannot copy " + from.getName(), e);
    }
    if (to.requiresGradient()) {
      to.getArray().setRequiresGradient(true);
    }
    old.close();
  }
}
