package dev.pupil.cli;

import dev.pupil.eval.EvalReport;
import dev.pupil.knn.Metric;
import dev.pupil.knn.Vote;
import dev.pupil.models.ModelOptions;
import dev.pupil.optim.LearningRates.Schedule;
import dev.pupil.report.RunDirectory;
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
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code pupil demo}: the README's main job. Trains cnn-small on Fashion-MNIST (all 60,000
 * training images, 10% of them for validation), evaluates on the 10,000 test images, trains the
 * linear baseline for two epochs on the same split, and prints a comparison.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Train cnn-small and the linear baseline on Fashion-MNIST, run k-NN on its pixels, and "
          + "compare the three on the test set.",
      "About 40 s per cnn-small epoch on 2 CPU cores; needs Fashion-MNIST "
          + "(/usr/share/datasets or `pupil data fetch fashion-mnist`)."
    })
final class DemoCommand implements Callable<Integer> {
  static final String DATASET = "fashion-mnist";
  static final int LINEAR_EPOCHS = 2;

  @Spec CommandSpec spec;

  @Mixin Output output;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "3", description = "cnn-small epochs (default: 3).")
  int epochs;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "runs/demo",
      description = "Parent of the two run folders; an earlier demo there is replaced (default: runs/demo).")
  Path out;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed (default: 42).")
  long seed;

  @Override
  public Integer call() {
    TrainConfig cnn = cnnSmall(epochs, seed);
    TrainConfig linear = linear(seed);
    PrintWriter lines = output.progress();
    lines.println("loading " + DATASET + " ...");
    lines.flush();
    PreparedData data =
        DataLoader.load(new DataSpec(DATASET, null, null, 0, 0, 0, 0, 0.1, 0, seed, false, null));
    List<TrainingRun.Summary> runs = new ArrayList<>();
    runs.add(run("cnn-small", cnn, data, lines));
    runs.add(run("linear", linear, data, lines));
    runs.add(knn(data, lines));
    if (output.json()) {
      List<Map<String, Object>> rows = new ArrayList<>();
      runs.forEach(r -> rows.add(r.toMap()));
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("dataset", DATASET);
      m.put("splitSizes", data.sizes());
      m.put("runs", rows);
      output.result(m);
    } else {
      printTable(runs, output.out());
    }
    return Pupil.OK;
  }

  private TrainingRun.Summary run(String model, TrainConfig config, PreparedData data, PrintWriter lines) {
    RunDirectory run = RunFolders.fresh(out.resolve(model), model, true);
    lines.println(TrainCommand.describe(model, data, run.root(), false));
    lines.flush();
    EpochProgress progress =
        new EpochProgress(model, config.epochs(), lines, ProgressBar.onTerminal(output.err()));
    return TrainingRun.execute(
        "demo", data, model, ModelOptions.DEFAULTS, config, run, false, Pupil.typed(spec), progress,
        TrainingRun.Augment.NONE);
  }

  /** k-NN as search on raw pixels (k = 5, cosine, majority vote): the course's first classifier. */
  private static TrainingRun.Summary knn(PreparedData data, PrintWriter lines) {
    lines.printf(
        Locale.ROOT, "k-NN on pixels (k=5, cosine): %d indexed, %d queries%n",
        data.train().size(), data.test().size());
    lines.flush();
    long t0 = System.nanoTime();
    EvalReport report =
        KnnCommand.evaluate(
            data.train(), data.test(), data.classes(), 5, Metric.COSINE, Vote.MAJORITY, null);
    return new TrainingRun.Summary(
        null, "knn-pixels", 0, 0, false, Double.NaN, report, (System.nanoTime() - t0) / 1e9);
  }

  /** cnn-small: AdamW 2e-3, weight decay 5e-4, cosine with one warm-up epoch from 3 epochs. */
  static TrainConfig cnnSmall(int epochs, long seed) {
    return TrainConfig.builder()
        .optEpochs(epochs)
        .optOptimizer("adamw")
        .optLr(2e-3f)
        .optWeightDecay(5e-4f)
        .optSchedule(Schedule.COSINE)
        .optWarmupEpochs(epochs > 2 ? 1 : 0)
        .optSeed(seed)
        .build();
  }

  /** linear: AdamW 1e-3 without weight decay, cosine, two epochs. */
  static TrainConfig linear(long seed) {
    return TrainConfig.builder()
        .optEpochs(LINEAR_EPOCHS)
        .optOptimizer("adamw")
        .optLr(1e-3f)
        .optWeightDecay(0f)
        .optSchedule(Schedule.COSINE)
        .optSeed(seed)
        .build();
  }

  private static void printTable(List<TrainingRun.Summary> runs, PrintWriter out) {
    out.println();
    out.println("| model      | epochs | val acc | test acc | macro F1 | time   | run folder");
    out.println("|------------|--------|---------|----------|----------|--------|-----------");
    for (TrainingRun.Summary s : runs) {
      out.printf(
          Locale.ROOT,
          "| %-10s | %6s | %7s | %8s | %8.4f | %6s | %s%n",
          s.model(),
          s.epochs() == 0 ? "-" : Integer.toString(s.epochs()),
          EpochProgress.percent(s.valAccuracy()),
          EpochProgress.percent(s.test().accuracy()),
          s.test().macroF1(),
          EpochProgress.duration(s.seconds()),
          s.runDir() == null ? "-" : s.runDir());
    }
    out.flush();
  }
}
