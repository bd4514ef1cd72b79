package dev.pupil.cli;

import dev.pupil.augment.AugmentPipeline;
import dev.pupil.data.ImageSet;
import dev.pupil.data.Normalization;
import dev.pupil.eval.EvalReport;
import dev.pupil.knn.Metric;
import dev.pupil.knn.Vote;
import dev.pupil.models.ModelOptions;
import dev.pupil.optim.LearningRates.Schedule;
import dev.pupil.run.DataSpec;
import dev.pupil.run.PreparedData;
import dev.pupil.run.RunDirectory;
import dev.pupil.run.SelfTrainingConfig;
import dev.pupil.run.SelfTrainingRun;
import dev.pupil.semisup.PseudoLabeler;
import dev.pupil.semisup.RampUp;
import dev.pupil.semisup.RoundSummary;
import dev.pupil.train.TrainConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pupil demo}: the README's main job, Pupil's headline. Fashion-MNIST with 1,000 labels (100
 * per class, stratified and seeded) and the other 59,000 training images as an unlabeled pool: k-NN
 * on the labeled pixels, a supervised cnn-small on the labeled images (flip and crop), then one
 * round of Noisy Student (Xie et al. 2020, arXiv:1911.04252) in which that supervised network, not
 * noised, labels the pool, its confident labels are kept, and a noised student (RandAugment;
 * cnn-small's own dropout of 0.3, which the teacher also trains with: dropout 0.5 on the
 * 1,000-label teacher cost it two points) learns from labeled and pseudo-labeled batches. Prints
 * the comparison on the 10,000 test images and where the run folder is; the supervised network is
 * the run's round-0 teacher.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Fashion-MNIST with 1,000 labels: k-NN on pixels, a supervised cnn-small, then Noisy "
          + "Student with the other 59,000 training images unlabeled; compares the three on the "
          + "test set.",
      "About 5 minutes on 2 idle CPU cores; needs Fashion-MNIST "
          + "(/usr/share/datasets or `pupil data fetch fashion-mnist`). --data also takes an "
          + "image folder."
    })
final class DemoCommand implements Callable<Integer> {
  static final String DATASET = "fashion-mnist";
  static final int LABELS_PER_CLASS = 100;

  @Spec CommandSpec spec;

  @Mixin Output output;

  @Mixin DataOptions data;

  @Option(
      names = "--teacher-epochs",
      paramLabel = "N",
      defaultValue = "60",
      description = "Epochs of the supervised network over the labeled images (default: 60).")
  int teacherEpochs;

  @Option(
      names = "--epochs",
      paramLabel = "N",
      defaultValue = "8",
      description =
          "Epochs of the Noisy Student, each a pass over the pseudo-labeled pool "
              + "(default: 8).")
  int epochs;

  @Option(
      names = "--model",
      paramLabel = "NAME",
      defaultValue = "cnn-small",
      description =
          "Architecture of the supervised network and of the student (default: " + "cnn-small).")
  String model;

  @Option(
      names = "--augment",
      paramLabel = "SPEC",
      defaultValue = "flip,crop:2,rand-n2-m9",
      description = "The student's input noise (default: flip,crop:2,rand-n2-m9).")
  String augment;

  @Option(
      names = "--teacher-augment",
      paramLabel = "SPEC",
      defaultValue = "flip,crop:2",
      description = "The supervised network's augmentation (default: flip,crop:2).")
  String teacherAugment;

