package dev.pupil.bench;

import dev.pupil.augment.AugmentSpec;
import dev.pupil.data.ImageSet;
import dev.pupil.eval.EvalReport;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.ModelOptions;
import dev.pupil.models.ModelSpec;
import dev.pupil.models.ModelStats;
import dev.pupil.optim.LearningRates.Schedule;
import dev.pupil.run.RunDirectory;
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
 * pass; FLOPs = 2 × multiply-adds of conv and FC layers). The peak is cores × clock × fp32 FLOPs
 * per cycle per core, with the clock read from {@code /proc/cpuinfo} ("cpu MHz", the nominal clock
 * a VM reports, not turbo) and the cores from the JVM's available processors. FLOPs per cycle come
 * from the vector units, not from the flags alone: two FMA pipes × lanes × 2 FLOPs per FMA, where
 * AMD Zen 2–4 have two 256-bit pipes (32; Zen 4 runs AVX-512 on them in two halves), Zen 5 and
 * Intel cores with AVX-512 two 512-bit pipes (64), other AVX2 cores 32. {@code --flops-per-cycle N}
 * overrides the table; the result records which was used.
 *
 * <p>The run checkpoints every epoch into {@code --run DIR} (default {@code
 * runs/bench/architecture-MODEL-sSEED-eEPOCHS}) and saves the trained model there as {@code
 * model.pupil}; started again on the same folder, it resumes from the last checkpoint (a resumed
 * run's img/s then covers only the epochs it trained).
 *
 * <p>{@code bench/run ArchitectureBench --model resnet20 [--epochs 1] [--limit 2000] [--test-limit
 * 10000] [--batch 128] [--lr 0.002] [--seed 1] [--augment flip,crop:4] [--run DIR] [--optimizer
 * adamw|sgd] [--momentum 0.9] [--nesterov true] [--wd 5e-4] [--warmup EPOCHS] [--label-smoothing
 * 0.1]}; the defaults are AdamW, weight decay 5e-4, no warm-up, no smoothing.
 */
public final class ArchitectureBench {
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
            .optOptimizer(a.getOrDefault("optimizer", "adamw"))
            .optLr(lr)
            .optMomentum(Float.parseFloat(a.getOrDefault("momentum", "0.9")))
            .optNesterov(Boolean.parseBoolean(a.getOrDefault("nesterov", "false")))
            .optWeightDecay(Float.parseFloat(a.getOrDefault("wd", "5e-4")))
            .optWarmupEpochs(Integer.parseInt(a.getOrDefault("warmup", "0")))
            .optLabelSmoothing(Float.parseFloat(a.getOrDefault("label-smoothing", "0")))
            .optSchedule(Schedule.COSINE)
            .build();
    Path runRoot =
        Path.of(
            a.getOrDefault("run", "runs/bench/architecture-" + name + "-s" + seed + "-e" + epochs));
    boolean resume = Files.isRegularFile(runRoot.resolve("checkpoints").resolve("last.ckpt"));
    RunDirectory run = RunDirectory.create(runRoot);
    if (resume) {
      System.out.println("resuming from " + runRoot.resolve("checkpoints"));
    }
    long t0 = System.nanoTime();
    ClassifierTrainer.Trained t =
        ClassifierTrainer.builder()
            .setArchitecture(name)
            .setConfig(cfg)
            .optRunDirectory(run)
            .optResume(resume)
            .optAugmentation(augment.equals("none") ? null : AugmentSpec.parse(augment))
            .addListener(
                new TrainingLoop.Listener() {
                  @Override
                  public void onEpoch(EpochMetrics m) {
                    System.out.printf(
                        Locale.ROOT,
                        "%s epoch %d loss %.4f train-acc %.4f %.1f img/s%n",
                        name,
                        m.epoch(),
                        m.losses().get("total"),
                        m.trainAccuracy(),
                        m.imagesPerSecond());
                  }
                })
            .build()
            .train(train, null);
    double seconds = (System.nanoTime() - t0) / 1e9;
    Cpu cpu = Cpu.read();
    int flopsPerCycle =
        Integer.parseInt(a.getOrDefault("flops-per-cycle", String.valueOf(cpu.flopsPerCycle())));
    double peak = cpu.cores() * cpu.ghz() * 1e9 * flopsPerCycle;
    try (ClassifierModel model = t.model()) {
      model.save(run.modelFile());
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
      m.put("runFolder", runRoot.toString());
      m.put("resumed", resume);
      m.put("trainSeconds", seconds);
      m.put("meanImagesPerSecond", imgPerS);
      m.put("trainFlopsPerSecond", trainFlopsPerS);
      m.put("cores", cpu.cores());
      m.put("cpuGHz", cpu.ghz());
      m.put("cpu", cpu);
      m.put("flopsPerCycle", flopsPerCycle);
      m.put("peakFlopsFormula", "cores x GHz x fp32 FLOPs per cycle (2 FMA pipes x lanes x 2)");
      m.put("peakFlopsPerSecond", peak);
      m.put("mfu", trainFlopsPerS / peak);
      m.put("history", h);
      System.out.printf(
          Locale.ROOT,
          "%s: test acc %.2f%% on %d images, %.1f img/s, %.2f GFLOP/s training, peak %.1f GFLOP/s"
              + " (%d cores x %.2f GHz x %d, %s), MFU %.2f%%%n",
          name,
          100 * r.accuracy(),
          test.size(),
          imgPerS,
          trainFlopsPerS / 1e9,
          peak / 1e9,
          cpu.cores(),
          cpu.ghz(),
          flopsPerCycle,
          cpu.model(),
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
   * @param model "model name", with vendor and family
   * @param cores available processors
   * @param ghz the first "cpu MHz" entry / 1000
   * @param avx512 whether the flags list avx512f
   * @param flopsPerCycle fp32 FLOPs per cycle per core from the vendor/family table
   */
  record Cpu(String model, int cores, double ghz, boolean avx512, int flopsPerCycle) {
    static Cpu read() throws IOException {
      int cores = Runtime.getRuntime().availableProcessors();
      double mhz = Double.NaN;
      boolean avx512 = false;
      boolean avx2 = false;
      String vendor = "";
      String name = "unknown";
      int family = -1;
      Path info = Path.of("/proc/cpuinfo");
      if (Files.isReadable(info)) {
        for (String line : Files.readAllLines(info)) {
          String value = line.contains(":") ? line.substring(line.indexOf(':') + 1).strip() : "";
          if (Double.isNaN(mhz) && line.startsWith("cpu MHz")) {
            mhz = Double.parseDouble(value);
          } else if (vendor.isEmpty() && line.startsWith("vendor_id")) {
            vendor = value;
          } else if (family < 0 && line.startsWith("cpu family")) {
            family = Integer.parseInt(value);
          } else if (name.equals("unknown") && line.startsWith("model name")) {
            name = value;
          } else if (line.startsWith("flags")) {
            avx512 |= line.contains(" avx512f");
            avx2 |= line.contains(" avx2");
          }
        }
      }
      int perCycle;
      if (vendor.equals("AuthenticAMD")) {
        perCycle = family >= 26 ? 64 : 32; // Zen 5 has 512-bit pipes; Zen 2-4 two 256-bit FMA
      } else {
        perCycle = avx512 ? 64 : avx2 ? 32 : 16;
      }
      return new Cpu(
          name + " (" + vendor + " family " + family + ")", cores, mhz / 1000, avx512, perCycle);
    }
  }
}
