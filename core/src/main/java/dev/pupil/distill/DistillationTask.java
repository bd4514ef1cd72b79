package dev.pupil.distill;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.Trainer;
import dev.pupil.data.Normalization;
import dev.pupil.models.FrozenModel;
import dev.pupil.train.TrainBatch;
import dev.pupil.train.TrainingTask;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Knowledge distillation as a step of Pupil's one training loop (Hinton, Vinyals &amp; Dean 2015,
 * arXiv:1503.02531): the student runs in training mode through DJL's trainer, the frozen {@link
 * FrozenModel} in inference mode beside it (or its logits come cached with the batch), and the
 * step's loss is {@link DistillationLoss}. Reports {@code total}, {@code kl} and {@code ce}; the
 * loop backpropagates {@code total}, which reaches only the student.
 */
public final class DistillationTask implements TrainingTask {
  private final FrozenModel teacher;
  private final Normalization inputNormalization;
  private final DistillationLoss loss;

  private DistillationTask(Builder b) {
    this.teacher = b.teacher;
    this.inputNormalization = b.inputNormalization;
    this.loss = new DistillationLoss(b.temperature, b.alpha);
  }

  /**
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public List<String> lossNames() {
    return List.of("total", "kl", "ce");
  }

  @Override
  public Output forward(Trainer trainer, TrainBatch batch) {
    NDArray logits = trainer.forward(new NDList(batch.images())).head();
    DistillationLoss.Terms t = loss.compute(logits, teacherLogits(batch), batch.targets());
    Map<String, NDArray> terms = new LinkedHashMap<>();
    terms.put("total", t.total());
    terms.put("kl", t.kl());
    terms.put("ce", t.ce());
    return new Output(terms, logits);
  }

  /**
   * The teacher's logits for a batch: the cached rows it carries, or else the teacher run on the
   * batch's images as they are (the augmented view).
   *
   * @param batch the batch
   * @return N × C logits, constants
   */
  public NDArray teacherLogits(TrainBatch batch) {
    return batch.teacherLogits() != null
        ? batch.teacherLogits()
        : teacher.logits(batch.images(), inputNormalization);
  }

  /**
   * @return the loss
   */
  public DistillationLoss loss() {
    return loss;
  }

  /** Builds a {@link DistillationTask}. */
  public static final class Builder {
    private FrozenModel teacher;
    private Normalization inputNormalization;
    private float temperature = 4f;
    private float alpha = 0.9f;

    private Builder() {}

    /**
     * @param t the frozen teacher (required)
     */
    public Builder setTeacher(FrozenModel t) {
      this.teacher = t;
      return this;
    }

    /**
     * @param n how the batches' images are normalized, the student's (required)
     */
    public Builder setInputNormalization(Normalization n) {
      this.inputNormalization = n;
      return this;
    }

    /**
     * @param t the temperature T, &gt; 0; default 4
     */
    public Builder optTemperature(float t) {
      this.temperature = t;
      return this;
    }

    /**
     * @param a the weight α of the distillation term, in [0, 1]; default 0.9
     */
    public Builder optAlpha(float a) {
      this.alpha = a;
      return this;
    }

    /**
     * @return the task
     */
    public DistillationTask build() {
      if (teacher == null) {
        throw new IllegalArgumentException("teacher is required");
      }
      if (inputNormalization == null) {
        throw new IllegalArgumentException("inputNormalization is required");
      }
      if (!(temperature > 0) || Float.isInfinite(temperature)) {
        throw new IllegalArgumentException(
            "temperature must be > 0 and finite, got " + temperature);
      }
      if (!(alpha >= 0 && alpha <= 1)) {
        throw new IllegalArgumentException("alpha must be in [0, 1], got " + alpha);
      }
      return new DistillationTask(this);
    }
  }
}
