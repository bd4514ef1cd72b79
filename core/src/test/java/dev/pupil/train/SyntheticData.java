package dev.pupil.train;

import dev.pupil.data.ImageSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Tiny synthetic image sets whose classes a small net separates quickly. */
public final class SyntheticData {
  private SyntheticData() {}

  /**
   * Class k is a bright horizontal bar at row band k on a noisy background.
   *
   * @param n images
   * @param classes number of classes (≤ size/2)
   * @param size image side
   * @param seed seed
   * @return the set
   */
  public static ImageSet bars(int n, int classes, int size, long seed) {
    Random r = new Random(seed);
    byte[] px = new byte[n * size * size];
    int[] labels = new int[n];
    int band = size / classes;
    for (int i = 0; i < n; i++) {
      int k = i % classes;
      labels[i] = k;
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          int v = r.nextInt(60);
          if (y / band == k) {
            v += 150;
          }
          px[i * size * size + y * size + x] = (byte) Math.min(255, v);
        }
      }
    }
    List<String> names = new ArrayList<>();
    for (int k = 0; k < classes; k++) {
      names.add("c" + k);
    }
    return ImageSet.of(px, labels, 1, size, size, names, null);
  }
}
