package dev.pupil.bench;

import ai.djl.Device;
import dev.pupil.data.ImageSet;
import dev.pupil.data.Normalization;
import dev.pupil.io.ProcessMemory;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.ModelMetadata;
import dev.pupil.run.RunDirectory;
import dev.pupil.train.ClassifierTrainer;
import dev.pupil.train.EpochMetrics;
import dev.pupil.train.TrainConfig;
import dev.pupil.train.TrainingLoop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Soak tests of memory (issue 9): resident memory must stay flat over a long run, so that a native
 * leak of even a few kilobytes per batch or prediction shows.
 *
 * <ul>
 *   <li>{@code bench/run SoakMemory train [--model cnn-tiny] [--epochs 50] [--images 60000]}:
 *       trains on the first N Fashion-MNIST training images (default: all, so an epoch is a real
 *       one of 938 batches), with a checkpoint folder (so checkpoint writing is part of the soak),
 *       and samples RSS after every epoch.
 *   <li>{@code bench/run SoakMemory predict [--model cnn-tiny] [--predictions 10000]}: the
 *       trained-from-scratch model predicts single images one call at a time, as {@code pupil
 *       predict} does per file, sampling RSS every 100 predictions.
 * </ul>
 *
 * Verdict: {@code pass} when the largest RSS after the baseline (epoch 2, or the 1,000th
 * prediction) is at most 5% above it. Results go to bench/results/soak-*.json with the machine and
 * versions.
 */
public final class SoakMemory {
  private static final double LIMIT = 0.05;

  private SoakMemory() {}

  /**
   * @param argv {@code train|predict} then options
   * @throws Exception on failure
   */
  public static void main(String[] argv) throws Exception {
    if (argv.length == 0 || !(argv[0].equals("train") || argv[0].equals("predict"))) {
      throw new IllegalArgumentException("usage: SoakMemory train|predict [--option value ...]");
    }
    Map<String, String> a = BenchSupport.args(Arrays.copyOfRange(argv, 1, argv.length));
    String model = a.getOrDefault("model", "cnn-tiny");
    Map<String, Object> res =
        argv[0].equals("train")
            ? train(
                model,
                Integer.parseInt(a.getOrDefault("epochs", "50")),
                Integer.parseInt(a.getOrDefault("images", "60000")))
            : predict(model, Integer.parseInt(a.getOrDefault("predictions", "10000")));
    System.out.println(
        "wrote "
            + BenchSupport.writeResult(
                "soak-" + argv[0], "bench/run SoakMemory " + String.join(" ", argv), res));
  }

  private static ImageSet subset(ImageSet all, int n) {
    int[] idx = new int[Math.min(n, all.size())];
    Arrays.setAll(idx, i -> i);
    return all.subset(idx);
  }

  private static Map<String, Object> train(String model, int epochs, int images) throws Exception {
    ImageSet train = subset(BenchSupport.fashionTrain(), images);
    TrainConfig cfg =
        TrainConfig.builder().optEpochs(epochs).optBatchSize(64).optLr(0.002f).optSeed(1).build();
    List<Long> rss = new ArrayList<>();
    List<Long> heap = new ArrayList<>();
    Path runDir = Files.createTempDirectory("pupil-soak");
    long t0 = System.nanoTime();
    ClassifierTrainer.Trained t =
        ClassifierTrainer.builder()
            .setArchitecture(model)
            .setConfig(cfg)
            .optRunDirectory(RunDirectory.create(runDir))
            .addListener(
                new TrainingLoop.Listener() {
                  @Override
                  public void onEpoch(EpochMetrics m) {
                    rss.add(m.rssBytes());
                    heap.add(heapCommitted());
                    System.out.printf(
                        Locale.ROOT,
                        "epoch %d rss %d MB (Java heap committed %d MB) loss %.4f%n",
                        m.epoch(),
                        m.rssBytes() >> 20,
                        heapCommitted() >> 20,
                        m.losses().get("total"));
                  }
                })
            .build()
            .train(train, null);
    t.model().close();
    Map<String, Object> res = new LinkedHashMap<>();
    res.put("mode", "train");
    res.put("model", model);
    res.put("epochs", epochs);
    res.put("images", train.size());
    res.put("batchSize", cfg.batchSize());
    res.put("seconds", (System.nanoTime() - t0) / 1e9);
    res.put("heapCommittedPerEpochBytes", heap);
    verdict(res, rss, Math.min(1, rss.size() - 1), "epoch 2", "rssPerEpochBytes");
    return res;
  }

  private static Map<String, Object> predict(String model, int predictions) throws Exception {
    ImageSet test = subset(BenchSupport.fashionTest(), 1000);
    List<Long> rss = new ArrayList<>();
    long t0 = System.nanoTime();
    try (ClassifierModel m =
        ClassifierModel.create(
            new ModelMetadata(
                model,
                test.classes(),
                test.channels(),
                test.height(),
                test.width(),
                Normalization.fromImages(test),
                "soak",
                1),
            Device.cpu())) {
      int[] one = new int[1];
      double sum = 0;
      for (int i = 0; i < predictions; i++) {
        one[0] = i % test.size();
        sum += m.probabilities(test.subset(one), 1)[0][0];
        if ((i + 1) % 100 == 0) {
          rss.add(ProcessMemory.rssBytes());
        }
        if ((i + 1) % 1000 == 0) {
          System.out.printf(
              Locale.ROOT, "%d predictions rss %d MB%n", i + 1, ProcessMemory.rssBytes() >> 20);
        }
      }
      if (Double.isNaN(sum)) {
        throw new IllegalStateException("NaN probabilities");
      }
    }
    Map<String, Object> res = new LinkedHashMap<>();
    res.put("mode", "predict");
    res.put("model", model);
    res.put("predictions", predictions);
    res.put("seconds", (System.nanoTime() - t0) / 1e9);
    res.put("sampleEvery", 100);
    int base = Math.min(9, rss.size() - 1);
    verdict(res, rss, base, "prediction " + 100 * (base + 1), "rssSamplesBytes");
    return res;
  }

  /** Java heap the JVM holds (part of RSS): growth here is the JVM sizing its heap, not a leak. */
  private static long heapCommitted() {
    return Runtime.getRuntime().totalMemory();
  }

  private static void verdict(
      Map<String, Object> res, List<Long> rss, int base, String baseName, String key) {
    long baseline = rss.get(base);
    long max = rss.subList(base, rss.size()).stream().mapToLong(Long::longValue).max().orElse(0);
    long end = rss.get(rss.size() - 1);
    double growth = (double) max / baseline - 1;
    res.put(key, rss);
    res.put("baseline", baseName);
    res.put("baselineRssBytes", baseline);
    res.put("maxRssAfterBaselineBytes", max);
    res.put("endRssBytes", end);
    res.put("peakRssBytes", ProcessMemory.peakRssBytes());
    res.put("growthAfterBaseline", growth);
    res.put("growthEndVsBaseline", (double) end / baseline - 1);
    res.put("limit", LIMIT);
    res.put("verdict", growth <= LIMIT ? "pass" : "fail");
    System.out.printf(
        Locale.ROOT,
        "RSS at %s %d MB, max after %d MB, end %d MB: growth %+.1f%% (limit %+.0f%%): %s%n",
        baseName,
        baseline >> 20,
        max >> 20,
        end >> 20,
        100 * growth,
        100 * LIMIT,
        growth <= LIMIT ? "pass" : "FAIL");
  }
}
