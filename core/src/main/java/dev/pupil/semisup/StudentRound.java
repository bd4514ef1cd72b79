package dev.pupil.semisup;

import dev.pupil.data.ImageSet;
import dev.pupil.data.Normalization;
import dev.pupil.io.Provenance;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.ModelMetadata;
import dev.pupil.train.AugmentedImages;
import dev.pupil.train.BatchSource;
import dev.pupil.train.ClassifierTrainer;
import dev.pupil.train.EpochMetrics;
import dev.pupil.train.EpochRule;
import dev.pupil.train.LabeledImages;
import dev.pupil.train.Seeds;
import dev.pupil.train.TrainConfig;
import dev.pupil.train.TrainingLoop;
import dev.pupil.train.TrainingOutput;
import java.util.List;

/** One round's student of a {@link SelfTrainer}: made fresh, then trained on both parts. */
final class StudentRound {
  private StudentRound() {}

  /** A fresh student of the architecture, initialised from the round's seed. */
  static ClassifierModel create(
      SelfTrainerSettings s,
      String arch,
      ImageSet labeled,
      Normalization norm,
      TrainConfig config) {
    ModelMetadata meta =
        new ModelMetadata(
            arch,
            labeled.classes(),
            labeled.channels(),
            labeled.height(),
            labeled.width(),
            norm,
            Provenance.currentPupilVersion(),
            config.seed(),
            s.optionsFor(arch));
    Seeds.seedEngine(Seeds.derive(config.seed(), ClassifierTrainer.INIT_STREAM, 0));
    return ClassifierModel.create(meta, s.device());
  }

  /**
   * Trains the student on labeled and pseudo-labeled batches (labeled only when fewer than 2
   * pseudo-labels were kept), checkpointing into {@code dir} when given.
   */
  static TrainingLoop.Result train(
      SelfTrainerSettings s,
      ClassifierModel student,
      TrainConfig config,
      ImageSet labeled,
      ImageSet pool,
      PseudoLabels labels,
      Normalization norm,
      ImageSet validation,
      TrainingOutput dir) {
    BatchSource labeledSource =
        s.augmentation() == null
            ? new LabeledImages(labeled, norm, config.batchSize())
            : new AugmentedImages(
                labeled, norm, config.batchSize(), s.augmentation(), null, s.dataThreads());
    // Closing the combined source closes the labeled one inside it.
    try (BatchSource source =
        labels.size() >= 2
            ? SelfTrainer.combine(
                labeledSource,
                new PseudoLabeledImages(
                    pool, labels, norm, pseudoBatch(s, config), s.augmentation()),
                labeled.classes().size())
            : labeledSource) {
      SelfTrainingTask task = new SelfTrainingTask(s.rampUp(), config.labelSmoothing());
      TrainingLoop.Builder loop =
          TrainingLoop.builder()
              .setModel(student)
              .setConfig(config)
              .setSource(source)
              .optTask(task)
              .optValidation(validation)
              .addListener(task);
      if (dir != null) {
        loop.optCheckpointDir(dir.checkpoints()).optResume(s.resume());
        loop.addListener(
            new TrainingLoop.Listener() {
              @Override
              public void onEpoch(EpochMetrics m, List<EpochMetrics> history) {
                dir.writeMetrics(history);
              }
            });
      }
      s.listeners().forEach(loop::addListener);
      return loop.build().run();
    }
  }

  /**
   * A student's configuration for its round: with a {@link SelfTrainerSettings#studentEpochRule},
   * the epochs that rule gives for the round's pseudo-labeled images at the pseudo-labeled batch
   * size (an epoch of the student's loop is a pass over them), or over the labeled images where the
   * teacher kept fewer than two.
   *
   * @param s the settings
   * @param config the round's configuration
   * @param labeled the labeled images
   * @param labels the round's pseudo-labels
   * @return the configuration to train the student with
   */
  static TrainConfig forRound(
      SelfTrainerSettings s, TrainConfig config, ImageSet labeled, PseudoLabels labels) {
    if (s.studentEpochRule() == null) {
      return config;
    }
    EpochRule.Choice c =
        labels.size() >= 2
            ? s.studentEpochRule().choose(labels.size(), pseudoBatch(s, config))
            : s.studentEpochRule().choose(labeled.size(), config.batchSize());
    return config.toBuilder().optEpochs(c.epochs()).build();
  }

  private static int pseudoBatch(SelfTrainerSettings s, TrainConfig config) {
    return Math.max(1, Math.round(s.ratio() * config.batchSize()));
  }
}
