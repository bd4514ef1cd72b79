package dev.pupil.models;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A backbone made of a TorchScript module exported from PyTorch ({@code torch.jit.script}), run by
 * DJL's PyTorch engine: images → the output of the module's {@code forward} or of another exported
 * method (such as {@code features}), flattened to N × D. With {@code forward} a new head is
 * appended to the module's output; with a features method the module's own classifier is bypassed
 * (replaced by the new head), and its parameters, which that method never uses, are left out of
 * {@link #getDirectParameters()} so that nothing tries to train them.
 *
 * <p>The module's weights are trained in place; saving writes the whole module (its code included,
 * with DJL's {@code JniUtils.writeModule}), so reading a file that holds one runs code from that
 * file: {@link TorchScript} asks for explicit permission. Batch-norm statistics follow the mode of
 * each call ({@link #run}). Not thread-safe: the module's train/eval mode is shared state.
 */
public final class TorchScriptBackbone extends AbstractBlock {
  private static final byte VERSION = 1;

  private PtSymbolBlock module;
  private String method;
  private Set<String> unused;
  private Boolean moduleTraining;

  TorchScriptBackbone(PtSymbolBlock module, String method, Set<String> unused) {
    super(VERSION);
    this.module = module;
    this.method = method;
    this.unused = new TreeSet<>(unused);
  }

  /**
   * @return an empty backbone whose module {@link #loadParameters} will read
   */
  static TorchScriptBackbone unloaded() {
    return new TorchScriptBackbone(null, "forward", Set.of());
  }

  /**
   * @return the module method that computes the embeddings ({@code forward} or another)
   */
  public String method() {
    return method;
  }

  /**
   * @return names of the module's parameters that {@link #method()} does not use (not trained)
   */
  public Set<String> unusedParameters() {
    return Set.copyOf(unused);
  }

  /**
   * @return the DJL block holding the TorchScript module
   */
  public PtSymbolBlock module() {
    return module;
  }

  @Override
  public ParameterList getDirectParameters() {
    ParameterList all = module == null ? new ParameterList() : module.getDirectParameters();
    ParameterList used = new ParameterList();
    for (Pair<String, Parameter> p : all) {
      if (!unused.contains(p.getKey())) {
        used.add(p.getKey(), p.getValue());
      }
    }
    return used;
  }

  /**
   * @return every parameter of the module, the unused ones included
   */
  ParameterList allModuleParameters() {
    return module.getDirectParameters();
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    return run(inputs.head(), training, training);
  }

  /**
   * Runs the module's method.
   *
   * @param images N × C × H × W
   * @param autograd whether to record gradients (off: PyTorch runs it under a no-grad guard)
   * @param moduleTraining the module's mode: training (batch statistics, dropout) or eval
   * @return the embeddings, N × D
   */
  public NDList run(NDArray images, boolean autograd, boolean moduleTraining) {
    setMode(moduleTraining);
    NDList in = new NDList(images);
    if (!method.equals("forward")) {
      NDArray tag = images.getManager().zeros(new Shape(1));
      tag.setName("module_method:" + method);
      in.add(tag);
    }
    NDArray y = IValueUtils.forward(module, in, autograd).head();
    if (y.getShape().dimension() != 2) {
      y = y.reshape(y.getShape().get(0), -1);
    }
    return new NDList(y);
  }

  private void setMode(boolean training) {
    if (moduleTraining == null || moduleTraining != training) {
      if (training) {
        JniUtils.enableTrainingMode(module);
      } else {
        JniUtils.enableInferenceMode(module);
      }
      moduleTraining = training;
    }
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      NDArray x = m.zeros(inputShapes[0], DataType.FLOAT32);
      return new Shape[] {run(x, false, false).head().getShape()};
    }
  }

  @Override
  public void saveParameters(DataOutputStream os) throws IOException {
    os.write(VERSION);
    saveInputShapes(os);
    os.writeUTF(method);
    os.writeInt(unused.size());
    for (String name : unused) {
      os.writeUTF(name);
    }
    JniUtils.writeModule(module, os, true);
  }

  @Override
  public void loadParameters(NDManager manager, DataInputStream is)
      throws IOException, MalformedModelException {
    byte v = is.readByte();
    if (v != VERSION) {
      throw new MalformedModelException("unsupported TorchScript backbone version " + v);
    }
    readInputShapes(is);
    String m = is.readUTF();
    int n = is.readInt();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      names.add(is.readUTF());
    }
    long handle = JniUtils.loadModuleHandle(is, manager.getDevice(), true, true);
    PtSymbolBlock old = module;
    module = new PtSymbolBlock((PtNDManager) manager, handle);
    method = m;
    unused = new TreeSet<>(names);
    moduleTraining = null;
    if (old != null) {
      old.close();
    }
  }
}
