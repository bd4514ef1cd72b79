package dev.pupil.semisup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.pupil.augment.AugmentSpec;
import dev.pupil.data.ImageSet;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.FrozenModel;
import dev.pupil.models.ModelOptions;
import dev.pupil.run.RunDirectory;
import dev.pupil.train.ClassifierTrainer;
import dev.pupil.train.EpochMetrics;
import dev.pupil.train.EpochRule;
import dev.pupil.train.SyntheticData;
import dev.pupil.train.TrainConfig;
import dev.pupil.train.TrainingLoop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Self-training rounds on tiny 8×8 bar images with cnn-tiny (batch norm) networks. */
class SelfTrainerTest {
  private static final ImageSet LABELED = SyntheticData.bars(16, 4, 8, 1);

  /** The pool keeps its true labels: the trainer must ignore them except to audit. */
  private static final ImageSet POOL = SyntheticData.bars(40, 4, 8, 2);

  private static final ImageSet VAL = SyntheticData.bars(16, 4, 8, 3);
  private static ClassifierModel teacherModel;

  @BeforeAll
  static void trainTeacher() {
    teacherModel =
        ClassifierTrainer.builder()
            .setArchitecture("cnn-tiny")
            .setConfig(config(4))
            .build()
            .train(LABELED, null)
            .model();
  }

  @AfterAll
  static void close() {
    teacherModel.close();
  }

  private static TrainConfig config(int epochs) {
    return TrainConfig.builder().optEpochs(epochs).optBatchSize(8).optLr(0.01f).optSeed(5).build();
  }

  private static PseudoLabeler labeler() {
    return PseudoLabeler.builder().optThreshold(0.3f).optMaxPerClass(8).build();
  }

  @Test
  void theTeacherStaysFrozenAndTheBestModelSoFarTeachesTheNextRound() {
    byte[] before = teacherModel.parameterBytes();
    List<PseudoLabels> seen = new ArrayList<>();
    SelfTrainer.Result r =
        SelfTrainer.builder()
            .optTeacher(teacherModel)
            .setStudents(List.of("cnn-tiny", "cnn-tiny"))
            .setConfig(config(2))
            .setLabeler(labeler())
            .optRatio(2f)
            .addRoundListener(
                new SelfTrainer.RoundListener() {
                  @Override
                  public void onPseudoLabels(int round, PseudoLabels labels) {
                    seen.add(labels);
                  }
                })
            .build()
            .train(LABELED, POOL, VAL, null);
    try (ClassifierModel last = r.model()) {
      assertThat(Arrays.equals(teacherModel.parameterBytes(), before))
          .as("the given teacher is bit-identical after the rounds")
          .isTrue();
      for (Pair<String, Parameter> p : teacherModel.block().getParameters()) {
        assertThat(p.getValue().getArray().hasGradient()).as(p.getKey()).isFalse();
      }
      List<RoundSummary> rounds = r.rounds();
      assertThat(rounds).extracting(RoundSummary::round).containsExactly(1, 2);
      assertThat(rounds.get(0).teacherSha256()).isEqualTo(SelfTrainer.sha256(before));
      // Round 2 learns from round 1's student only if it beat its teacher on validation.
      assertThat(rounds.get(1).teacherSha256())
          .isEqualTo(
              rounds.get(0).kept() ? rounds.get(0).studentSha256() : SelfTrainer.sha256(before));
      assertThat(rounds.get(1).studentSha256()).isNotEqualTo(rounds.get(0).studentSha256());
      String keptSha =
          r.keptRound() == 0
              ? rounds.get(0).teacherSha256()
              : rounds.get(r.keptRound() - 1).studentSha256();
      assertThat(SelfTrainer.sha256(last.parameterBytes()))
          .as("the kept round's model")
          .isEqualTo(keptSha);
      assertThat(rounds.get(1).keptRound()).isEqualTo(r.keptRound());
      assertThat(seen).hasSize(2);
      for (int k = 0; k < 2; k++) {
        RoundSummary s = rounds.get(k);
        assertThat(s.pseudoLabels()).isEqualTo(seen.get(k).size()).isPositive();
        assertThat(s.perClass().values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(8));
        assertThat(s.poolSize()).isEqualTo(40);
        assertThat(s.teacherAccuracy()).isBetween(0.0, 1.0);
        assertThat(s.studentAccuracy()).isBetween(0.0, 1.0);
        assertThat(s.pseudoLabelAccuracy()).isBetween(0.0, 1.0);
        assertThat(s.teacherValAccuracy()).isBetween(0.0, 1.0);
        assertThat(s.studentValAccuracy()).isBetween(0.0, 1.0);
        assertThat(s.classBalance().confidentPerClass().values().stream().mapToInt(n -> n).sum())
            .isGreaterThanOrEqualTo(s.pseudoLabels());
      }
      assertThat(rounds.get(1).teacherValAccuracy()).isEqualTo(rounds.get(0).studentValAccuracy());
      double best = rounds.get(0).teacherValAccuracy();
      int keptRound = 0;
      for (RoundSummary s : rounds) {
        assertThat(s.kept()).as("round %d", s.round()).isEqualTo(s.studentValAccuracy() > best);
        if (s.kept()) {
          best = s.studentValAccuracy();
          keptRound = s.round();
        }
        assertThat(s.keptRound()).isEqualTo(keptRound);
      }
      assertThat(r.history().get(0).losses()).containsOnlyKeys("total", "ce", "pseudo");
      assertThat(r.history().get(0).losses().get("pseudo")).isPositive();
    }
  }

