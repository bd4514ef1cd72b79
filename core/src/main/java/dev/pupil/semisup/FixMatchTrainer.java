package dev.pupil.semisup;

import dev.pupil.augment.AugmentSpec;
import dev.pupil.augment.Augmentation;
import dev.pupil.data.ImageSet;
import dev.pupil.data.Normalization;
import dev.pupil.io.Provenance;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.ModelMetadata;
import dev.pupil.train.ClassifierTrainer;
import dev.pupil.train.EmaWeights;
import dev.pupil.train.Seeds;
import dev.pupil.train.TrainConfig;
import dev.pupil.train.TrainingLoop;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Trains a classifier with FixMatch (Sohn et al. 2020, "FixMatch: Simplifying Semi-Supervised
 * Learning with Consistency and Confidence", arXiv:2001.07685) on Pupil's one {@link TrainingLoop}
 * and returns it (trainers return models). A registered architecture, initialized as {@link
 * ClassifierTrainer} would for the same seed, learns from {@link FixMatchImages} batches (B weakly
 * augmented labeled images, μB unlabeled images each in a weak and a strong view) with {@link
 * FixMatchTask}: cross-entropy on the labeled images plus λ times the cross-entropy of the strong
 * views against the model's own confident (≥ τ) predictions on the weak views. With {@code
 * optInitialModel} it starts from a trained model's weights instead (for example a supervised run
 * on the labeled images), and the EMA starts from them too.
 *
 * <p>An exponential moving average of the weights ({@link EmaWeights}, decay d; batch-norm running
 * statistics copied from the trained network, as the reference implementation does) is what
 * validation measures, what picks the best epoch and what is returned and saved: the returned model
 * holds the EMA weights of the best validation epoch (or of the last epoch without validation).
 * Each epoch's metrics carry the terms {@code total}, {@code ce}, {@code unlabeled} and the mask
 * rate ({@code rates.mask}, the share of unlabeled images at or above τ). With a run folder it
 * writes metrics.jsonl, checkpoints (last.ckpt the trained weights, best.ckpt the EMA ones,
 * last.ckpt also holding the EMA weights) and model.pupil (EMA). With {@code optResume} a run
 * continues from last.ckpt (trained and EMA weights, optimizer state, epoch) and ends with the
 * weights an uninterrupted run would have. The same seed gives the same weights.
 */
public final class FixMatchTrainer {
  /** The paper's weak augmentation: horizontal flip, translation by up to 12.5% each way. */
  public static final String DEFAULT_WEAK = "flip,translate:0.125";

  private final FixMatchSettings s;

  FixMatchTrainer(FixMatchSettings settings) {
    this.s = settings;
  }

  /**
   * @return a builder
   */
  public static FixMatchSettings.Builder builder() {
    return FixMatchSettings.builder();
  }

  /**
   * @return the settings
   */
  public FixMatchSettings settings() {
    return s;
  }

  /**
   * The paper's strong augmentation as in its reference implementation: the weak one, then
   * RandAugment with 2 ops at magnitude 10, then Cutout of a square half the image's side.
   *
   * @param height image height
   * @param width image width
   * @return the spec string
   */
  public static String defaultStrong(int height, int width) {
    return DEFAULT_WEAK + ",rand-n2-m10,cutout:" + Math.max(1, Math.min(height, width) / 2);
  }

  /**
   * Trains.
   *
   * @param labeled the labeled training images
   * @param pool the unlabeled images (their labels, if any, are never used)
   * @param validation labeled validation images, or null
   * @return the model with the EMA weights (close it) and the loop's history
   */
  public ClassifierTrainer.Trained train(ImageSet labeled, ImageSet pool, ImageSet validation) {
    TrainConfig config = s.config();
    ClassifierModel initial = s.initial();
    Normalization norm =
        s.normalization() != null
            ? s.normalization()
            : initial != null
                ? initial.metadata().normalization()
                : Normalization.fromImages(labeled);
    if (initial != null) {
      checkInitial(initial.metadata(), labeled);
    }
    Augmentation weak = s.weak() != null ? s.weak() : AugmentSpec.parse(DEFAULT_WEAK);
    Augmentation strong =
        s.strong() != null
            ? s.strong()
            : AugmentSpec.parse(defaultStrong(labeled.height(), labeled.width()));
    ModelMetadata meta =
        new ModelMetadata(
            s.architecture(),
            labeled.classes(),
            labeled.channels(),
            labeled.height(),
            labeled.width(),
            norm,
            Provenance.currentPupilVersion(),
            config.seed(),
            s.modelOptions());
    Seeds.seedEngine(Seeds.derive(config.seed(), ClassifierTrainer.INIT_STREAM, 0));
    ClassifierModel ema = null;
    try (ClassifierModel live =
            initial == null
                ? ClassifierModel.create(meta, s.device())
                : ClassifierModel.fromParameters(meta, initial.parameterBytes(), s.device());
        FixMatchImages source =
            new FixMatchImages(
                labeled, pool, norm, config.batchSize(), s.mu(), weak, strong, s.dataThreads())) {
      ema = ClassifierModel.fromParameters(meta, live.parameterBytes(), s.device());
      TrainingLoop.Builder loop =
          TrainingLoop.builder()
              .setModel(live)
              .setConfig(config)
              .setSource(source)
              .optTask(new FixMatchTask(s.threshold(), s.lambda(), config.labelSmoothing()))
              .optValidation(validation)
              .optEvaluationModel(ema)
              .optResume(s.resume())
              .addListener(new EmaWeights(live, ema, s.emaDecay()));
      if (s.run() != null) {
        s.run().attach(loop);
      }
      s.listeners().forEach(loop::addListener);
      TrainingLoop.Result result = loop.build().run();
      if (s.run() != null) {
        s.run().writeMetrics(result.history());
        ema.save(s.run().modelFile());
      }
      return new ClassifierTrainer.Trained(ema, result);
    } catch (IOException e) {
      ema.close();
      throw new UncheckedIOException("cannot write the model: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      if (ema != null) {
        ema.close();
      }
      throw e;
    }
  }

  private static void checkInitial(ModelMetadata m, ImageSet labeled) {
    if (!m.classes().equals(labeled.classes())) {
      throw new IllegalArgumentException(
          "the initial model's classes "
              + m.classes()
              + " differ from the labeled images' "
              + labeled.classes());
    }
    if (m.channels() != labeled.channels()
        || m.height() != labeled.height()
        || m.width() != labeled.width()) {
      throw new IllegalArgumentException(
          "the initial model takes "
              + m.channels()
              + "x"
              + m.height()
              + "x"
              + m.width()
              + " images, the labeled images are "
              + labeled.channels()
              + "x"
              + labeled.height()
              + "x"
              + labeled.width());
    }
  }
}
