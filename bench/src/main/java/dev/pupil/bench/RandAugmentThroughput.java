package dev.pupil.bench;

import dev.pupil.augment.ImageShape;
import dev.pupil.augment.RandAugment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * RandAugment(N=2, M=9) throughput per core (Cubuk et al. 2020, arXiv:1909.13719): Pupil's {@link
 * RandAugment} on one thread against torchvision 0.14's {@code transforms.RandAugment} on uint8
 * tensors with {@code torch.set_num_threads(1)} ({@code bench/python/randaugment_peer.py}, Debian's
 * python3), on fixed sets of synthetic random RGB images of 32×32 and 224×224. Rounds are
 * interleaved (Pupil, torch, per size) and reported as medians. Target (issue 4): ≥ 3× torchvision.
 *
 * <p>{@code bench/run RandAugmentThroughput [--rounds 3] [--small 2000] [--large 200]}
 */
public final class RandAugmentThroughput {
  private RandAugmentThroughput() {}

  /**
   * Runs the benchmark.
   *
   * @param args {@code --rounds R --small K32 --large K224}
   * @throws Exception when the peer fails or the result cannot be written
   */
  public static void main(String[] args) throws Exception {
    Map<String, String> a = BenchSupport.args(args);
    int rounds = Integer.parseInt(a.getOrDefault("rounds", "3"));
    int[] sizes = {32, 224};
    int[] counts = {
      Integer.parseInt(a.getOrDefault("small", "2000")),
      Integer.parseInt(a.getOrDefault("large", "200"))
    };
    Map<String, Object> res = new LinkedHashMap<>();
    StringBuilder table = new StringBuilder("| size | Pupil img/s | torchvision img/s | ratio |\n");
    table.append("|---|---|---|---|\n");
    for (int s = 0; s < sizes.length; s++) {
      byte[][] images = images(sizes[s], counts[s]);
      pupil(images, sizes[s]); // warm-up (JIT)
      List<Double> mine = new ArrayList<>();
      List<Double> peer = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        mine.add(pupil(images, sizes[s]));
        peer.add(peer(sizes[s], counts[s]));
        System.out.printf(
            Locale.ROOT,
            "%dx%d round %d: pupil %.0f  torchvision %.0f img/s%n",
            sizes[s],
            sizes[s],
            r + 1,
            mine.get(r),
            peer.get(r));
      }
      double mp = TrainThroughput.median(mine);
      double mt = TrainThroughput.median(peer);
      table.append(
          String.format(
              Locale.ROOT,
              "| %dx%d | %.0f | %.0f | %.2f× |%n",
              sizes[s],
              sizes[s],
              mp,
              mt,
              mp / mt));
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("images", counts[s]);
      one.put("pupil", mine);
      one.put("torchvision", peer);
      one.put("medianPupil", mp);
      one.put("medianTorchvision", mt);
      one.put("ratio", mp / mt);
      res.put(sizes[s] + "x" + sizes[s], one);
    }
    System.out.print(table);
    res.put("rounds", rounds);
    res.put("ops", "RandAugment(num_ops=2, magnitude=9), uint8 RGB, one thread");
    System.out.println(
        "wrote "
            + BenchSupport.writeResult(
                "randaugment-throughput",
                "bench/run RandAugmentThroughput " + String.join(" ", args),
                res));
  }

  private static byte[][] images(int size, int count) {
    Random r = new Random(0);
    byte[][] out = new byte[count][3 * size * size];
    for (byte[] img : out) {
      r.nextBytes(img);
    }
    return out;
  }

  private static double pupil(byte[][] images, int size) {
    RandAugment ra = new RandAugment(2, 9, 0, 0);
    ImageShape shape = new ImageShape(3, size, size);
    Random rng = new Random(1);
    long check = 0;
    long t0 = System.nanoTime();
    for (byte[] img : images) {
      check += ra.augment(img, shape, rng)[0];
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (check == Long.MIN_VALUE) {
      System.out.println(check);
    }
    return images.length / seconds;
  }

  private static double peer(int size, int count) throws Exception {
    Map<?, ?> m =
        BenchSupport.runPeer(
            "randaugment_peer.py",
            "--size",
            Integer.toString(size),
            "--images",
            Integer.toString(count));
    return ((Number) m.get("images_per_second")).doubleValue();
  }
}