  @Test
  void pseudoLabelsComeFromTheCleanTeacherWhileOnlyTheStudentIsNoised() {
    PseudoLabels expected = labeler().label(FrozenModel.of(teacherModel), POOL);
    List<PseudoLabels> seen = new ArrayList<>();
    ModelOptions noise = ModelOptions.DEFAULTS.withDropout(0.5);
    SelfTrainer.Result r =
        SelfTrainer.builder()
            .optTeacher(teacherModel)
            .setStudents(List.of("cnn-tiny"))
            .setConfig(config(1))
            .setLabeler(labeler())
            .optAugmentation(AugmentSpec.parse("rand-n2-m9"))
            .optStudentOptions(noise)
            .addRoundListener(
                new SelfTrainer.RoundListener() {
                  @Override
                  public void onPseudoLabels(int round, PseudoLabels labels) {
                    seen.add(labels);
                  }
                })
            // No validation images: the result is the student, whatever its accuracy.
            .build()
            .train(LABELED, POOL, null, null);
    try (ClassifierModel student = r.model()) {
      // Inference mode on clean images: the same labels and confidences, to the bit.
      assertThat(seen.get(0).indices()).containsExactly(expected.indices());
      assertThat(seen.get(0).labels())
          .extracting(PseudoLabel::confidence)
          .containsExactlyElementsOf(
              expected.labels().stream().map(PseudoLabel::confidence).toList());
      assertThat(student.metadata().options()).isEqualTo(noise);
      assertThat(teacherModel.metadata().options()).isEqualTo(ModelOptions.DEFAULTS);
    }
  }

  @Test
  void sameSeedGivesTheSameStudentAndTheRunFolderHoldsEveryRound(@TempDir Path dir)
      throws Exception {
    RunDirectory run = RunDirectory.create(dir.resolve("run"));
    byte[] first;
    RoundSummary round;
    SelfTrainer.Result a = selfTrainedFromScratch(run);
    try (ClassifierModel m = a.model()) {
      first = m.parameterBytes();
      round = a.rounds().get(0);
    }
    SelfTrainer.Result withTruth = selfTrainedFromScratch(null, POOL);
    try (ClassifierModel m = withTruth.model()) {
      assertThat(Arrays.equals(m.parameterBytes(), first))
          .as("bit-identical, and the pool's true labels only audit, never train")
          .isTrue();
    }
    assertThat(round.pseudoLabelAccuracy()).as("no true labels, no audit").isNull();
    assertThat(withTruth.rounds().get(0).pseudoLabelAccuracy()).isBetween(0.0, 1.0);
    Path root = run.root();
    assertThat(root.resolve("round-0/model.pupil")).isRegularFile();
    assertThat(root.resolve("round-1/model.pupil")).isRegularFile();
    assertThat(root.resolve("round-1/metrics.jsonl")).isRegularFile();
    assertThat(Files.readAllLines(root.resolve("round-1/pseudo-labels.csv")))
        .hasSize(1 + round.pseudoLabels());
    assertThat(Files.readString(root.resolve("rounds.json")))
        .contains("\"studentSha256\": \"" + round.studentSha256() + "\"");
    assertThat(Files.readString(root.resolve("rounds.json")))
        .as("an unknown audit is left out, not written as NaN")
        .doesNotContain("pseudoLabelAccuracy", "NaN");
    assertThat(root.resolve("model.pupil")).isRegularFile();
  }

