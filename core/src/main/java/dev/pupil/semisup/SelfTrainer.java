package dev.pupil.semisup;

import ai.djl.Device;
import dev.pupil.augment.Augmentation;
import dev.pupil.data.ImageSet;
import dev.pupil.data.Normalization;
import dev.pupil.distill.Teacher;
import dev.pupil.eval.EvalReport;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.ModelMetadata;
import dev.pupil.models.ModelOptions;
import dev.pupil.report.Provenance;
import dev.pupil.report.RunDirectory;
import dev.pupil.train.AugmentedImages;
import dev.pupil.train.BatchSource;
import dev.pupil.train.ClassifierTrainer;
import dev.pupil.train.CombinedSource;
import dev.pupil.train.EpochMetrics;
import dev.pupil.train.LabeledImages;
import dev.pupil.train.Seeds;
import dev.pupil.train.TrainConfig;
import dev.pupil.train.TrainingLoop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Self-training in rounds on Pupil's one training loop; returns the last student (trainers return
 * models). A first teacher is trained on the labeled images (or given); then each round the
 * teacher, frozen and in inference mode ({@link Teacher}), labels the clean unlabeled pool, a
 * {@link PseudoLabeler} filters and balances the labels, a fresh student of the round's
 * architecture learns from labeled and pseudo-labeled batches at the configured ratio ({@link
 * CombinedSource}, {@link SelfTrainingTask}) with the student's noise (an augmentation of its
 * inputs, dropout and stochastic depth in its {@link ModelOptions}), and the student becomes the
 * next round's teacher. An epoch is a pass over the labeled or the pseudo-labeled images,
 * whichever needs more batches; the other part cycles.
 *
 * <p>With one architecture, no noise and a {@link RampUp} this is Pseudo-Label (Lee 2013, ICML
 * workshop, "Pseudo-Label"), repeated; with noise and a growing schedule such as cnn-small →
 * resnet20 → resnet32 it is Noisy Student (Xie et al. 2020, arXiv:1911.04252). The first teacher
 * is trained with the students' options, and with their configuration and augmentation unless it
 * is given its own ({@code optTeacherConfig}, {@code optTeacherAugmentation}). Each round's seed is derived
 * from the configuration's, so the same seed gives the same result. With a run folder it writes
 * round-0/ (the first teacher's run), round-R/ (each student's run and pseudo-labels.csv),
 * rounds.json (one {@link RoundSummary} per round) and the last student as model.pupil. Resumed
 * on such a folder, every round runs again from its checkpoints: a finished round trains no more
 * epochs and gives the same student (and so the same pseudo-labels for the next), an interrupted
 * one continues, and the result equals an uninterrupted run's.
 */
public final class SelfTrainer {
  private static final long ROUND_STREAM = 31;

  /** Hears about rounds. */
  public interface RoundListener {
    /**
     * After the teacher labeled the pool, before the student trains.
     *
     * @param round the round, from 1
     * @param labels the kept pseudo-labels
     */
    default void onPseudoLabels(int round, PseudoLabels labels) {}

    /** @param summary after each round */
    default void onRound(RoundSummary summary) {}
  }

  /**
   * What self-training produced.
   *
   * @param model the last student (close it)
   * @param rounds one summary per round
   * @param history the last student's epochs
   */
  public record Result(
      ClassifierModel model, List<RoundSummary> rounds, List<EpochMetrics> history) {}

  private final SelfTrainerSettings s;

  SelfTrainer(SelfTrainerSettings settings) {
    this.s = settings;
  }

  /** @return a builder */
  public static SelfTrainerSettings.Builder builder() {
    return SelfTrainerSettings.builder();
  }

