package dev.pupil.bench;

import dev.pupil.augment.AugmentSpec;
import dev.pupil.augment.BatchMixer;
import dev.pupil.data.ImageSet;
import dev.pupil.eval.EvalReport;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.ModelOptions;
import dev.pupil.models.ModelRegistry;
import dev.pupil.train.ClassifierTrainer;
import dev.pupil.train.EpochMetrics;
import dev.pupil.train.TrainConfig;
import dev.pupil.train.TrainingLoop;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The augmentation study of issue 4: the same network and schedule on the full Fashion-MNIST with
 * no augmentation, flip + crop, RandAugment on top, and CutMix on top of that; several seeds per
 * variant; test accuracy as mean ± sample standard deviation. Every run uses the training settings
 * of {@link FashionMnistAccuracy} (AdamW, cosine, one warm-up epoch) so the variants differ only in
 * their data.
 *
 * <p>{@code bench/run AugmentationAccuracy [--model cnn-small] [--width-multiplier 1] [--epochs 10]
 * [--seeds 1,2,3] [--variants
 * "none;flip,crop:2;flip,crop:2,rand-n2-m9;flip,crop:2,rand-n2-m9|cutmix:1.0"]} — each variant is
 * an augmentation spec, optionally followed by {@code |} and a mixer spec.
 */
public final class AugmentationAccuracy {
  private static final String DEFAULT_VARIANTS =
      "none;flip,crop:2;flip,crop:2,rand-n2-m9;flip,crop:2,rand-n2-m9|cutmix:1.0";

  private AugmentationAccuracy() {}

  /**
   * @param argv options
   * @throws Exception on failure
   */
  public static void main(String[] argv) throws Exception {
    Map<String, String> a = BenchSupport.args(argv);
    String model = a.getOrDefault("model", "cnn-small");
    double width = Double.parseDouble(a.getOrDefault("width-multiplier", "1"));
    ModelOptions options = ModelOptions.DEFAULTS.withWidth(width);
    ModelRegistry.get(model).checkOptions(options);
    int epochs = Integer.parseInt(a.getOrDefault("epochs", "10"));
    String[] seeds = a.getOrDefault("seeds", "1,2,3").split(",");
    String[] variants = a.getOrDefault("variants", DEFAULT_VARIANTS).split(";");
    ImageSet train = BenchSupport.fashionTrain();
    ImageSet test = BenchSupport.fashionTest();
    Map<String, Object> results = new LinkedHashMap<>();
    List<String> rows = new ArrayList<>();
    Path file = BenchSupport.resultPath("augmentation-accuracy");
    String command = "bench/run AugmentationAccuracy " + String.join(" ", argv);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model", model);
    out.put("widthMultiplier", width);
    out.put("epochs", epochs);
    out.put("config", FashionMnistAccuracy.config(model, epochs, 0));
    out.put("variants", results);
    for (String variant : variants) {
      String[] parts = variant.split("\\|", 2);
      String augment = parts[0].strip();
      String mix = parts.length > 1 ? parts[1].strip() : "none";
      List<Map<String, Object>> runs = new ArrayList<>();
      double[] acc = new double[seeds.length];
      for (int s = 0; s < seeds.length; s++) {
        long seed = Long.parseLong(seeds[s].strip());
        TrainConfig cfg = FashionMnistAccuracy.config(model, epochs, seed);
        long t0 = System.nanoTime();
        ClassifierTrainer.Trained t =
            ClassifierTrainer.builder()
                .setArchitecture(model)
                .optModelOptions(options)
                .setConfig(cfg)
                .optAugmentation(augment.equals("none") ? null : AugmentSpec.parse(augment))
                .optMixer(mix.equals("none") ? null : BatchMixer.parse(mix))
                .addListener(progress(variant, seed))
                .build()
                .train(train, null);
        double seconds = (System.nanoTime() - t0) / 1e9;
        try (ClassifierModel m = t.model()) {
          EvalReport r = EvalReport.evaluate(m, test, 1000);
          acc[s] = r.accuracy();
          List<EpochMetrics> h = t.result().history();
          Map<String, Object> run = new LinkedHashMap<>();
          run.put("seed", seed);
          run.put("testAccuracy", r.accuracy());
          run.put("trainSeconds", seconds);
          run.put("dataWaitSeconds", h.stream().mapToDouble(EpochMetrics::dataSeconds).sum());
          run.put("history", h);
          runs.add(run);
          System.out.printf(
              Locale.ROOT,
              "%s seed %d: test acc %.2f%% (%.0f s)%n",
              variant,
              seed,
              100 * r.accuracy(),
              seconds);
        }
      }
      double mean = mean(acc);
      double sd = sd(acc, mean);
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("augment", augment);
      v.put("mix", mix);
      v.put("meanTestAccuracy", mean);
      v.put("sdTestAccuracy", sd);
      v.put("runs", runs);
      results.put(variant, v);
      rows.add(
          String.format(
              Locale.ROOT, "| %-40s | %-10s | %6.2f ± %.2f |", augment, mix, 100 * mean, 100 * sd));
      // Saved after every variant, so a stopped study keeps what it measured.
      BenchSupport.writeResult(file, "augmentation-accuracy", command, out);
    }
    System.out.printf(
        Locale.ROOT,
        "%s, %d epochs, seeds %s, full Fashion-MNIST%n",
        model,
        epochs,
        String.join(",", seeds));
    System.out.println("| augment                                  | mix        | test acc %    |");
    System.out.println("|------------------------------------------|------------|---------------|");
    rows.forEach(System.out::println);
    System.out.println("wrote " + file);
  }

  private static TrainingLoop.Listener progress(String variant, long seed) {
    return new TrainingLoop.Listener() {
      @Override
      public void onEpoch(EpochMetrics m) {
        System.out.printf(
            Locale.ROOT,
            "%s seed %d epoch %d loss %.4f train-acc %.4f %.0f img/s data wait %.1f s%n",
            variant,
            seed,
            m.epoch(),
            m.losses().get("total"),
            m.trainAccuracy(),
            m.imagesPerSecond(),
            m.dataSeconds());
      }
    };
  }

  static double mean(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v;
    }
    return s / x.length;
  }

  static double sd(double[] x, double mean) {
    if (x.length < 2) {
      return 0;
    }
    double s = 0;
    for (double v : x) {
      s += (v - mean) * (v - mean);
    }
    return Math.sqrt(s / (x.length - 1));
  }
}
