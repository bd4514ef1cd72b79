package dev.pupil.bench;

import dev.pupil.data.ImageSet;
import dev.pupil.io.ProcessMemory;
import dev.pupil.train.ClassifierTrainer;
import dev.pupil.train.EpochMetrics;
import dev.pupil.train.TrainConfig;
import dev.pupil.train.TrainingLoop;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Memory of one training run: resident memory after every epoch, the peak, and the growth from
 * epoch 2 to the end (target ≤ 5%: native memory must stay flat), beside the peak RSS of the
 * python3-torch peer training the same network on the same data. Run it once per JVM setting
 * (BENCH_JAVA_OPTS, MALLOC_ARENA_MAX) to see what can be trimmed.
 *
 * <p>{@code bench/run TrainMemory [--model cnn-small] [--epochs 15] [--images 60000] [--peer]}
 */
public final class TrainMemory {
  private TrainMemory() {}

  /**
   * @param argv options
   * @throws Exception on failure
   */
  public static void main(String[] argv) throws Exception {
    Map<String, String> a = BenchSupport.args(argv);
    String model = a.getOrDefault("model", "cnn-small");
    int epochs = Integer.parseInt(a.getOrDefault("epochs", "15"));
    int images = Integer.parseInt(a.getOrDefault("images", "60000"));
    ImageSet all = BenchSupport.fashionTrain();
    int[] idx = new int[Math.min(images, all.size())];
    Arrays.setAll(idx, i -> i);
    ImageSet train = all.subset(idx);
    all = null;
    TrainConfig cfg = FashionMnistAccuracy.config(model, epochs, 1);
    List<Long> rss = new ArrayList<>();
    ClassifierTrainer.Trained t =
        ClassifierTrainer.builder()
            .setArchitecture(model)
            .setConfig(cfg)
            .addListener(
                new TrainingLoop.Listener() {
                  @Override
                  public void onEpoch(EpochMetrics m) {
                    rss.add(m.rssBytes());
                    System.out.printf(
                        Locale.ROOT,
                        "epoch %d rss %d MB peak %d MB %.0f img/s%n",
                        m.epoch(),
                        m.rssBytes() >> 20,
                        ProcessMemory.peakRssBytes() >> 20,
                        m.imagesPerSecond());
                  }
                })
            .build()
            .train(train, null);
    t.model().close();
    long peak = ProcessMemory.peakRssBytes();
    long second = rss.get(Math.min(1, rss.size() - 1));
    long end = rss.get(rss.size() - 1);
    double growth = (double) end / second - 1;
    Map<String, Object> res = new LinkedHashMap<>();
    res.put("model", model);
    res.put("epochs", epochs);
    res.put("images", train.size());
    res.put("rssPerEpochBytes", rss);
    res.put("peakRssBytes", peak);
    res.put("growthEpoch2ToEnd", growth);
    System.out.printf(
        Locale.ROOT,
        "Pupil: peak RSS %d MB, epoch 2 %d MB, end %d MB, growth %+.1f%% (target <= 5%%)%n",
        peak >> 20,
        second >> 20,
        end >> 20,
        100 * growth);
    if (a.containsKey("peer")) {
      long peerPeak = peerPeak(train.size(), Math.min(epochs, 2));
      res.put("peerPeakRssBytes", peerPeak);
      System.out.printf(Locale.ROOT, "python3-torch peer: peak RSS %d MB%n", peerPeak >> 20);
    }
    System.out.println(
        "wrote "
            + BenchSupport.writeResult(
                "train-memory", "bench/run TrainMemory " + String.join(" ", argv), res));
  }

  private static long peerPeak(int images, int epochs) throws Exception {
    Map<?, ?> m =
        BenchSupport.runPeer(
            "peer_cnn_small.py",
            "--data",
            BenchSupport.fashionDir().toString(),
            "--images",
            Integer.toString(images),
            "--epochs",
            Integer.toString(epochs));
    return ((Number) m.get("peak_rss_bytes")).longValue();
  }
}
