package dev.pupil.bench;

import dev.pupil.augment.AugmentSpec;
import dev.pupil.data.ImageSet;
import dev.pupil.data.Normalization;
import dev.pupil.data.Split;
import dev.pupil.data.Splits;
import dev.pupil.eval.EvalReport;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.ModelOptions;
import dev.pupil.optim.LearningRates.Schedule;
import dev.pupil.semisup.FixMatchTrainer;
import dev.pupil.semisup.PseudoLabeler;
import dev.pupil.semisup.RampUp;
import dev.pupil.semisup.RoundSummary;
import dev.pupil.semisup.SelfTrainer;
import dev.pupil.semisup.SelfTrainerSettings;
import dev.pupil.train.ClassifierTrainer;
import dev.pupil.train.EpochMetrics;
import dev.pupil.train.TrainConfig;
import dev.pupil.train.TrainingLoop;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The semi-supervised protocol of issue 7 on Fashion-MNIST: a stratified, seeded labeled subset of
 * N images per class, the rest of the 60,000 training images as the unlabeled pool (their labels
 * never reach training; the pseudo-labelers use them only to audit the kept labels), the official
 * 10,000 test images. For each N and seed: the supervised baseline (the labeled images alone),
 * Pseudo-Label (Lee 2013: --pl-rounds rounds of the same architecture, each round's student
 * labelling the pool for the next, threshold 0.95, a ramped weight) and Noisy Student (Xie et al.
 * 2020, arXiv:1911.04252: the un-noised teacher labels the pool, noised students of equal or larger
 * size learn from labeled + pseudo-labeled batches and become the next teacher) and FixMatch (Sohn
 * et al. 2020, arXiv:2001.07685, from scratch: it needs no teacher, and runs first; with --methods
 * fixmatch alone no teacher is trained; {@code fixmatch-from-supervised} starts it from the
 * supervised network's weights instead). The supervised model is the first teacher of Pseudo-Label
 * and Noisy Student, so the table shows what the unlabeled images add to it; each method's wall
 * time is reported with and without the teacher's. There is no validation split (with 10 labels per
 * class a held-out split would be a large share of all labels): every run keeps its last epoch.
 *
 * <p>{@code bench/run SemiSupervisedBench [--labels 100] [--seeds 1] [--methods
 * supervised,pseudo-label,noisy-student] [--model cnn-small] [--teacher-epochs 60]
 * [--teacher-augment flip,crop:2] [--student-epochs 3] [--students resnet20,resnet20]
 * [--student-augment flip,crop:2,rand-n2-m9] [--dropout 0.5] [--threshold 0.3] [--ratio 3]
 * [--pl-threshold 0.95] [--pl-rounds 1] [--fm-epochs 15] [--fm-lr 0.03]}; add {@code fixmatch} or
 * {@code fixmatch-from-supervised} to --methods for FixMatch. The result JSON is rewritten after
 * every run, so a stopped study keeps what it measured.
 */
public final class SemiSupervisedBench {
  private SemiSupervisedBench() {}

  /** The settings of one invocation. */
  private record Settings(
      String model,
      int teacherEpochs,
      String teacherAugment,
      int studentEpochs,
      List<String> students,
      String studentAugment,
      double dropout,
      float threshold,
      float ratio,
      float plThreshold,
      int plRounds,
      int fixMatchEpochs,
      float fixMatchLr) {}

  /** The method name of FixMatch started from the supervised network's weights. */
  static final String FROM_SUPERVISED = "fixmatch-from-supervised";

