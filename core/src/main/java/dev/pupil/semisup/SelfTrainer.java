package dev.pupil.semisup;

import dev.pupil.data.ImageSet;
import dev.pupil.data.Normalization;
import dev.pupil.eval.EvalReport;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.FrozenModel;
import dev.pupil.models.ModelOptions;
import dev.pupil.train.BatchSource;
import dev.pupil.train.ClassifierTrainer;
import dev.pupil.train.CombinedSource;
import dev.pupil.train.EpochMetrics;
import dev.pupil.train.Seeds;
import dev.pupil.train.TrainConfig;
import dev.pupil.train.TrainingLoop;
import dev.pupil.train.TrainingOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Self-training in rounds on Pupil's one training loop; returns the best model it had (trainers
 * return models). A first teacher is trained on the labeled images (or given); then each round the
 * teacher, frozen and in inference mode ({@link FrozenModel}), labels the clean unlabeled pool, a
 * {@link PseudoLabeler} filters and balances the labels against the labeled images' class shares, a
 * fresh student of the round's architecture learns from labeled and pseudo-labeled batches at the
 * configured ratio ({@link CombinedSource}, {@link SelfTrainingTask}) with the student's noise (an
 * augmentation of its inputs, dropout and stochastic depth in its {@link ModelOptions}), and the
 * student becomes the next round's teacher. An epoch is a pass over the labeled or the
 * pseudo-labeled images, whichever needs more batches; the other part cycles.
 *
 * <p>Self-training never hands back a model worse than one it had: every student is compared on the
 * validation images with the models before it (round 1's teacher is the first teacher, round 0),
 * and the result is the best of them, a tie going to the earlier, cheaper one. A student that does
 * not beat them is still the next teacher, as in Noisy Student, but is only kept in its round
 * folder; {@link RoundSummary#kept()} and {@link RoundSummary#keptRound()} record the choice.
 * Without validation images nothing can be compared, and the last student is the result. Each round
 * also measures how far the kept pseudo-labels' classes are from the labeled ones ({@link
 * ClassBalance}), flagging a collapse onto a few classes.
 *
 * <p>With one architecture, no noise and a {@link RampUp} this is Pseudo-Label (Lee 2013, ICML
 * workshop, "Pseudo-Label"), repeated; with noise and a growing schedule such as cnn-small →
 * resnet20 → resnet32 it is Noisy Student (Xie et al. 2020, arXiv:1911.04252). The first teacher is
 * trained with the students' options, and with their configuration and augmentation unless it is
 * given its own ({@code optTeacherConfig}, {@code optTeacherAugmentation}). Each round's seed is
 * derived from the configuration's, so the same seed gives the same result. With a run folder it
 * writes round-0/ (the first teacher's run), round-R/ (each student's run, its model.pupil and
 * pseudo-labels.csv), rounds.json (one {@link RoundSummary} per round) and the kept model as
 * model.pupil. Resumed on such a folder, every round runs again from its checkpoints: a finished
 * round trains no more epochs and gives the same student (and so the same pseudo-labels for the
 * next), an interrupted one continues, and the result equals an uninterrupted run's.
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

    /**
     * After the teacher labeled the pool, before the student trains; calls {@link
     * #onPseudoLabels(int, PseudoLabels)} unless overridden.
     *
     * @param round the round, from 1
     * @param labels the kept pseudo-labels
     * @param balance their classes against the labeled ones, with the collapse flag
     */
    default void onPseudoLabels(int round, PseudoLabels labels, ClassBalance balance) {
      onPseudoLabels(round, labels);
    }

    /**
     * Called before a student trains.
     *
     * @param round the round, from 1
     * @param student the student's architecture
     * @param epochs the epochs it trains
     */
    default void onStudentStart(int round, String student, int epochs) {}

    /**
     * @param summary after each round
     */
    default void onRound(RoundSummary summary) {}
  }

  /**
   * What self-training produced.
   *
   * @param model the kept model: the best round's on the validation images, or the last student
   *     without them (close it; a copy when it is the given first teacher)
   * @param rounds one summary per round
   * @param history the last student's epochs
   * @param keptRound the round of {@code model} (0: the first teacher)
   */
  public record Result(
      ClassifierModel model,
      List<RoundSummary> rounds,
      List<EpochMetrics> history,
      int keptRound) {}

  private final SelfTrainerSettings s;

  /** A test seam: sees each round's trained student before it is saved and evaluated. */
  private BiConsumer<Integer, ClassifierModel> studentHook = (round, student) -> {};

  SelfTrainer(SelfTrainerSettings settings) {
    this.s = settings;
  }

  /**
   * For tests: lets a round's trained student be changed (made worse) before it is saved and
   * compared with its teacher.
   *
   * @param hook called with the round and its trained student
   * @return this trainer
   */
  SelfTrainer withStudentHook(BiConsumer<Integer, ClassifierModel> hook) {
    this.studentHook = hook;
    return this;
  }

  /**
   * @return a builder
   */
  public static SelfTrainerSettings.Builder builder() {
    return SelfTrainerSettings.builder();
  }

  /**
   * Runs every round.
   *
   * @param labeled the labeled training images (their class shares are the pseudo-labels' target
   *     distribution)
   * @param pool the unlabeled images (labels, if present, are used only to audit pseudo-labels)
   * @param validation labeled validation images for each run's best epoch and for choosing the best
   *     round, or null (then the last round's student is the result)
   * @param evaluation images on which each round's teacher and student accuracies are measured;
   *     null uses {@code validation}
   * @return the best round's model and the rounds
   */
  public Result train(ImageSet labeled, ImageSet pool, ImageSet validation, ImageSet evaluation) {
    ImageSet eval = evaluation != null ? evaluation : validation;
    Normalization norm =
        s.normalization() != null ? s.normalization() : Normalization.fromImages(labeled);
    ClassifierModel teacherModel = s.teacher();
    String teacherArch =
        teacherModel != null ? teacherModel.metadata().architecture() : s.teacherArchitecture();
    if (teacherModel == null) {
      ClassifierTrainer.Builder t =
          ClassifierTrainer.builder()
              .setArchitecture(teacherArch)
              .setConfig(s.teacherConfig() != null ? s.teacherConfig() : s.config())
              .optModelOptions(s.optionsFor(teacherArch))
              .optAugmentation(
                  s.teacherAugmentation() != null ? s.teacherAugmentation() : s.augmentation())
              .optNormalization(norm)
              .optDevice(s.device())
              .optDataThreads(s.dataThreads());
      if (s.run() != null) {
        t.optRunDirectory(roundDir(0)).optResume(s.resume());
      }
      s.listeners().forEach(t::addListener);
      teacherModel = t.build().train(labeled, validation).model();
    }
    double[] prior = ClassBalance.prior(labeled);
    List<RoundSummary> rounds = new ArrayList<>();
    List<EpochMetrics> history = List.of();
    ClassifierModel kept = teacherModel;
    int keptRound = 0;
    ClassifierModel result = null;
    try {
      Double teacherVal = valAccuracy(teacherModel, validation);
      Double keptVal = teacherVal;
      for (int r = 1; r <= s.students().size(); r++) {
        FrozenModel teacher = FrozenModel.of(teacherModel);
        String before = sha256(teacherModel.parameterBytes());
        PseudoLabeler.Selection selection = s.labeler().label(teacher, pool, prior);
        PseudoLabels labels = selection.labels();
        ClassBalance balance = selection.balance(prior);
        if (s.run() != null) {
          labels.writeCsv(roundDir(r).root().resolve("pseudo-labels.csv"));
        }
        for (RoundListener l : s.roundListeners()) {
          l.onPseudoLabels(r, labels, balance);
        }
        String studentArch = studentArchOf(r);
        TrainConfig config =
            StudentRound.forRound(
                s,
                s.config().toBuilder()
                    .optSeed(Seeds.derive(s.config().seed(), ROUND_STREAM, r))
                    .build(),
                labeled,
                labels);
        for (RoundListener l : s.roundListeners()) {
          l.onStudentStart(r, studentArchOf(r), config.epochs());
        }
        ClassifierModel student = null;
        Double studentVal;
        boolean better;
        try {
          student = StudentRound.create(s, studentArch, labeled, norm, config);
          TrainingOutput dir = s.run() == null ? null : roundDir(r);
          TrainingLoop.Result trained =
              StudentRound.train(s, student, config, labeled, pool, labels, norm, validation, dir);
          studentHook.accept(r, student);
          if (dir != null) {
            student.save(dir.modelFile());
          }
          history = trained.history();
          String after = sha256(teacherModel.parameterBytes());
          if (!after.equals(before)) {
            throw new IllegalStateException("round " + r + " changed its teacher");
          }
          studentVal = valAccuracy(student, validation);
          better = validation == null || studentVal > keptVal;
          RoundSummary summary =
              new RoundSummary(
                  r,
                  teacherArch,
                  studentArch,
                  accuracy(teacherModel, eval),
                  accuracy(student, eval),
                  labels.poolSize(),
                  labels.size(),
                  labels.perClass(),
                  auditAccuracy(labels, pool),
                  trained.bestEpoch(),
                  before,
                  sha256(student.parameterBytes()),
                  teacherVal,
                  studentVal,
                  better,
                  better ? r : keptRound,
                  balance);
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
        // The next round learns from the best model so far: a student that did worse than its
        // teacher on the validation images would pass its errors on (without validation images
        // every student counts as better, and the chain is Noisy Student's).
        if (better) {
          ClassifierModel oldKept = kept;
          kept = student;
          keptRound = r;
          keptVal = studentVal;
          release(oldKept);
        } else {
          release(student);
        }
        teacherModel = kept;
        teacherVal = keptVal;
        teacherArch = kept.metadata().architecture();
      }
      // A given first teacher stays the caller's: the result is a copy.
      result =
          kept == s.teacher()
              ? ClassifierModel.fromParameters(kept.metadata(), kept.parameterBytes(), s.device())
              : kept;
      if (s.run() != null) {
        result.save(s.run().modelFile());
      }
      return new Result(result, List.copyOf(rounds), history, keptRound);
    } catch (IOException e) {
      release(teacherModel, kept, result);
      throw new UncheckedIOException("cannot write the model: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      release(teacherModel, kept, result);
      throw e;
    }
  }

  /** Closes each distinct model of this run's own (never the given first teacher). */
  private void release(ClassifierModel... models) {
    for (int i = 0; i < models.length; i++) {
      ClassifierModel m = models[i];
      boolean seen = false;
      for (int j = 0; j < i; j++) {
        seen |= models[j] == m;
      }
      if (m != null && m != s.teacher() && !seen) {
        m.close();
      }
    }
  }

  private TrainingOutput roundDir(int round) {
    return s.run().child("round-" + round);
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

  private static Double valAccuracy(ClassifierModel m, ImageSet validation) {
    return validation == null ? null : EvalReport.evaluate(m, validation, 256).accuracy();
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

  private String studentArchOf(int round) {
    return s.students().get(round - 1);
  }

  private static void close(ClassifierModel m) {
    if (m != null) {
      m.close();
    }
  }
}
