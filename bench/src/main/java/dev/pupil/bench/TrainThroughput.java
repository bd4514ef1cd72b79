package dev.pupil.bench;

import dev.pupil.data.ImageSet;
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
 * Training throughput of cnn-small (batch 128) in three variants, run interleaved round by round
 * (this machine drifts 15–30% over minutes) and reported as medians: Pupil's loop ({@link
 * ClassifierTrainer}, everything on: metrics, per-batch conversion from bytes), a bare DJL loop
 * over pre-built tensors ({@link BareDjlLoop}), and Debian's python3-torch running the same network
 * ({@code bench/python/peer_cnn_small.py}, 2 threads). Targets (issue 2): Pupil ≥ 0.9× bare DJL and
 * ≥ 1.1× the peer.
 *
 * <p>{@code bench/run TrainThroughput [--images 10000] [--rounds 5] [--model cnn-small]}
 */
public final class TrainThroughput {
  private TrainThroughput() {}

  /**
   * @param argv options
   * @throws Exception on failure
   */
  public static void main(String[] argv) throws Exception {
    Map<String, String> a = BenchSupport.args(argv);
    int images = Integer.parseInt(a.getOrDefault("images", "10000"));
    int rounds = Integer.parseInt(a.getOrDefault("rounds", "5"));
    String model = a.getOrDefault("model", "cnn-small");
    int batch = 128;
    ImageSet all = BenchSupport.fashionTrain();
    int[] first = new int[images];
    Arrays.setAll(first, i -> i);
    ImageSet train = all.subset(first);
    // One warm-up of each JVM variant (JIT, native caches).
    pupil(model, train, batch);
    BareDjlLoop.epoch(model, train, batch);
    List<Double> pupil = new ArrayList<>();
    List<Double> bare = new ArrayList<>();
    List<Double> peer = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      pupil.add(pupil(model, train, batch));
      bare.add(BareDjlLoop.epoch(model, train, batch));
      peer.add(peer(images, batch));
      System.out.printf(
          Locale.ROOT,
          "round %d: pupil %.0f  bare-djl %.0f  torch-peer %.0f img/s%n",
          r + 1,
          pupil.get(r),
          bare.get(r),
          peer.get(r));
    }
    double mp = median(pupil);
    double mb = median(bare);
    double mt = median(peer);
    System.out.println("| variant          | median img/s | vs Pupil |");
    System.out.println("|------------------|--------------|----------|");
    System.out.printf(Locale.ROOT, "| Pupil loop       | %12.0f |    1.00× |%n", mp);
    System.out.printf(Locale.ROOT, "| bare DJL loop    | %12.0f |    %.2f× |%n", mb, mb / mp);
    System.out.printf(Locale.ROOT, "| python3-torch    | %12.0f |    %.2f× |%n", mt, mt / mp);
    System.out.printf(
        Locale.ROOT,
        "Pupil / bare DJL = %.2f (target >= 0.9); Pupil / torch = %.2f (target >= 1.1)%n",
        mp / mb,
        mp / mt);
    Map<String, Object> res = new LinkedHashMap<>();
    res.put("model", model);
    res.put("batch", batch);
    res.put("images", images);
    res.put("pupil", pupil);
    res.put("bareDjl", bare);
    res.put("torchPeer", peer);
    res.put("medianPupil", mp);
    res.put("medianBareDjl", mb);
    res.put("medianTorchPeer", mt);
    res.put("pupilOverBare", mp / mb);
    res.put("pupilOverTorch", mp / mt);
    System.out.println(
        "wrote "
            + BenchSupport.writeResult(
                "train-throughput", "bench/run TrainThroughput " + String.join(" ", argv), res));
  }

  private static double pupil(String model, ImageSet train, int batch) {
    TrainConfig cfg =
        TrainConfig.builder()
            .optEpochs(1)
            .optBatchSize(batch)
            .optLr(2e-3f)
            .optOptimizer("adamw")
            .optWeightDecay(5e-4f)
            .build();
    double[] ips = new double[1];
    ClassifierTrainer.Trained t =
        ClassifierTrainer.builder()
            .setArchitecture(model)
            .setConfig(cfg)
            .addListener(
                new TrainingLoop.Listener() {
                  @Override
                  public void onEpoch(EpochMetrics m) {
                    ips[0] = m.imagesPerSecond();
                  }
                })
            .build()
            .train(train, null);
    t.model().close();
    return ips[0];
  }

  private static double peer(int images, int batch) throws Exception {
    Map<?, ?> m =
        BenchSupport.runPeer(
            "peer_cnn_small.py",
            "--data",
            BenchSupport.fashionDir().toString(),
            "--images",
            Integer.toString(images),
            "--batch",
            Integer.toString(batch));
    return ((Number) m.get("images_per_second")).doubleValue();
  }

  static double median(List<Double> xs) {
    double[] s = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
