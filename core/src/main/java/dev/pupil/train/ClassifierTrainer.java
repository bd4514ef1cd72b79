package dev.pupil.train;

import ai.djl.Device;
import dev.pupil.augment.Augmentation;
import dev.pupil.augment.BatchMixer;
import dev.pupil.data.ImageSet;
import dev.pupil.data.Normalization;
import dev.pupil.io.Provenance;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.ModelMetadata;
import dev.pupil.models.ModelOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Trains a registered architecture on labeled images and returns the trained {@link
 * ClassifierModel} (trainers return models; models never train). With a run folder it keeps
 * metrics.jsonl, checkpoints and model.pupil there, and can resume from the last checkpoint. With
 * an augmentation or a mixer it trains on {@link AugmentedImages}.
 */
public final class ClassifierTrainer {
  /**
   * The seed stream of weight initialization: a trainer that builds a network for a seed with
   * {@code Seeds.seedEngine(Seeds.derive(seed, INIT_STREAM, 0))} starts from the same weights as
   * this one.
   */
  public static final long INIT_STREAM = 3;

  private final String architecture;
  private final ModelOptions modelOptions;
  private final TrainConfig config;
  private final Normalization normalization;
  private final TrainingOutput run;
  private final boolean resume;
  private final Device device;
  private final List<TrainingLoop.Listener> listeners;
  private final Augmentation augmentation;
  private final BatchMixer mixer;
  private final int dataThreads;

  private ClassifierTrainer(Builder b) {
    this.augmentation = b.augmentation;
    this.mixer = b.mixer;
    this.dataThreads = b.dataThreads;
    this.architecture = b.architecture();
    this.modelOptions = b.modelOptions();
    this.config = b.config();
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
   * What training produced.
   *
   * @param model the trained model (close it)
   * @param result the loop's history and best epoch
   */
  public record Trained(ClassifierModel model, TrainingLoop.Result result) {}

  /**
   * Trains.
   *
   * @param train labeled training images
   * @param validation labeled validation images, or null
   * @return the model and the history
   */
  public Trained train(ImageSet train, ImageSet validation) {
    Normalization norm = normalization != null ? normalization : Normalization.fromImages(train);
    ModelMetadata meta =
        new ModelMetadata(
            architecture,
            train.classes(),
            train.channels(),
            train.height(),
            train.width(),
            norm,
            Provenance.currentPupilVersion(),
            config.seed(),
            modelOptions);
    Seeds.seedEngine(Seeds.derive(config.seed(), INIT_STREAM, 0));
    ClassifierModel model = ClassifierModel.create(meta, device);
    try (BatchSource source =
        augmentation == null && mixer == null
            ? new LabeledImages(train, norm, config.batchSize())
            : new AugmentedImages(
                train, norm, config.batchSize(), augmentation, mixer, dataThreads)) {
      TrainingLoop.Builder loop =
          TrainingLoop.builder()
              .setModel(model)
              .setConfig(config)
              .setSource(source)
              .optValidation(validation)
              .optResume(resume);
      if (run != null) {
        run.attach(loop);
      }
      listeners.forEach(loop::addListener);
      TrainingLoop.Result result = loop.build().run();
      if (run != null) {
        run.writeMetrics(result.history());
        model.save(run.modelFile());
      }
      return new Trained(model, result);
    } catch (IOException e) {
      model.close();
      throw new UncheckedIOException("cannot write the model: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /**
   * Builds a {@link ClassifierTrainer}; the normalization defaults to the training images'
   * statistics.
   */
  public static final class Builder extends ModelTrainerBuilder<Builder> {
    private Augmentation augmentation;
    private BatchMixer mixer;
    private int dataThreads = 2;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * @param a per-image augmentation of the training images (e.g. {@code
     *     AugmentSpec.parse("flip,crop:4,rand-n2-m9")}); default none
     */
    public Builder optAugmentation(Augmentation a) {
      this.augmentation = a;
      return this;
    }

    /**
     * @param m CutMix/MixUp batch mixer (soft targets); default none
     */
    public Builder optMixer(BatchMixer m) {
      this.mixer = m;
      return this;
    }

    /**
     * @param threads threads preparing augmented batches ahead of the trainer; 0 prepares them on
     *     the training thread; default 2
     */
    public Builder optDataThreads(int threads) {
      if (threads < 0) {
        throw new IllegalArgumentException("dataThreads must be >= 0, got " + threads);
      }
      this.dataThreads = threads;
      return this;
    }

    /**
     * @return the trainer
     */
    public ClassifierTrainer build() {
      checkArchitecture();
      checkCommon();
      return new ClassifierTrainer(this);
    }
  }
}