  @Option(
      names = "--threshold",
      paramLabel = "P",
      defaultValue = "0.8",
      description =
          "Keep a pseudo-label when the teacher's top probability is at least P "
              + "(default: 0.8).")
  float threshold;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "runs/demo",
      description =
          "Parent of the run folder; an earlier demo there is replaced (default: " + "runs/demo).")
  Path out;

  @Override
  public Integer call() {
    if (data.data == null) {
      data.data = DATASET;
    }
    if (data.labelsPerClass == null) {
      data.labelsPerClass = LABELS_PER_CLASS;
    }
    if (data.valFraction == null) {
      data.valFraction = 0.0;
    }
    SelfTrainOptions.require(teacherEpochs >= 1, "--teacher-epochs must be >= 1");
    SelfTrainOptions.require(epochs >= 1, "--epochs must be >= 1");
    SelfTrainOptions.require(
        threshold >= 0 && threshold <= 1, "--threshold must be in [0, 1], got " + threshold);
    AugmentPipeline noise = AugmentOptions.parse("--augment", augment);
    AugmentPipeline teacherNoise = AugmentOptions.parse("--teacher-augment", teacherAugment);
    DataSpec dataSpec = data.toSpec();
    PrintWriter lines = output.progress();
    lines.println("loading " + dataSpec.label() + " ...");
    lines.flush();
    PreparedData prepared = Data.load(dataSpec, true);
    SelfTrainOptions.require(
        prepared.unlabeled().size() >= 2,
        "the split leaves no unlabeled pool; lower --labels-per-class");
    long seed = data.seed();
    Row knn = knn(prepared, lines);
    TrainConfig student = config(epochs, 128, seed);
    TrainConfig teacher = config(teacherEpochs, 64, seed);
    SelfTrainingConfig settings =
        new SelfTrainingConfig(
            "noisy-student",
            model,
            List.of(model),
            PseudoLabeler.builder().optThreshold(threshold).build(),
            3f,
            RampUp.constant(1f),
            SelfTrainingConfig.POOL,
            noise.spec(),
            teacherNoise.spec(),
            ModelOptions.DEFAULTS,
            ModelOptions.DEFAULTS,
            teacher.epochs(),
            false);
    RunDirectory run = RunFolders.fresh(out.resolve("noisy-student"), "noisy-student", true);
    lines.println(
        SelfTrainRun.describe(
            "noisy-student",
            prepared,
            prepared.unlabeled(),
            settings.teacher(),
            settings.students(),
            run.root()));
    RoundsProgress progress =
        new RoundsProgress(
            model,
            teacherEpochs,
            settings.students(),
            epochs,
            lines,
            ProgressBar.onTerminal(output.err()));
    SelfTrainingRun.Summary s =
        SelfTrainingRun.builder()
            .setData(prepared)
            .setUnlabeled(prepared.unlabeledPool())
            .setSettings(settings)
            .setConfig(student)
            .optTeacherConfig(teacher)
            .optNormalization(
                dataSpec.normalize() == null
                    ? Normalization.fromImages(prepared.train())
                    : Normalization.parse(dataSpec.normalize(), "--normalize"))
            .setRunDirectory(run)
            .optCommandLine(Pupil.typed(spec))
            .addListener(progress)
            .addRoundListener(progress)
            .build()
            .run();
    RoundSummary round = s.rounds().get(0);
    List<Row> rows = new ArrayList<>();
    rows.add(knn);
    rows.add(
        new Row(
            "supervised " + model,
            prepared.train().size(),
            0,
            round.teacherAccuracy(),
            progress.teacherSeconds(),
            run.root().resolve("round-0")));
    rows.add(
        new Row(
            "noisy student " + model,
            prepared.train().size(),
            round.pseudoLabels(),
            s.test().accuracy(),
            progress.seconds(),
            run.root()));
    if (output.json()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("dataset", dataSpec.label());
      m.put("splitSizes", prepared.sizes());
      m.put("rows", rows);
      m.put("runDir", run.root().toString());
      m.put("report", run.root().resolve("report.html").toString());
      output.result(m);
    } else {
      printTable(rows, output.out());
      output
          .out()
          .printf(
              Locale.ROOT,
              "the supervised network is the round-0 teacher of %s%nreport: %s%n",
              run.root(),
              run.root().resolve("report.html"));
      output.out().flush();
    }
    return Pupil.OK;
  }

  /**
   * One line of the comparison.
   *
   * @param method what was trained
   * @param labels labeled images used
   * @param pseudoLabels pseudo-labeled images used
   * @param testAccuracy accuracy on the test images
   * @param seconds wall time, the teacher's included
   * @param runDir the run folder, or null
   */
  record Row(
      String method,
      int labels,
      int pseudoLabels,
      double testAccuracy,
      double seconds,
      Path runDir) {}

  /** k-NN as search on raw pixels (k = 5, cosine, majority vote): the course's first classifier. */
  private static Row knn(PreparedData data, PrintWriter lines) {
    ImageSet train = data.train();
    lines.printf(
        Locale.ROOT,
        "k-NN on pixels (k=5, cosine): %d labeled images indexed, %d " + "queries%n",
        train.size(),
        data.test().size());
    lines.flush();
    long t0 = System.nanoTime();
    EvalReport report =
        KnnCommand.evaluate(
            train, data.test(), data.classes(), 5, Metric.COSINE, Vote.MAJORITY, null);
    return new Row(
        "k-NN pixels", train.size(), 0, report.accuracy(), (System.nanoTime() - t0) / 1e9, null);
  }

  /** AdamW 2e-3, weight decay 5e-4, cosine with one warm-up epoch. */
  static TrainConfig config(int epochs, int batch, long seed) {
    return TrainConfig.builder()
        .optEpochs(epochs)
        .optBatchSize(batch)
        .optOptimizer("adamw")
        .optLr(2e-3f)
        .optWeightDecay(5e-4f)
        .optSchedule(Schedule.COSINE)
        .optWarmupEpochs(epochs > 2 ? 1 : 0)
        .optSeed(seed)
        .build();
  }

  private static void printTable(List<Row> rows, PrintWriter out) {
    out.println();
    out.println(
        "| method                   | labels | pseudo-labels | test acc | time    "
            + "| run folder");
    out.println(
        "|--------------------------|--------|---------------|----------|---------"
            + "|-----------");
    for (Row r : rows) {
      out.printf(
          Locale.ROOT,
          "| %-24s | %6d | %13d | %8s | %7s | %s%n",
          r.method(),
          r.labels(),
          r.pseudoLabels(),
          EpochProgress.percent(r.testAccuracy()),
          EpochProgress.duration(r.seconds()),
          r.runDir() == null ? "-" : r.runDir());
    }
    out.flush();
  }
}
