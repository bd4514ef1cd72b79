package dev.pupil.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Base of Pupil's optimizers: a DJL {@link Optimizer} whose state (moment buffers, step counts) is
 * keyed by stable parameter names and can be saved into a checkpoint and loaded back, so that a
 * resumed run continues exactly where it stopped. DJL's own optimizers keep their state private and
 * keyed by random parameter ids, so they cannot be checkpointed.
 *
 * <p>Weight decay is not applied to biases and batch-norm parameters (gamma, beta), as timm and
 * most recipes do. The learning rate comes from a {@link ParameterTracker} called with the
 * parameter's id and its update count; {@link LearningRates} gives per-group rates.
 *
 * <p>Each parameter's rate can be scaled by a fixed multiplier (by parameter name; 1 where none is
 * given), as PyTorch's parameter groups do: a smaller rate for a pretrained backbone than for a new
 * head ("discriminative fine-tuning", Howard &amp; Ruder 2018, ULMFiT, arXiv:1801.06146). The
 * multipliers are configuration, not state: a resumed run gets them from its configuration again.
 * Coupled and decoupled weight decay scale with the parameter's rate, as in a PyTorch group.
 */
public abstract class StatefulOptimizer extends Optimizer {
  private final ParameterTracker learningRate;
  private final float weightDecay;
  private final Map<String, String> idToName = new HashMap<>();
  private final Map<String, Boolean> decays = new HashMap<>();
  private final Map<String, Float> multipliers = new HashMap<>();

  /** Per parameter name: its named state arrays. */
  private final Map<String, Map<String, NDArray>> state = new TreeMap<>();

  private final Map<String, Integer> steps = new TreeMap<>();

  /**
   * @param builder DJL's optimizer options (gradient rescale and clipping)
   * @param parameters the network's parameters, for stable names and decay groups
   * @param learningRate the learning-rate schedule
   * @param weightDecay the weight-decay factor
   */
  protected StatefulOptimizer(
      OptimizerBuilder<?> builder,
      PairList<String, Parameter> parameters,
      ParameterTracker learningRate,
      float weightDecay) {
    super(builder);
    this.learningRate = learningRate;
    this.weightDecay = weightDecay;
    Map<String, Float> scale = builder instanceof Builder<?> b ? b.lrMultipliers : Map.of();
    for (Pair<String, Parameter> p : parameters) {
      idToName.put(p.getValue().getId(), p.getKey());
      Float m = scale.get(p.getKey());
      if (m != null) {
        multipliers.put(p.getValue().getId(), m);
      }
      Parameter.Type t = p.getValue().getType();
      decays.put(
          p.getValue().getId(),
          t != Parameter.Type.BIAS && t != Parameter.Type.GAMMA && t != Parameter.Type.BETA);
    }
  }

  @Override
  public final void update(String parameterId, NDArray weight, NDArray grad) {
    String name = idToName.getOrDefault(parameterId, parameterId);
    int t = steps.merge(name, 1, Integer::sum);
    float lr =
        learningRate.getNewValue(parameterId, t - 1) * multipliers.getOrDefault(parameterId, 1f);
    float wd = decays.getOrDefault(parameterId, Boolean.TRUE) ? weightDecay : 0f;
    try (NDScope scope = new NDScope()) {
      NDArray g = grad;
      if (rescaleGrad != 1f) {
        g = g.mul(rescaleGrad);
      }
      if (clipGrad > 0) {
        g = g.clip(-clipGrad, clipGrad);
      }
      Map<String, NDArray> s = state.computeIfAbsent(name, k -> new TreeMap<>());
      step(s, weight, g, lr, wd, t);
      // DJL hands optimizers a copy of the gradient; PyTorch accumulates into the weight's own
      // gradient, which DJL's native optimizers zero. Do the same, or gradients would pile up.
      NDArray own = weight.getGradient();
      own.subi(own);
      for (NDArray a : s.values()) {
        NDScope.unregister(a);
      }
      scope.suppressNotUsedWarning();
    }
  }

  /**
   * One update of one parameter, in place on {@code weight}.
   *
   * @param state this parameter's state arrays; create missing ones with {@link #zerosLike}
   * @param weight the parameter, updated in place
   * @param grad its gradient, already rescaled and clipped
   * @param lr the learning rate for this step
   * @param wd the weight decay for this parameter (0 for biases and norms)
   * @param step this parameter's update count, from 1
   */
  protected abstract void step(
      Map<String, NDArray> state, NDArray weight, NDArray grad, float lr, float wd, int step);

