package dev.pupil.distill;

import ai.djl.Device;
import dev.pupil.BadInputException;
import dev.pupil.augment.Augmentation;
import dev.pupil.data.ImageSet;
import dev.pupil.data.Normalization;
import dev.pupil.io.Provenance;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.FrozenModel;
import dev.pupil.models.ModelMetadata;
import dev.pupil.models.ModelOptions;
import dev.pupil.train.ClassifierTrainer;
import dev.pupil.train.ModelTrainerBuilder;
import dev.pupil.train.Seeds;
import dev.pupil.train.TrainConfig;
import dev.pupil.train.TrainingLoop;
import dev.pupil.train.TrainingOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Trains a student by knowledge distillation (Hinton, Vinyals &amp; Dean 2015, arXiv:1503.02531)
 * and returns it (trainers return models): a registered architecture, freshly initialized as {@link
 * ClassifierTrainer} would for the same seed, learns from a frozen {@link FrozenModel} on a
 * transfer set of labeled and/or unlabeled images with {@link DistillationTask} on Pupil's one
 * {@link TrainingLoop}. Without augmentation the teacher's logits are computed once for the whole
 * set (or given); with it, per augmented view. With a run folder it keeps metrics.jsonl,
 * checkpoints and model.pupil there.
 */
public final class Distiller {
  /** Images per teacher forward pass when caching its logits. */
  static final int CACHE_BATCH = 512;

  private final FrozenModel teacher;
  private final String architecture;
  private final ModelOptions modelOptions;
  private final TrainConfig config;
  private final float temperature;
  private final float alpha;
  private final Augmentation augmentation;
  private final boolean cacheTeacherLogits;
  private final float[][] teacherLogits;
  private final Normalization normalization;
  private final TrainingOutput run;
  private final boolean resume;
  private final Device device;
  private final List<TrainingLoop.Listener> listeners;

  private Distiller(Builder b) {
    this.teacher = b.teacher;
    this.architecture = b.architecture();
    this.modelOptions = b.modelOptions();
    this.config = b.config();
    this.temperature = b.temperature;
    this.alpha = b.alpha;
    this.augmentation = b.augmentation;
    this.cacheTeacherLogits = b.cacheTeacherLogits;
    this.teacherLogits = b.teacherLogits;
    this.normalization = b.normalization();
    this.run = b.runDirectory();
    this.resume = b.resume();
    this.device = b.device();
    this.listeners = b.listeners();
  }

  /**
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Distills into a fresh student.
   *
   * @param transfer the images the student learns from; labels where known, {@link
   *     ImageSet#UNLABELED} elsewhere (see {@link TransferImages#join})
   * @param validation labeled validation images, or null
   * @return the student and the loop's history
   * @throws BadInputException when the images do not fit the teacher
   */
  public ClassifierTrainer.Trained train(ImageSet transfer, ImageSet validation) {
    teacher.checkFits(transfer);
    if (teacherLogits != null && teacherLogits.length != transfer.size()) {
      throw new IllegalArgumentException(
          "teacherLogits has " + teacherLogits.length + " rows for " + transfer.size() + " images");
    }
    Normalization norm = normalization != null ? normalization : teacher.metadata().normalization();
    float[][] cache = null;
    if (augmentation == null && cacheTeacherLogits) {
      cache = teacherLogits != null ? teacherLogits : teacher.logits(transfer, CACHE_BATCH);
    }
    ModelMetadata meta =
        new ModelMetadata(
            architecture,
            transfer.classes(),
            transfer.channels(),
            transfer.height(),
            transfer.width(),
            norm,
            Provenance.currentPupilVersion(),
            config.seed(),
            modelOptions);
    Seeds.seedEngine(Seeds.derive(config.seed(), ClassifierTrainer.INIT_STREAM, 0));
    ClassifierModel student = ClassifierModel.create(meta, device);
    try (TransferImages source =
        new TransferImages(transfer, norm, config.batchSize(), augmentation, cache)) {
      TrainingLoop.Builder loop =
          TrainingLoop.builder()
              .setModel(student)
              .setConfig(config)
              .setSource(source)
              .optTask(
                  DistillationTask.builder()
                      .setTeacher(teacher)
                      .setInputNormalization(norm)
                      .optTemperature(temperature)
                      .optAlpha(alpha)
                      .build())
              .optValidation(validation)
              .optResume(resume);
      if (run != null) {
        run.attach(loop);
      }
      listeners.forEach(loop::addListener);
      TrainingLoop.Result result = loop.build().run();
      if (run != null) {
        run.writeMetrics(result.history());
        student.save(run.modelFile());
      }
      return new ClassifierTrainer.Trained(student, result);
    } catch (IOException e) {
      student.close();
      throw new UncheckedIOException("cannot write the model: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      student.close();
      throw e;
    }
  }

  /**
   * Builds a {@link Distiller}. The configuration's label smoothing is not used; the normalization
   * defaults to the teacher's (its first model's); resuming restores the student only, since the
   * teacher is frozen.
   */
  public static final class Builder extends ModelTrainerBuilder<Builder> {
    private FrozenModel teacher;
    private float temperature = 4f;
    private float alpha = 0.9f;
    private Augmentation augmentation;
    private boolean cacheTeacherLogits = true;
    private float[][] teacherLogits;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * @param t the frozen teacher (required)
     */
    public Builder setTeacher(FrozenModel t) {
      this.teacher = t;
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
     * @param a the weight α of the distillation term on labeled images, in [0, 1]; default 0.9
     */
    public Builder optAlpha(float a) {
      this.alpha = a;
      return this;
    }

    /**
     * @param a per-image augmentation of the transfer set (teacher logits per view); default none
     */
    public Builder optAugmentation(Augmentation a) {
      this.augmentation = a;
      return this;
    }

    /**
     * @param cache whether to compute the teacher's logits once for an unaugmented transfer set
     *     (true, the default) or per batch
     */
    public Builder optCacheTeacherLogits(boolean cache) {
      this.cacheTeacherLogits = cache;
      return this;
    }

    /**
     * @param logits the teacher's logits for the transfer set, one row per image in its order,
     *     computed earlier (e.g. shared by several students); default computed by the teacher
     */
    public Builder optTeacherLogits(float[][] logits) {
      this.teacherLogits = logits;
      return this;
    }

    /**
     * @return the distiller
     */
    public Distiller build() {
      if (teacher == null) {
        throw new IllegalArgumentException("teacher is required");
      }
      checkArchitecture();
      checkCommon();
      if (!(temperature > 0) || Float.isInfinite(temperature)) {
        throw new IllegalArgumentException(
            "temperature must be > 0 and finite, got " + temperature);
      }
      if (!(alpha >= 0 && alpha <= 1)) {
        throw new IllegalArgumentException("alpha must be in [0, 1], got " + alpha);
      }
      if (teacherLogits != null && augmentation != null) {
        throw new IllegalArgumentException(
            "teacherLogits are for an unaugmented transfer set; drop them or the augmentation");
      }
      return new Distiller(this);
    }
  }
}
