package dev.pupil.cli;

import dev.pupil.BadInputException;
import dev.pupil.augment.AugmentPipeline;
import dev.pupil.data.ImageSet;
import dev.pupil.run.PreparedData;
import dev.pupil.run.SelfTrainingRun;
import dev.pupil.semisup.PseudoLabeler;
import dev.pupil.train.TrainConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The pseudo-labeling options {@code pseudo-label} and {@code noisy-student} share: where the
 * unlabeled images come from, how the teacher's predictions are filtered and balanced, hard or soft
 * labels, and the unlabeled:labeled ratio of every batch. Defaults are set by each command.
 */
final class SelfTrainOptions {
  @Option(
      names = "--threshold",
      paramLabel = "P",
      description =
          "Keep a pseudo-label when the teacher's top probability is at least P, in "
              + "[0, 1] (default: pseudo-label 0.95, noisy-student 0.3).")
  Float threshold;

  @Option(
      names = "--max-per-class",
      paramLabel = "K",
      description =
          "Class balancing: keep at most K pseudo-labels per class, the most confident; "
              + "0 for no cap (default when training: each class at most its labeled share of the "
              + "confident pseudo-labels; with --teacher: no cap).")
  Integer maxPerClass;

  @Option(
      names = "--soft",
      description =
          "Train on the teacher's probabilities (soft pseudo-labels) instead of its top "
              + "class.")
  boolean soft;

  @Option(
      names = "--ratio",
      paramLabel = "R",
      description =
          "Pseudo-labeled images per labeled image in every batch, > 0 (default: "
              + "pseudo-label 1, noisy-student 3).")
  Float ratio;

  @Option(
      names = "--teacher-epochs",
      paramLabel = "N",
      description =
          "Epochs of the first teacher, a pass each over the labeled images only (default:"
              + " --epochs). With few labels it needs many more than a student, whose epoch is a"
              + " pass over the pseudo-labeled images.")
  Integer teacherEpochs;

  @Option(
      names = "--teacher-augment",
      paramLabel = "SPEC",
      description =
          "Augmentation of the first teacher, an --augment spec or none (default: the "
              + "students' augmentation).")
  String teacherAugment;

  @Option(
      names = "--resume",
      paramLabel = "RUN",
      description =
          "Continue an interrupted run from its checkpoints, round by round, with "
              + "everything its config.json records (no other options); the result equals an "
              + "uninterrupted run's.")
  Path resume;

  @Option(
      names = "--unlabeled",
      paramLabel = "DIR",
      description =
          "A folder of unlabeled images (searched recursively); default: the split's "
              + "unlabeled pool (the images beyond --labels-per-class).")
  Path unlabeledDir;

  /**
   * The labeler of {@code pseudo-label --teacher}, which has no labeled images to balance against:
   * {@code --max-per-class} or no cap.
   */
  PseudoLabeler labeler(float defaultThreshold) {
    return labeler(defaultThreshold, false);
  }

  /**
   * The labeler of a self-training run: without {@code --max-per-class}, each class keeps at most
   * its labeled share of the confident pseudo-labels ({@link
   * dev.pupil.semisup.ClassBalance#shareCaps}); {@code --max-per-class K} caps every class at K
   * instead, and 0 turns capping off.
   */
  PseudoLabeler trainingLabeler(float defaultThreshold) {
    return labeler(defaultThreshold, maxPerClass == null);
  }

  private PseudoLabeler labeler(float defaultThreshold, boolean shareCap) {
    float t = threshold == null ? defaultThreshold : threshold;
    require(t >= 0 && t <= 1, "--threshold must be in [0, 1], got " + t);
    int k = maxPerClass == null ? 0 : maxPerClass;
    require(k >= 0, "--max-per-class must be >= 0, got " + k);
    return PseudoLabeler.builder()
        .optThreshold(t)
        .optSoft(soft)
        .optMaxPerClass(k)
        .optShareCap(shareCap)
        .build();
  }

  float ratio(float defaultRatio) {
    float r = ratio == null ? defaultRatio : ratio;
    require(r > 0 && Float.isFinite(r), "--ratio must be > 0, got " + r);
    return r;
  }

  /**
   * @param students the students' configuration
   * @return the first teacher's: the same with {@code --teacher-epochs}, when given
   */
  TrainConfig teacherConfig(TrainConfig students) {
    if (teacherEpochs == null) {
      return students;
    }
    require(
        teacherEpochs >= 1 && teacherEpochs <= 100_000,
        "--teacher-epochs must be in [1, 100000], got " + teacherEpochs);
    return students.toBuilder().optEpochs(teacherEpochs).build();
  }

  /**
   * @return the first teacher's augmentation, or null for the students'
   */
  AugmentPipeline teacherAugmentation() {
    return teacherAugment == null
        ? null
        : AugmentOptions.parse("--teacher-augment", teacherAugment);
  }

  /**
   * The unlabeled images: the folder given (no labels), or the split's pool (which must not be
   * empty) with its true labels, which {@link dev.pupil.semisup.SelfTrainer} uses only to audit the
   * pseudo-labels (rounds.json's pseudoLabelAccuracy), never to train.
   */
  ImageSet unlabeled(PreparedData prepared) {
    return unlabeled(unlabeledDir, prepared);
  }

  /**
   * The unlabeled images of a self-training or FixMatch run.
   *
   * @param unlabeledDir the folder given with {@code --unlabeled}, or null for the split's pool
   * @param prepared the loaded data (with its pool kept when no folder is given; its spec says
   *     whether bad images are skipped)
   * @return the images
   */
  static ImageSet unlabeled(Path unlabeledDir, PreparedData prepared) {
    return SelfTrainingRun.unlabeled(unlabeledDir, prepared, FlagNames::flag);
  }

  String unlabeledSource() {
    return unlabeledSource(unlabeledDir);
  }

  /**
   * @return "pool", or the folder's absolute path
   */
  static String unlabeledSource(Path unlabeledDir) {
    return unlabeledDir == null ? "pool" : unlabeledDir.toAbsolutePath().normalize().toString();
  }

  static void require(boolean ok, String message) {
    if (!ok) {
      throw new BadInputException(message);
    }
  }
}