  /**
   * Runs every round.
   *
   * @param labeled the labeled training images
   * @param pool the unlabeled images (labels, if present, are used only to audit pseudo-labels)
   * @param validation labeled validation images for each run's best epoch, or null
   * @param evaluation images on which each round's teacher and student accuracies are measured;
   *     null uses {@code validation}
   * @return the last student and the rounds
   */
  public Result train(ImageSet labeled, ImageSet pool, ImageSet validation, ImageSet evaluation) {
    ImageSet eval = evaluation != null ? evaluation : validation;
    Normalization norm =
        s.normalization() != null ? s.normalization() : Normalization.fromImages(labeled);
    ClassifierModel teacherModel = s.teacher();
    String teacherArch = teacherModel != null
        ? teacherModel.metadata().architecture() : s.teacherArchitecture();
    boolean ownTeacher = teacherModel == null;
    if (ownTeacher) {
      ClassifierTrainer.Builder t =
          ClassifierTrainer.builder().setArchitecture(teacherArch)
              .setConfig(s.teacherConfig() != null ? s.teacherConfig() : s.config())
              .optModelOptions(s.optionsFor(teacherArch))
              .optAugmentation(
                  s.teacherAugmentation() != null ? s.teacherAugmentation() : s.augmentation())
              .optNormalization(norm).optDevice(s.device()).optDataThreads(s.dataThreads());
      if (s.run() != null) {
        t.optRunDirectory(RunDirectory.create(roundDir(0))).optResume(s.resume());
      }
      s.listeners().forEach(t::addListener);
      teacherModel = t.build().train(labeled, validation).model();
    }
    boolean teacherOwned = ownTeacher;
    List<RoundSummary> rounds = new ArrayList<>();
    List<EpochMetrics> history = List.of();
    try {
      for (int r = 1; r <= s.students().size(); r++) {
        Teacher teacher = Teacher.of(teacherModel);
        String before = sha256(teacherModel.parameterBytes());
        PseudoLabels labels = s.labeler().label(teacher, pool);
        if (s.run() != null) {
          labels.writeCsv(RunDirectory.create(roundDir(r)).root().resolve("pseudo-labels.csv"));
        }
        for (RoundListener l : s.roundListeners()) {
          l.onPseudoLabels(r, labels);
        }
        String studentArch = s.students().get(r - 1);
        TrainConfig config =
            s.config().toBuilder().optSeed(Seeds.derive(s.config().seed(), ROUND_STREAM, r))
                .build();
        ClassifierModel student = null;
        try {
          student = createStudent(studentArch, labeled, norm, config);
          TrainingLoop.Result result =
              trainStudent(student, config, labeled, pool, labels, norm, validation, r);
          history = result.history();
          String after = sha256(teacherModel.parameterBytes());
          if (!after.equals(before)) {
            throw new IllegalStateException("round " + r + " changed its teacher");
          }
          RoundSummary summary =
              new RoundSummary(
                  r, teacherArch, studentArch, accuracy(teacherModel, eval),
                  accuracy(student, eval), labels.poolSize(), labels.size(), labels.perClass(),
                  auditAccuracy(labels, pool), result.bestEpoch(), before,
                  sha256(student.parameterBytes()));
          rounds.add(summary);
          if (s.run() != null) {
            s.run().writeJson(s.run().root().resolve("rounds.json"), rounds);
          }
          for (RoundListener l : s.roundListeners()) {
            l.onRound(summary);
          }
        } catch (IOException e) {
          close(student);
          throw new UncheckedIOException("cannot write round " + r + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
          close(student);
          throw e;
        }
        if (teacherOwned) {
          teacherModel.close();
        }
        teacherModel = student;
        teacherOwned = true;
        teacherArch = studentArch;
      }
      if (s.run() != null) {
        teacherModel.save(s.run().modelFile());
      }
      return new Result(teacherModel, List.copyOf(rounds), history);
    } catch (IOException e) {
      if (teacherOwned) {
        teacherModel.close();
      }
      throw new UncheckedIOException("cannot write the model: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      if (teacherOwned) {
        teacherModel.close();
      }
      throw e;
    }
  }

  private Path roundDir(int round) {
    return s.run().root().resolve("round-" + round);
  }

  private ClassifierModel createStudent(
      String arch, ImageSet labeled, Normalization norm, TrainConfig config) {
    ModelMetadata meta =
        new ModelMetadata(
            arch, labeled.classes(), labeled.channels(), labeled.height(), labeled.width(), norm,
            Provenance.currentPupilVersion(), config.seed(), s.optionsFor(arch));
    Seeds.seedEngine(Seeds.derive(config.seed(), ClassifierTrainer.INIT_STREAM, 0));
    return ClassifierModel.create(meta, s.device());
  }

  private TrainingLoop.Result trainStudent(
      ClassifierModel student, TrainConfig config, ImageSet labeled, ImageSet pool,
      PseudoLabels labels, Normalization norm, ImageSet validation, int round) throws IOException {
    BatchSource labeledSource =
        s.augmentation() == null
            ? new LabeledImages(labeled, norm, config.batchSize())
            : new AugmentedImages(
                labeled, norm, config.batchSize(), s.augmentation(), null, s.dataThreads());
    try {
      BatchSource source = labeledSource;
      if (labels.size() >= 2) {
        int pseudoBatch = Math.max(1, Math.round(s.ratio() * config.batchSize()));
        BatchSource pseudo =
            new PseudoLabeledImages(pool, labels, norm, pseudoBatch, s.augmentation());
        source = combine(labeledSource, pseudo, labeled.classes().size());
      }
      SelfTrainingTask task = new SelfTrainingTask(s.rampUp(), config.labelSmoothing());
      TrainingLoop.Builder loop =
          TrainingLoop.builder().setModel(student).setConfig(config).setSource(source)
              .optTask(task).optValidation(validation).addListener(task);
      RunDirectory dir = s.run() == null ? null : RunDirectory.create(roundDir(round));
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
      TrainingLoop.Result result = loop.build().run();
      if (dir != null) {
        student.save(dir.modelFile());
      }
      return result;
    } finally {
      if (labeledSource instanceof AugmentedImages a) {
        a.close();
      }
    }
  }

  /**
   * Labeled and pseudo-labeled batches together: an epoch is a pass over whichever part needs more
   * batches, and the other cycles.
   */
  static CombinedSource combine(BatchSource labeled, BatchSource pseudo, int classes) {
    return new CombinedSource(
        pseudo.batchesPerEpoch() > labeled.batchesPerEpoch()
            ? List.of(pseudo, labeled)
            : List.of(labeled, pseudo),
        classes);
  }

  private static double accuracy(ClassifierModel m, ImageSet eval) {
    return eval == null ? Double.NaN : EvalReport.evaluate(m, eval, 256).accuracy();
  }

  /**
   * The kept labels' accuracy against the pool's true labels where it has them.
   *
   * @return the fraction right among kept images with a known label, or null when none has one
   */
  static Double auditAccuracy(PseudoLabels labels, ImageSet pool) {
    int known = 0;
    int right = 0;
    for (PseudoLabel p : labels.labels()) {
      int truth = pool.label(p.index());
      if (truth != ImageSet.UNLABELED) {
        known++;
        right += truth == p.label() ? 1 : 0;
      }
    }
    return known == 0 ? null : (double) right / known;
  }

  /**
   * @param bytes serialized parameters
   * @return their SHA-256, hex
   */
  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void close(ClassifierModel m) {
    if (m != null) {
      m.close();
    }
  }
}