  @Test
  void aRunStoppedInItsSecondRoundResumesToTheUninterruptedStudent(@TempDir Path dir)
      throws Exception {
    byte[] whole;
    try (ClassifierModel m =
        twoRounds(RunDirectory.create(dir.resolve("whole")), false, null)
            .train(LABELED, POOL.withLabelsHidden(), VAL, VAL)
            .model()) {
      whole = m.parameterBytes();
    }
    RunDirectory run = RunDirectory.create(dir.resolve("stopped"));
    // Epochs 1-2 train the first teacher, 3-4 round 1's student; stop after round 2's first.
    TrainingLoop.Listener crash =
        new TrainingLoop.Listener() {
          private int epochs;

          @Override
          public void onEpoch(EpochMetrics m, List<EpochMetrics> history) {
            if (++epochs == 5) {
              throw new IllegalStateException("stopped in round 2");
            }
          }
        };
    assertThatThrownBy(
            () -> twoRounds(run, false, crash).train(LABELED, POOL.withLabelsHidden(), VAL, VAL))
        .hasMessage("stopped in round 2");
    assertThat(run.root().resolve("round-1/model.pupil")).isRegularFile();
    assertThat(run.root().resolve("round-2/model.pupil")).doesNotExist();
    SelfTrainer.Result r =
        twoRounds(run, true, null).train(LABELED, POOL.withLabelsHidden(), VAL, VAL);
    try (ClassifierModel m = r.model()) {
      assertThat(m.parameterBytes()).isEqualTo(whole);
      assertThat(r.rounds()).hasSize(2);
      assertThat(r.history()).hasSize(2);
    }
    String rounds = Files.readString(run.root().resolve("rounds.json"));
    assertThat(rounds)
        .as("the resumed run records the same choices")
        .isEqualTo(Files.readString(dir.resolve("whole/rounds.json")))
        .contains(
            "\"teacherValAccuracy\"",
            "\"studentValAccuracy\"",
            "\"kept\"",
            "\"keptRound\"",
            "\"classBalance\"",
            "\"confidentPerClass\"",
            "\"totalVariation\"",
            "\"collapsed\"");
  }

  /** Makes a student useless: all-zero parameters give equal logits, so it always says class 0. */
  private static void ruin(ClassifierModel student) {
    for (Pair<String, Parameter> p : student.block().getParameters()) {
      p.getValue().getArray().muli(0);
    }
  }

  @Test
  void aStudentWorseThanItsTeacherIsNotKeptAndTheTeacherIsTheRunsModel(@TempDir Path dir)
      throws Exception {
    RunDirectory run = RunDirectory.create(dir.resolve("run"));
    SelfTrainer.Result r =
        SelfTrainer.builder()
            .setTeacherArchitecture("cnn-tiny")
            .setStudents(List.of("cnn-tiny"))
            .setConfig(config(2))
            .setLabeler(labeler())
            .optRunDirectory(run)
            .optDataThreads(0)
            .build()
            .withStudentHook((round, student) -> ruin(student))
            .train(LABELED, POOL, VAL, null);
    Path root = run.root();
    try (ClassifierModel m = r.model();
        ClassifierModel teacher =
            ClassifierModel.load(root.resolve("round-0/model.pupil"), ai.djl.Device.cpu());
        ClassifierModel student =
            ClassifierModel.load(root.resolve("round-1/model.pupil"), ai.djl.Device.cpu());
        ClassifierModel saved =
            ClassifierModel.load(root.resolve("model.pupil"), ai.djl.Device.cpu())) {
      RoundSummary s = r.rounds().get(0);
      assertThat(s.teacherValAccuracy())
          .as("the first teacher learned the bars")
          .isGreaterThan(0.25);
      assertThat(s.studentValAccuracy()).isEqualTo(0.25);
      assertThat(s.kept()).isFalse();
      assertThat(s.keptRound()).isZero();
      assertThat(r.keptRound()).isZero();
      assertThat(m.parameterBytes()).isEqualTo(teacher.parameterBytes());
      assertThat(saved.parameterBytes())
          .as("model.pupil is the first teacher")
          .isEqualTo(teacher.parameterBytes());
      assertThat(student.parameterBytes())
          .as("the student stays in its round folder")
          .isNotEqualTo(teacher.parameterBytes());
      assertThat(SelfTrainer.sha256(student.parameterBytes())).isEqualTo(s.studentSha256());
    }
    String json = Files.readString(root.resolve("rounds.json"));
    assertThat(json).contains("\"kept\": false", "\"keptRound\": 0");
  }

