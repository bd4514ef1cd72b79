package dev.pupil.bench;

import dev.pupil.augment.AugmentSpec;
import dev.pupil.data.ImageSet;
import dev.pupil.eval.EvalReport;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.ModelOptions;
import dev.pupil.models.ModelSpec;
import dev.pupil.models.ModelStats;
import dev.pupil.optim.LearningRates.Schedule;
import dev.pupil.train.ClassifierTrainer;
import dev.pupil.train.EpochMetrics;
import dev.pupil.train.TrainConfig;
import dev.pupil.train.TrainingLoop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Trains a named architecture on Fashion-MNIST — plain data by default, or with an augmentation
 * spec such as {@code flip,crop:4} ({@code --augment}, parsed by {@link AugmentSpec}) — and reports
 * test accuracy, training throughput and model FLOPs utilization (MFU).
 *
 * <p>MFU = training FLOPs per second ÷ the machine's FP32 peak. Training FLOPs per image are taken
 * as 3 × the forward FLOPs of {@link ModelStats} (forward, plus about twice that for the backward
 * pass; FLOPs = 2 × multiply-adds of conv and FC layers). The peak is cores × clock × 64 FLOPs per
 * cycle — two AVX-512 FMA units × 16 fp32 lanes × 2 FLOPs per FMA — with the clock read from
 * {@code /proc/cpuinfo} ("cpu MHz", the nominal clock, not turbo) and the cores from the JVM's
 * available processors. Where the CPU lacks AVX-512 this overstates the peak; the result says
 * whether the flag was present.
 *
 * <p>{@code bench/run ArchitectureBench --model resnet20 [--epochs 1] [--limit 2000]
 * [--test-limit 10000] [--batch 128] [--lr 0.002] [--seed 1] [--augment flip,crop:4]}
 */
public final class ArchitectureBench {
  private static final int FLOPS_PER_CYCLE = 2 * 16 * 2;

  private ArchitectureBench() {}

  /**
   * @param argv options
   * @throws Exception on failure
   */
  public static void main(String[] argv) throws Exception {
    Map<String, String> a = BenchSupport.args(argv);
    String name = a.getOrDefault("model", "resnet20");
    int epochs = Integer.parseInt(a.getOrDefault("epochs", "1"));
    int limit = Integer.parseInt(a.getOrDefault("limit", "0"));
    int testLimit = Integer.parseInt(a.getOrDefault("test-limit", "0"));
    int batch = Integer.parseInt(a.getOrDefault("batch", "128"));
    float lr = Float.parseFloat(a.getOrDefault("lr", "0.002"));
    long seed = Long.parseLong(a.getOrDefault("seed", "1"));
    String augment = a.getOrDefault("augment", "none");
    ImageSet train = head(BenchSupport.fashionTrain(), limit);
    ImageSet test = head(BenchSupport.fashionTest(), testLimit);
    ModelSpec spec =
        new ModelSpec(train.channels(), train.height(), train.width(), train.classes().size());
    ModelStats stats = ModelStats.measure(name, spec, ModelOptions.DEFAULTS);
    TrainConfig cfg =
        TrainConfig.builder()
            .optEpochs(epochs)
            .optBatchSize(batch)
            .optSeed(seed)
            .optOptimizer("adamw")
            .optLr(lr)
            .optWeightDecay(5e-4f)
            .optSchedule(Schedule.COSINE)
            .build();
    long t0 = System.nanoTime();
    ClassifierTrainer.Trained t =
        ClassifierTrainer.builder()
            .setArchitecture(name)
            .setConfig(cfg)
            .optAugmentation(augment.equals("none") ? null : AugmentSpec.parse(augment))
            .addListener(
                new TrainingLoop.Listener() {
                  @Override
                  public void onEpoch(EpochMetrics m) {
                    System.out.printf(
                        Locale.ROOT, "%s epoch %d loss %.4f train-acc %.4f %.1f img/s%n", name,
                        m.epoch(), m.losses().get("total"), m.trainAccuracy(),
                        m.imagesPerSecond());
                  }
                })
            .build()
            .train(train, null);
    double seconds = (System.nanoTime() - t0) / 1e9;
    Cpu cpu = Cpu.read();
    double peak = cpu.cores() * cpu.ghz() * 1e9 * FLOPS_PER_CYCLE;
    try (ClassifierModel model = t.model()) {
      EvalReport r = EvalReport.evaluate(model, test, 500);
      List<EpochMetrics> h = t.result().history();
      double imgPerS = h.stream().mapToDouble(EpochMetrics::imagesPerSecond).average().orElse(0);
      double trainFlopsPerS = 3.0 * stats.flops() * imgPerS;
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("model", name);
      m.put("config", cfg);
      m.put("augment", augment);
      m.put("trainImages", train.size());
      m.put("testImages", test.size());
      m.put("parameters", stats.parameters());
      m.put("forwardFlopsPerImage", stats.flops());
      m.put("flopsDefinition", "2 x multiply-adds of conv and FC layers; training = 3 x forward");
      m.put("testAccuracy", r.accuracy());
      m.put("trainSeconds", seconds);
      m.put("meanImagesPerSecond", imgPerS);
      m.put("trainFlopsPerSecond", trainFlopsPerS);
      m.put("cores", cpu.cores());
      m.put("cpuGHz", cpu.ghz());
      m.put("avx512", cpu.avx512());
      m.put("peakFlopsFormula", "cores x GHz x 64 (2 AVX-512 FMA units x 16 fp32 x 2)");
      m.put("peakFlopsPerSecond", peak);
      m.put("mfu", trainFlopsPerS / peak);
      m.put("history", h);
      System.out.printf(
          Locale.ROOT,
          "%s: test acc %.2f%% on %d images, %.1f img/s, %.2f GFLOP/s training, peak %.1f GFLOP/s"
              + " (%d cores x %.2f GHz x 64%s), MFU %.2f%%%n",
          name, 100 * r.accuracy(), test.size(), imgPerS, trainFlopsPerS / 1e9, peak / 1e9,
          cpu.cores(), cpu.ghz(), cpu.avx512() ? "" : ", no AVX-512 flag",
          100 * trainFlopsPerS / peak);
      Path out =
          BenchSupport.writeResult(
              "architecture-" + name, "bench/run ArchitectureBench " + String.join(" ", argv), m);
      System.out.println("wrote " + out);
    }
  }

  private static ImageSet head(ImageSet all, int limit) {
    if (limit <= 0 || limit >= all.size()) {
      return all;
    }
    int[] idx = new int[limit];
    for (int i = 0; i < limit; i++) {
      idx[i] = i;
    }
    return all.subset(idx);
  }

  /**
   * The CPU as /proc/cpuinfo describes it.
   *
   * @param cores available processors
   * @param ghz the first "cpu MHz" entry / 1000
   * @param avx512 whether the flags list avx512f
   */
  record Cpu(int cores, double ghz, boolean avx512) {
    static Cpu read() throws IOException {
      int cores = Runtime.getRuntime().availableProcessors();
      double mhz = Double.NaN;
      boolean avx512 = false;
      Path info = Path.of("/proc/cpuinfo");
      if (Files.isReadable(info)) {
        for (String line : Files.readAllLines(info)) {
          if (Double.isNaN(mhz) && line.startsWith("cpu MHz")) {
            mhz = Double.parseDouble(line.substring(line.indexOf(':') + 1).strip());
          }
          if (line.startsWith("flags") && line.contains(" avx512f")) {
            avx512 = true;
          }
        }
      }
      return new Cpu(cores, mhz / 1000, avx512);
    }
  }
}