  /**
   * @param argv options
   * @throws Exception on failure
   */
  public static void main(String[] argv) throws Exception {
    Map<String, String> a = BenchSupport.args(argv);
    int[] labels = ints(a.getOrDefault("labels", "100"));
    int[] seeds = ints(a.getOrDefault("seeds", "1"));
    List<String> methods =
        List.of(a.getOrDefault("methods", "supervised,pseudo-label,noisy-student").split(","));
    Settings s =
        new Settings(
            a.getOrDefault("model", "cnn-small"),
            Integer.parseInt(a.getOrDefault("teacher-epochs", "60")),
            a.getOrDefault("teacher-augment", "flip,crop:2"),
            Integer.parseInt(a.getOrDefault("student-epochs", "3")),
            List.of(a.getOrDefault("students", "resnet20,resnet20").split(",")),
            a.getOrDefault("student-augment", "flip,crop:2,rand-n2-m9"),
            Double.parseDouble(a.getOrDefault("dropout", "0.5")),
            Float.parseFloat(a.getOrDefault("threshold", "0.3")),
            Float.parseFloat(a.getOrDefault("ratio", "3")),
            Float.parseFloat(a.getOrDefault("pl-threshold", "0.95")),
            Integer.parseInt(a.getOrDefault("pl-rounds", "1")),
            Integer.parseInt(a.getOrDefault("fm-epochs", "15")),
            Float.parseFloat(a.getOrDefault("fm-lr", "0.03")));
    ImageSet all = BenchSupport.fashionTrain();
    ImageSet test = BenchSupport.fashionTest();
    Path file = BenchSupport.resultPath("semi-supervised");
    String command = "bench/run SemiSupervisedBench " + String.join(" ", argv);
    List<Map<String, Object>> runs = new ArrayList<>();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("settings", s);
    out.put("runs", runs);
    List<String> rows = new ArrayList<>();
    for (int n : labels) {
      for (int seed : seeds) {
        Split split = Splits.stratified(all, n, 0.0, seed);
        ImageSet labeled = all.subset(split.labeled());
        ImageSet pool = all.subset(split.unlabeled());
        Normalization norm = Normalization.fromImages(labeled);
        String tag = n + "/class seed " + seed;
        if (methods.contains("fixmatch")) { // from scratch: it needs no teacher
          record(runs, rows, fixMatch(s, seed, norm, tag, labeled, pool, test, n, null, 0));
          BenchSupport.writeResult(file, "semi-supervised", command, out);
        }
        if (methods.equals(List.of("fixmatch"))) {
          continue;
        }
        long t0 = System.nanoTime();
        ClassifierTrainer.Trained teacher =
            ClassifierTrainer.builder()
                .setArchitecture(s.model())
                .setConfig(config(s.teacherEpochs(), 64, seed))
                .optAugmentation(AugmentSpec.parse(s.teacherAugment()))
                .optNormalization(norm)
                .addListener(progress(tag + " supervised", 10))
                .build()
                .train(labeled, null);
        double teacherSeconds = seconds(t0);
        try (ClassifierModel t = teacher.model()) {
          double acc = EvalReport.evaluate(t, test, 1000).accuracy();
          Map<String, Object> base = run(n, seed, "supervised", acc, teacherSeconds, 0);
          base.put("model", s.model());
          base.put("history", teacher.result().history());
          if (methods.contains("supervised")) {
            record(runs, rows, base);
            BenchSupport.writeResult(file, "semi-supervised", command, out);
          }
          for (String method : methods) {
            if (method.equals("supervised") || method.equals("fixmatch")) {
              continue;
            }
            if (method.equals(FROM_SUPERVISED)) {
              record(
                  runs,
                  rows,
                  fixMatch(s, seed, norm, tag, labeled, pool, test, n, t, teacherSeconds));
              BenchSupport.writeResult(file, "semi-supervised", command, out);
              continue;
            }
            long t1 = System.nanoTime();
            SelfTrainer.Result r =
                selfTrainer(method, s, seed, norm, tag, t).train(labeled, pool, null, test);
            double own = seconds(t1);
            try (ClassifierModel student = r.model()) {
              double a2 = EvalReport.evaluate(student, test, 1000).accuracy();
              Map<String, Object> row = run(n, seed, method, a2, own, teacherSeconds);
              row.put("rounds", r.rounds());
              row.put("history", r.history());
              record(runs, rows, row);
              BenchSupport.writeResult(file, "semi-supervised", command, out);
            }
          }
        }
      }
    }
    BenchSupport.writeResult(file, "semi-supervised", command, out);
    System.out.println("| labels/class | seed | method | test acc % | wall s (with teacher) |");
    System.out.println("|---|---|---|---|---|");
    rows.forEach(System.out::println);
    System.out.println("wrote " + file);
  }

  /**
   * FixMatch, from scratch or (with an initial model: method {@value #FROM_SUPERVISED}) from the
   * supervised network's weights: the paper's SGD settings (Nesterov 0.9, lr --fm-lr, default 0.03,
   * weight decay 5e-4, cosine, batch 64), τ 0.95, λ 1, μ 7, EMA 0.999, the default weak and strong
   * views; --fm-epochs epochs of (pool ÷ μB) steps each.
   */
  private static Map<String, Object> fixMatch(
      Settings s,
      int seed,
      Normalization norm,
      String tag,
      ImageSet labeled,
      ImageSet pool,
      ImageSet test,
      int n,
      ClassifierModel initial,
      double teacherSeconds) {
    String method = initial == null ? "fixmatch" : FROM_SUPERVISED;
    TrainConfig cfg =
        TrainConfig.builder()
            .optEpochs(s.fixMatchEpochs())
            .optBatchSize(64)
            .optOptimizer("sgd")
            .optLr(s.fixMatchLr())
            .optMomentum(0.9f)
            .optNesterov(true)
            .optWeightDecay(5e-4f)
            .optSchedule(Schedule.COSINE)
            .optSeed(seed)
            .build();
    long t0 = System.nanoTime();
    ClassifierTrainer.Trained t =
        FixMatchTrainer.builder()
            .setArchitecture(s.model())
            .optInitialModel(initial)
            .setConfig(cfg)
            .optNormalization(norm)
            .addListener(progress(tag + " " + method, 1))
            .build()
            .train(labeled, pool, null);
    double own = seconds(t0);
    try (ClassifierModel m = t.model()) {
      double acc = EvalReport.evaluate(m, test, 1000).accuracy();
      Map<String, Object> row = run(n, seed, method, acc, own, teacherSeconds);
      row.put("model", s.model());
      row.put("config", cfg);
      row.put("history", t.result().history());
      return row;
    }
  }