  /**
   * @param like the array whose shape, type and device to copy
   * @return a zero array that outlives the update
   */
  protected static NDArray zerosLike(NDArray like) {
    return like.zerosLike();
  }

  /**
   * Writes the step counts and state arrays.
   *
   * @param out the stream
   * @throws IOException when writing fails
   */
  public void saveState(DataOutputStream out) throws IOException {
    out.writeInt(steps.size());
    for (Map.Entry<String, Integer> e : steps.entrySet()) {
      out.writeUTF(e.getKey());
      out.writeInt(e.getValue());
    }
    out.writeInt(state.size());
    for (Map.Entry<String, Map<String, NDArray>> e : state.entrySet()) {
      out.writeUTF(e.getKey());
      out.writeInt(e.getValue().size());
      for (Map.Entry<String, NDArray> a : e.getValue().entrySet()) {
        out.writeUTF(a.getKey());
        byte[] bytes = a.getValue().encode();
        out.writeInt(bytes.length);
        out.write(bytes);
      }
    }
  }

  /**
   * Reads what {@link #saveState} wrote, replacing the current state.
   *
   * @param in the stream
   * @param manager the manager that will own the state arrays (the model's)
   * @throws IOException when reading fails
   */
  public void loadState(DataInputStream in, NDManager manager) throws IOException {
    steps.clear();
    state.clear();
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      steps.put(in.readUTF(), in.readInt());
    }
    int m = in.readInt();
    for (int i = 0; i < m; i++) {
      String name = in.readUTF();
      int k = in.readInt();
      Map<String, NDArray> s = new TreeMap<>();
      for (int j = 0; j < k; j++) {
        String key = in.readUTF();
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        s.put(key, NDArray.decode(manager, bytes));
      }
      state.put(name, s);
    }
  }

  /**
   * What every Pupil optimizer's builder takes: the parameters (for stable names and decay groups),
   * the learning-rate schedule and the weight decay.
   *
   * @param <T> the concrete builder
   */
  public abstract static class Builder<T extends Builder<T>> extends OptimizerBuilder<T> {
    PairList<String, Parameter> parameters;
    ParameterTracker learningRate;
    float weightDecay;
    Map<String, Float> lrMultipliers = Map.of();

    /**
     * @param parameters the network's parameters (required)
     * @return this builder
     */
    public T setParameters(PairList<String, Parameter> parameters) {
      this.parameters = parameters;
      return self();
    }

    /**
     * @param learningRate the learning-rate schedule (required)
     * @return this builder
     */
    public T setLearningRate(ParameterTracker learningRate) {
      this.learningRate = learningRate;
      return self();
    }

    /**
     * @param weightDecay the decay factor, ≥ 0; default 0
     * @return this builder
     */
    public T optWeightDecay(float weightDecay) {
      this.weightDecay = weightDecay;
      return self();
    }

    /**
     * @param multipliers per parameter name (as in {@code block.getParameters()}), a factor on the
     *     scheduled learning rate, each in [0, 1000]; parameters not named keep factor 1. Default
     *     none.
     * @return this builder
     */
    public T optLrMultipliers(Map<String, Float> multipliers) {
      this.lrMultipliers = Map.copyOf(multipliers);
      return self();
    }

    /** Checks the shared fields; subclasses call it first in {@code build()}. */
    protected void validate() {
      if (parameters == null || learningRate == null) {
        throw new IllegalArgumentException("parameters and learningRate are required");
      }
      for (Map.Entry<String, Float> e : lrMultipliers.entrySet()) {
        float m = e.getValue();
        if (!(m >= 0 && m <= 1000)) {
          throw new IllegalArgumentException(
              "lrMultipliers must be in [0, 1000], got " + m + " for " + e.getKey());
        }
      }
      if (!(weightDecay >= 0)) {
        throw new IllegalArgumentException("weightDecay must be >= 0, got " + weightDecay);
      }
    }
  }

  /**
   * @param name a parameter name
   * @return its learning-rate multiplier (1 when none was given)
   */
  public float lrMultiplier(String name) {
    for (Map.Entry<String, String> e : idToName.entrySet()) {
      if (e.getValue().equals(name)) {
        return multipliers.getOrDefault(e.getKey(), 1f);
      }
    }
    return 1f;
  }

  /**
   * @return the names of parameters that have state, for tests
   */
  public List<String> statefulParameters() {
    return List.copyOf(state.keySet());
  }
}
