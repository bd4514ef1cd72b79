package dev.pupil.bench;

import ai.djl.Device;
import dev.pupil.augment.AugmentSpec;
import dev.pupil.augment.Augmentation;
import dev.pupil.data.ImageSet;
import dev.pupil.eval.EvalReport;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.FrozenModel;
import dev.pupil.models.ModelOptions;
import dev.pupil.models.ModelSpec;
import dev.pupil.models.ModelStats;
import dev.pupil.train.ClassifierTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Knowledge distillation on Fashion-MNIST (issue 6; Hinton, Vinyals &amp; Dean 2015,
 * arXiv:1503.02531): a teacher trained on the 60,000 training images, a student at least 10×
 * smaller trained alone, and the same student distilled (a) with the labels and (b) from the 60,000
 * images without labels (the KL term alone). Test accuracy on the 10,000 test images, and the
 * fraction of the student→teacher gap that distillation closes, {@code (acc_distilled −
 * acc_student) / (acc_teacher − acc_student)}.
 *
 * <p>Protocol: a sweep on the first seed (student alone; with labels T ∈ --temperatures at α =
 * --alpha, and α ∈ --alphas at T = 4; without labels T ∈ --unlabeled-temperatures), then on every
 * other seed the student alone, the sweep's best labeled setting, T = 4 / α = --alpha (on the first
 * seed too when the sweep left it out), and the sweep's best unlabeled setting. The best settings
 * are chosen on the first seed's test accuracy (there is no validation split: every run trains on
 * all 60,000 images), so the first seed's figure for them is optimistic; T = 4 / α = 0.9 is fixed
 * in advance. Without augmentation the teacher's logits are computed once and shared by every
 * distilled run; with {@code --augment SPEC} every student, alone or distilled, trains on augmented
 * views and the teacher labels each view as the student sees it (a consistent teacher, Beyer et al.
 * 2022, arXiv:2106.05237). One teacher serves all seeds. Students use {@link
 * FashionMnistAccuracy#config} (AdamW, cosine, one warm-up epoch) and, for one seed, the same
 * initial weights and batch order alone and distilled.
 *
 * <p>{@code bench/run DistillationBench [--teacher cnn-small] [--teacher-epochs 8] [--teacher-file
 * FILE] [--student cnn-tiny] [--epochs 6] [--seeds 1,2,3] [--temperatures 1,2,4,8] [--alpha 0.9]
 * [--alphas 0.5,0.99] [--unlabeled-temperatures 4] [--augment none|SPEC]}; an empty list ({@code
 * --alphas ""}) skips that part of the sweep. The teacher is loaded from --teacher-file when it
 * exists, else trained (seed 1) and saved there. On a shared 2-core machine run it with one PyTorch
 * thread ({@code BENCH_JAVA_OPTS="-Xmx6g -Dai.djl.pytorch.num_threads=1"}): two oversubscribed
 * intra-op threads ran 5–9× slower.
 */
public final class DistillationBench {
  private DistillationBench() {}

  /**
   * @param argv options
   * @throws Exception on failure
   */
  public static void main(String[] argv) throws Exception {
    Map<String, String> a = BenchSupport.args(argv);
    String teacherArch = a.getOrDefault("teacher", "cnn-small");
    int teacherEpochs = Integer.parseInt(a.getOrDefault("teacher-epochs", "8"));
    Path teacherFile =
        Path.of(
            a.getOrDefault(
                "teacher-file",
                "runs/bench/distill-teacher-" + teacherArch + "-e" + teacherEpochs + ".pupil"));
    String student = a.getOrDefault("student", "cnn-tiny");
    int epochs = Integer.parseInt(a.getOrDefault("epochs", "6"));
    long[] seeds = longs(a.getOrDefault("seeds", "1,2,3"));
    float[] temps = floats(a.getOrDefault("temperatures", "1,2,4,8"));
    float alpha = Float.parseFloat(a.getOrDefault("alpha", "0.9"));
    float[] alphas = floats(a.getOrDefault("alphas", "0.5,0.99"));
    float[] unlabeledTemps = floats(a.getOrDefault("unlabeled-temperatures", "4"));
    String augment = a.getOrDefault("augment", "none");
    Augmentation augmentation = augment.equals("none") ? null : AugmentSpec.parse(augment);
    ImageSet train = BenchSupport.fashionTrain();
    ImageSet test = BenchSupport.fashionTest();
    ModelSpec spec = new ModelSpec(1, 28, 28, 10);
    Map<String, Object> out = new LinkedHashMap<>();
    long t0 = System.nanoTime();
    boolean teacherLoaded = Files.exists(teacherFile);
    try (ClassifierModel teacherModel = teacher(teacherArch, teacherEpochs, teacherFile, train)) {
      long tp = ModelStats.of(teacherModel.block(), spec).parameters();
      long sp = ModelStats.measure(student, spec, ModelOptions.DEFAULTS).parameters();
      double teacherAcc = EvalReport.evaluate(teacherModel, test, 1000).accuracy();
      System.out.printf(
          Locale.ROOT,
          "teacher %s: %,d parameters, test acc %.2f%%; "
              + "student %s: %,d parameters (%.1fx smaller)%n",
          teacherArch,
          tp,
          100 * teacherAcc,
          student,
          sp,
          (double) tp / sp);
      if (tp < 10 * sp) {
        System.out.println("warning: the student is less than 10x smaller than the teacher");
      }
      Object trainedFor = teacherLoaded ? "as trained in the file" : teacherEpochs;
      out.put(
          "teacher",
          Map.of(
              "model",
              teacherArch,
              "parameters",
              tp,
              "epochs",
              trainedFor,
              "file",
              teacherFile.toString(),
              "testAccuracy",
              teacherAcc));
      out.put("student", Map.of("model", student, "parameters", sp, "epochs", epochs));
      out.put("sizeRatio", (double) tp / sp);
      out.put("augment", augment);
      FrozenModel teacher = FrozenModel.of(teacherModel);
      float[][] cache = augmentation == null ? teacher.logits(train, 1000) : null;
      ImageSet unlabeled = train.withLabelsHidden();
      DistillationRunner run =
          new DistillationRunner(
              student, epochs, teacher, cache, train, unlabeled, test, augmentation);

      // Sweep on the first seed.
      long s0 = seeds[0];
      List<Setting> sweep = new ArrayList<>();
      for (float t : temps) {
        sweep.add(new Setting(t, alpha, true));
      }
      for (float al : alphas) {
        sweep.add(new Setting(4f, al, true));
      }
      for (float t : unlabeledTemps) {
        sweep.add(new Setting(t, 1f, false));
      }
      double alone0 = run.alone(s0);
      Map<Setting, Double> sweepAcc = new LinkedHashMap<>();
      for (Setting st : sweep) {
        if (!sweepAcc.containsKey(st)) {
          sweepAcc.put(st, run.distill(st, s0));
        }
      }
      Setting bestLabeled = best(sweepAcc, true);
      Setting bestUnlabeled = best(sweepAcc, false);
      List<Map<String, Object>> sweepRows = new ArrayList<>();
      for (Map.Entry<Setting, Double> e : sweepAcc.entrySet()) {
        sweepRows.add(row(e.getKey(), e.getValue(), alone0, teacherAcc));
      }
      out.put("sweepSeed", s0);
      out.put("sweepStudentAlone", alone0);
      out.put("sweep", sweepRows);

      // Every seed: the chosen settings.
      List<Setting> finals = new ArrayList<>();
      finals.add(bestLabeled);
      Setting fixed = new Setting(4f, alpha, true);
      if (!fixed.equals(bestLabeled)) {
        finals.add(fixed);
      }
      if (bestUnlabeled != null) {
        finals.add(bestUnlabeled);
      }
      double[] aloneAcc = new double[seeds.length];
      Map<Setting, double[]> finalAcc = new LinkedHashMap<>();
      for (Setting st : finals) {
        finalAcc.put(st, new double[seeds.length]);
      }
      for (int i = 0; i < seeds.length; i++) {
        aloneAcc[i] = i == 0 ? alone0 : run.alone(seeds[i]);
        for (Setting st : finals) {
          // The fixed setting (T = 4) is not in a sweep over other temperatures: run it then.
          finalAcc.get(st)[i] =
              i == 0 && sweepAcc.containsKey(st) ? sweepAcc.get(st) : run.distill(st, seeds[i]);
        }
      }
      List<Map<String, Object>> finalRows = new ArrayList<>();
      finalRows.add(summary("student alone", null, aloneAcc, aloneAcc, teacherAcc));
      for (Map.Entry<Setting, double[]> e : finalAcc.entrySet()) {
        String role =
            e.getKey().equals(bestLabeled)
                ? "best labeled on seed " + s0
                : e.getKey().equals(bestUnlabeled) ? "best unlabeled on seed " + s0 : "fixed";
        finalRows.add(summary(role, e.getKey(), e.getValue(), aloneAcc, teacherAcc));
      }
      out.put("seeds", seeds);
      out.put("final", finalRows);
      out.put("runs", run.records);
      out.put("totalSeconds", (System.nanoTime() - t0) / 1e9);
      print(teacherArch, teacherAcc, student, sweepRows, finalRows);
    }
    Path file =
        BenchSupport.writeResult(
            "distillation", "bench/run DistillationBench " + String.join(" ", argv), out);
    System.out.println("wrote " + file);
  }

  /** One distillation setting; α is 1 (unused) without labels. */
  record Setting(float temperature, float alpha, boolean labeled) {
    String label() {
      return labeled
          ? String.format(Locale.ROOT, "with labels, T=%s, alpha=%s", num(temperature), num(alpha))
          : String.format(Locale.ROOT, "without labels, T=%s", num(temperature));
    }
  }

  private static ClassifierModel teacher(String arch, int epochs, Path file, ImageSet train)
      throws Exception {
    if (Files.exists(file)) {
      System.out.println("teacher: loading " + file);
      return ClassifierModel.load(file, Device.cpu());
    }
    long t0 = System.nanoTime();
    ClassifierModel m =
        ClassifierTrainer.builder()
            .setArchitecture(arch)
            .setConfig(FashionMnistAccuracy.config(arch, epochs, 1))
            .addListener(DistillationRunner.progress("teacher " + arch))
            .build()
            .train(train, null)
            .model();
    Files.createDirectories(file.toAbsolutePath().getParent());
    m.save(file);
    System.out.printf(
        Locale.ROOT,
        "teacher trained in %.0f s, saved to %s%n",
        (System.nanoTime() - t0) / 1e9,
        file);
    return m;
  }

  private static Setting best(Map<Setting, Double> acc, boolean labeled) {
    Setting best = null;
    for (Map.Entry<Setting, Double> e : acc.entrySet()) {
      if (e.getKey().labeled() == labeled
          && !e.getValue().isNaN()
          && (best == null || e.getValue() > acc.get(best))) {
        best = e.getKey();
      }
    }
    return best;
  }

  private static double gap(double distilled, double alone, double teacher) {
    return (distilled - alone) / (teacher - alone);
  }

  private static Map<String, Object> row(Setting s, double acc, double alone, double teacher) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("setting", s.label());
    r.put("temperature", s.temperature());
    r.put("alpha", s.labeled() ? s.alpha() : null);
    r.put("labeled", s.labeled());
    r.put("testAccuracy", acc);
    r.put("gapClosed", gap(acc, alone, teacher));
    return r;
  }

  private static Map<String, Object> summary(
      String role, Setting s, double[] acc, double[] alone, double teacher) {
    double mean = AugmentationAccuracy.mean(acc);
    double aloneMean = AugmentationAccuracy.mean(alone);
    double[] perSeedGap = new double[acc.length];
    for (int i = 0; i < acc.length; i++) {
      perSeedGap[i] = gap(acc[i], alone[i], teacher);
    }
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("setting", s == null ? "student alone" : s.label());
    r.put("role", role);
    r.put("testAccuracy", acc);
    r.put("meanTestAccuracy", mean);
    r.put("sdTestAccuracy", AugmentationAccuracy.sd(acc, mean));
    r.put("gapClosedOfMeans", s == null ? 0.0 : gap(mean, aloneMean, teacher));
    r.put("gapClosedPerSeed", s == null ? null : perSeedGap);
    return r;
  }

  private static void print(
      String teacherArch,
      double teacherAcc,
      String student,
      List<Map<String, Object>> sweep,
      List<Map<String, Object>> finals) {
    System.out.printf(Locale.ROOT, "teacher %s test acc %.2f%%%n", teacherArch, 100 * teacherAcc);
    System.out.println("| sweep (first seed)                    | test acc | gap closed |");
    for (Map<String, Object> r : sweep) {
      System.out.printf(
          Locale.ROOT,
          "| %-37s | %7.2f%% | %9.0f%% |%n",
          r.get("setting"),
          100 * (double) r.get("testAccuracy"),
          100 * (double) r.get("gapClosed"));
    }
    System.out.println("| " + student + ", all seeds                 | mean ± sd | gap closed |");
    for (Map<String, Object> r : finals) {
      double mean = (double) r.get("meanTestAccuracy");
      System.out.printf(
          Locale.ROOT,
          "| %-37s | %.2f ± %.2f | %5.0f%% |%n",
          r.get("setting"),
          100 * mean,
          100 * (double) r.get("sdTestAccuracy"),
          100 * (double) r.get("gapClosedOfMeans"));
    }
  }

  private static String num(float v) {
    return v == Math.rint(v) ? Integer.toString((int) v) : Float.toString(v);
  }

  private static long[] longs(String csv) {
    String[] p = csv.split(",");
    long[] out = new long[p.length];
    for (int i = 0; i < p.length; i++) {
      out[i] = Long.parseLong(p[i].strip());
    }
    return out;
  }

  private static float[] floats(String csv) {
    if (csv.isBlank()) {
      return new float[0];
    }
    String[] p = csv.split(",");
    float[] out = new float[p.length];
    for (int i = 0; i < p.length; i++) {
      out[i] = Float.parseFloat(p[i].strip());
    }
    return out;
  }
}