  @Test
  void aWorseStudentDoesNotTeachTheNextRound() {
    SelfTrainer.Result r =
        SelfTrainer.builder()
            .optTeacher(teacherModel)
            .setStudents(List.of("cnn-tiny", "cnn-tiny"))
            .setConfig(config(1))
            .setLabeler(labeler())
            .optDataThreads(0)
            .build()
            .withStudentHook(
                (round, student) -> {
                  if (round == 1) ruin(student);
                })
            .train(LABELED, POOL, VAL, null);
    try (ClassifierModel m = r.model()) {
      List<RoundSummary> rounds = r.rounds();
      assertThat(rounds.get(0).kept()).isFalse();
      assertThat(rounds.get(1).teacherSha256())
          .as("round 2 learns from the first teacher again")
          .isEqualTo(rounds.get(0).teacherSha256())
          .isNotEqualTo(rounds.get(0).studentSha256());
      assertThat(rounds.get(1).teacherValAccuracy()).isEqualTo(rounds.get(0).teacherValAccuracy());
    }
  }

  @Test
  void studentsTrainTheEpochsTheRuleGivesForTheirPseudoLabels() {
    List<int[]> seen = new ArrayList<>();
    List<Integer> kept = new ArrayList<>();
    SelfTrainer.Result r =
        SelfTrainer.builder()
            .optTeacher(teacherModel)
            .setStudents(List.of("cnn-tiny"))
            .setConfig(config(1))
            .setLabeler(labeler())
            .optRatio(2f)
            .optDataThreads(0)
            .optStudentEpochRule(new EpochRule(30, 1, 50))
            .addRoundListener(
                new SelfTrainer.RoundListener() {
                  @Override
                  public void onPseudoLabels(int round, PseudoLabels labels) {
                    kept.add(labels.size());
                  }

                  @Override
                  public void onStudentStart(int round, String student, int epochs) {
                    seen.add(new int[] {round, epochs});
                  }
                })
            .build()
            .train(LABELED, POOL, VAL, null);
    try (ClassifierModel m = r.model()) {
      // Pseudo-labeled batches of 2 x 8 images: ceil(kept / 16) steps an epoch, >= 30 steps.
      int perEpoch = (kept.get(0) + 15) / 16;
      assertThat(seen).hasSize(1);
      assertThat(seen.get(0)[1]).isEqualTo(Math.min(50, (30 + perEpoch - 1) / perEpoch));
      assertThat(r.history()).hasSize(seen.get(0)[1]);
    }
  }

  @Test
  void aGivenTeacherThatStaysBestComesBackAsACopy() {
    byte[] before = teacherModel.parameterBytes();
    SelfTrainer.Result r =
        SelfTrainer.builder()
            .optTeacher(teacherModel)
            .setStudents(List.of("cnn-tiny"))
            .setConfig(config(1))
            .setLabeler(labeler())
            .optDataThreads(0)
            .build()
            .withStudentHook((round, student) -> ruin(student))
            .train(LABELED, POOL, VAL, null);
    try (ClassifierModel m = r.model()) {
      assertThat(m).isNotSameAs(teacherModel);
      assertThat(m.parameterBytes()).isEqualTo(before);
      assertThat(r.rounds().get(0).kept()).isFalse();
    }
    assertThat(teacherModel.parameterBytes()).as("still open, unchanged").isEqualTo(before);
  }

  @Test
  void withoutValidationImagesTheLastStudentIsTheResult() {
    SelfTrainer.Result r =
        SelfTrainer.builder()
            .optTeacher(teacherModel)
            .setStudents(List.of("cnn-tiny"))
            .setConfig(config(1))
            .setLabeler(labeler())
            .optDataThreads(0)
            .build()
            .withStudentHook((round, student) -> ruin(student))
            .train(LABELED, POOL, null, null);
    try (ClassifierModel m = r.model()) {
      RoundSummary s = r.rounds().get(0);
      assertThat(s.teacherValAccuracy()).isNull();
      assertThat(s.studentValAccuracy()).isNull();
      assertThat(s.kept()).isTrue();
      assertThat(r.keptRound()).isEqualTo(1);
      assertThat(SelfTrainer.sha256(m.parameterBytes())).isEqualTo(s.studentSha256());
    }
  }

