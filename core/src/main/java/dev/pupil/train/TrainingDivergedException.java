package dev.pupil.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import dev.pupil.eval.NonFiniteLogitsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A training run stopped by a non-finite loss, weights or validation logits. The message says which
 * loss terms went NaN or infinite, whether the batch's inputs (images, targets, cached teacher
 * logits) already held such values, whether the model's logits did, and whether the weights do
 * after the step. It tells a learning rate that is too high (finite inputs, weights gone) from bad
 * inputs or a loss whose arithmetic failed on finite logits, without a second run. It ends advising
 * a smaller learning rate, named by its field {@code lr} ({@link #message} names it another way).
 * The weights are checked once more after each epoch's last step, before validation runs on them.
 * Callers that go on after a diverged run (a benchmark sweep) catch this type.
 */
public final class TrainingDivergedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** The message without the advice that ends it. */
  private final String diagnosis;

  /**
   * @param diagnosis where the non-finite values are, ending with a closing parenthesis
   * @param cause the underlying finding, or null
   */
  private TrainingDivergedException(String diagnosis, Throwable cause) {
    super(withAdvice(diagnosis, UnaryOperator.identity()), cause);
    this.diagnosis = diagnosis;
  }

  /**
   * The message naming the setting to lower another way, e.g. as a command-line tool's flag.
   *
   * @param name the name the user knows a setting by, given its field name ({@code lr})
   * @return the message; {@link #getMessage()} names the setting by its field name
   */
  public String message(UnaryOperator<String> name) {
    return withAdvice(diagnosis, name);
  }

  private static String withAdvice(String diagnosis, UnaryOperator<String> name) {
    return diagnosis + "; try a smaller " + name.apply("lr");
  }

  /**
   * @param epoch 1-based epoch
   * @param batchIndex 1-based batch
   * @param batch the batch, still open
   * @param out the step's loss terms and the model's logits, still open
   * @param parameters the trained block's parameters, after the step
   * @return the exception
   */
  static TrainingDivergedException atBatch(
      int epoch,
      int batchIndex,
      TrainBatch batch,
      TrainingTask.Output out,
      PairList<String, Parameter> parameters) {
    StringBuilder terms = new StringBuilder();
    for (Map.Entry<String, NDArray> e : out.losses().entrySet()) {
      terms
          .append(terms.length() == 0 ? "" : ", ")
          .append(e.getKey())
          .append(' ')
          .append(String.format(Locale.ROOT, "%.4g", e.getValue().getFloat()));
    }
    List<String> bad = new ArrayList<>();
    count(bad, "images", batch.images());
    count(bad, "targets", batch.targets());
    count(bad, "teacher logits", batch.teacherLogits());
    List<String> outputs = new ArrayList<>();
    count(outputs, "logits", out.logits());
    String weights = nonFiniteWeights(parameters);
    return new TrainingDivergedException(
        "training diverged at epoch "
            + epoch
            + " batch "
            + batchIndex
            + " ("
            + terms
            + "; non-finite inputs: "
            + (bad.isEmpty() ? "none" : String.join(", ", bad))
            + "; non-finite outputs: "
            + (outputs.isEmpty() ? "none" : outputs.get(0))
            + "; non-finite weights after the step: "
            + (weights == null ? "none" : weights)
            + ")",
        null);
  }

  /**
   * The check at the end of an epoch: its last step may have made the weights non-finite with a
   * finite loss, and validation would then fail on the NaN outputs.
   *
   * @param epoch 1-based epoch
   * @param parameters the trained block's parameters
   * @throws TrainingDivergedException when a weight is not finite
   */
  static void checkWeights(int epoch, PairList<String, Parameter> parameters) {
    String weights = nonFiniteWeights(parameters);
    if (weights != null) {
      throw new TrainingDivergedException(
          "training diverged in epoch "
              + epoch
              + " (non-finite weights after its last step: "
              + weights
              + ")",
          null);
    }
  }

  /**
   * @param epoch 1-based epoch
   * @param e the validation pass's finding
   * @return the exception: the weights are finite but overflow the validation logits
   */
  static TrainingDivergedException onValidation(int epoch, NonFiniteLogitsException e) {
    return new TrainingDivergedException(
        "training diverged in epoch "
            + epoch
            + " (on the validation images, "
            + e.getMessage()
            + ")",
        e);
  }

  /**
   * @return the first few parameters holding NaN or ∞, with counts, or null when none does
   */
  private static String nonFiniteWeights(PairList<String, Parameter> parameters) {
    List<String> weights = new ArrayList<>();
    for (Pair<String, Parameter> p : parameters) {
      if (p.getValue().isInitialized()) {
        count(weights, p.getKey(), p.getValue().getArray());
      }
    }
    if (weights.isEmpty()) {
      return null;
    }
    return String.join(", ", weights.subList(0, Math.min(3, weights.size())))
        + (weights.size() > 3 ? " and " + (weights.size() - 3) + " more" : "");
  }

  private static void count(List<String> out, String name, NDArray a) {
    if (a == null || !a.getDataType().isFloating()) {
      return;
    }
    long n = a.isNaN().logicalOr(a.isInfinite()).countNonzero().getLong();
    if (n > 0) {
      out.add(name + " " + n + " of " + a.size());
    }
  }
}