  private static SelfTrainer selfTrainer(
      String method,
      Settings s,
      int seed,
      Normalization norm,
      String tag,
      ClassifierModel teacher) {
    TrainConfig cfg = config(s.studentEpochs(), 128, seed);
    SelfTrainerSettings.Builder b;
    switch (method) {
      case "pseudo-label" ->
          b =
              SelfTrainer.builder()
                  .optTeacher(teacher)
                  .setStudents(Collections.nCopies(s.plRounds(), s.model()))
                  .setLabeler(PseudoLabeler.builder().optThreshold(s.plThreshold()).build())
                  .optRatio(1f)
                  .optRampUp(new RampUp(1, Math.max(2, s.studentEpochs()), 1f))
                  .optAugmentation(AugmentSpec.parse(s.teacherAugment()));
      case "noisy-student" ->
          b =
              SelfTrainer.builder()
                  .optTeacher(teacher)
                  .setStudents(s.students())
                  .setLabeler(PseudoLabeler.builder().optThreshold(s.threshold()).build())
                  .optRatio(s.ratio())
                  .optRampUp(RampUp.constant(1f))
                  .optAugmentation(AugmentSpec.parse(s.studentAugment()))
                  .optStudentOptions(ModelOptions.DEFAULTS.withDropout(s.dropout()));
      default -> throw new IllegalArgumentException("unknown method " + method);
    }
    return b.setConfig(cfg)
        .optNormalization(norm)
        .addListener(progress(tag + " " + method, 1))
        .addRoundListener(
            new SelfTrainer.RoundListener() {
              @Override
              public void onRound(RoundSummary r) {
                System.out.printf(
                    Locale.ROOT,
                    "%s %s round %d: %s -> %s, kept %d of %d (audit acc %.3f), teacher %.2f%%, "
                        + "student %.2f%%%n",
                    tag,
                    method,
                    r.round(),
                    r.teacher(),
                    r.student(),
                    r.pseudoLabels(),
                    r.poolSize(),
                    r.pseudoLabelAccuracy(),
                    100 * r.teacherAccuracy(),
                    100 * r.studentAccuracy());
              }
            })
        .build();
  }

  /** AdamW with a cosine schedule and a warm-up epoch, as in {@link FashionMnistAccuracy}. */
  private static TrainConfig config(int epochs, int batch, long seed) {
    return FashionMnistAccuracy.config("cnn-small", epochs, seed).toBuilder()
        .optBatchSize(batch)
        .build();
  }

  private static Map<String, Object> run(
      int n, int seed, String method, double acc, double seconds, double teacherSeconds) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("labelsPerClass", n);
    m.put("seed", seed);
    m.put("method", method);
    m.put("testAccuracy", acc);
    m.put("seconds", seconds);
    m.put("secondsWithTeacher", seconds + teacherSeconds);
    return m;
  }

  private static void record(
      List<Map<String, Object>> runs, List<String> rows, Map<String, Object> row) {
    runs.add(row);
    String line =
        String.format(
            Locale.ROOT,
            "| %d | %d | %s | %.2f | %.0f |",
            row.get("labelsPerClass"),
            row.get("seed"),
            row.get("method"),
            100 * (double) row.get("testAccuracy"),
            (double) row.get("secondsWithTeacher"));
    rows.add(line);
    System.out.println(line);
  }

  private static TrainingLoop.Listener progress(String tag, int every) {
    return new TrainingLoop.Listener() {
      @Override
      public void onEpoch(EpochMetrics m) {
        if (m.epoch() % every == 0) {
          System.out.printf(
              Locale.ROOT,
              "%s epoch %d loss %.4f train-acc %.4f %.0f img/s%n",
              tag,
              m.epoch(),
              m.losses().get("total"),
              m.trainAccuracy(),
              m.imagesPerSecond());
        }
      }
    };
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static int[] ints(String csv) {
    return Arrays.stream(csv.split(",")).map(String::strip).mapToInt(Integer::parseInt).toArray();
  }
}