  private static SelfTrainer twoRounds(
      RunDirectory run, boolean resume, TrainingLoop.Listener listener) {
    SelfTrainerSettings.Builder b =
        SelfTrainer.builder()
            .setTeacherArchitecture("cnn-tiny")
            .setStudents(List.of("cnn-tiny", "cnn-tiny"))
            .setConfig(config(2))
            .setLabeler(labeler())
            .optRunDirectory(run)
            .optResume(resume)
            .optDataThreads(0);
    if (listener != null) {
      b.addListener(listener);
    }
    return b.build();
  }

  private static SelfTrainer.Result selfTrainedFromScratch(RunDirectory run) {
    return selfTrainedFromScratch(run, POOL.withLabelsHidden());
  }

  private static SelfTrainer.Result selfTrainedFromScratch(RunDirectory run, ImageSet pool) {
    return SelfTrainer.builder()
        .setTeacherArchitecture("cnn-tiny")
        .setStudents(List.of("cnn-tiny"))
        .setConfig(config(1))
        .setLabeler(PseudoLabeler.builder().optSoft(true).build())
        .optRampUp(new RampUp(0, 2, 3f))
        .optRunDirectory(run)
        .optDataThreads(0)
        .build()
        .train(LABELED, pool, VAL, VAL);
  }

  @Test
  void builderRejectsMissingAndBadFieldsNamingThem() {
    assertThatThrownBy(() -> SelfTrainer.builder().setStudents(List.of("cnn-tiny")).build())
        .hasMessage("teacherArchitecture or teacher is required");
    assertThatThrownBy(() -> SelfTrainer.builder().setTeacherArchitecture("cnn-tiny").build())
        .hasMessage("students must name at least one architecture");
    assertThatThrownBy(
            () ->
                SelfTrainer.builder()
                    .setTeacherArchitecture("cnn-tiny")
                    .setStudents(List.of("cnn-tiny"))
                    .setConfig(config(1))
                    .setLabeler(labeler())
                    .optRatio(0f)
                    .build())
        .hasMessage("ratio must be > 0 and finite, got 0.0");
    assertThatThrownBy(
            () ->
                SelfTrainer.builder()
                    .setTeacherArchitecture("resnet20")
                    .setStudents(List.of("resnet20", "cnn-tiny"))
                    .setConfig(config(1))
                    .setLabeler(labeler())
                    .optStudentOptions(ModelOptions.DEFAULTS.withStochasticDepth(0.2))
                    .build())
        .as("refused before any training, naming the model that does not take it")
        .hasMessageContaining("'cnn-tiny'")
        .hasMessageContaining("stochasticDepth");
  }

  @Test
  void noiseGoesWhereEachArchitectureTakesIt() {
    ModelOptions noise = ModelOptions.DEFAULTS.withDropout(0.5).withStochasticDepth(0.2);
    SelfTrainerSettings s =
        new SelfTrainerSettings(
            null,
            "linear",
            List.of("cnn-small"),
            config(1),
            null,
            null,
            labeler(),
            1f,
            RampUp.constant(1f),
            null,
            null,
            ModelOptions.DEFAULTS.withDropout(0.1),
            noise,
            null,
            null,
            false,
            null,
            0,
            List.of(),
            List.of());
    assertThat(s.optionsFor("cnn-small"))
        .as("an explicit dropout wins")
        .isEqualTo(ModelOptions.DEFAULTS.withDropout(0.1));
    assertThat(s.optionsFor("resnet20"))
        .isEqualTo(ModelOptions.DEFAULTS.withDropout(0.1).withStochasticDepth(0.2));
    SelfTrainerSettings open =
        new SelfTrainerSettings(
            null,
            "linear",
            List.of("cnn-tiny"),
            config(1),
            null,
            null,
            labeler(),
            1f,
            RampUp.constant(1f),
            null,
            null,
            ModelOptions.DEFAULTS,
            noise,
            null,
            null,
            false,
            null,
            0,
            List.of(),
            List.of());
    assertThat(open.optionsFor("cnn-tiny")).isEqualTo(ModelOptions.DEFAULTS.withDropout(0.5));
    assertThat(open.optionsFor("linear")).isEqualTo(ModelOptions.DEFAULTS);
  }
}
