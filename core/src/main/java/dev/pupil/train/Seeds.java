package dev.pupil.train;

import ai.djl.engine.Engine;
import java.util.Random;

/**
 * Derives every random stream of a run from its one seed, so that the same seed gives the same
 * result on CPU and a run resumed at an epoch boundary continues exactly as if uninterrupted.
 */
public final class Seeds {
  private Seeds() {}

  /**
   * A seed for one purpose and epoch (SplitMix64 finalizer over the inputs).
   *
   * @param seed the run's seed
   * @param stream a constant naming the purpose
   * @param epoch the epoch, or 0
   * @return a well-mixed derived seed
   */
  public static long derive(long seed, long stream, long epoch) {
    long z = seed + 0x9E3779B97F4A7C15L * (stream + 1) + 0xBF58476D1CE4E5B9L * (epoch + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /**
   * @param seed the derived seed
   * @return a {@link Random} (specified algorithm: same sequence on every JVM)
   */
  public static Random random(long seed) {
    return new Random(seed);
  }

  /**
   * Seeds the engine's generator (weight initialization, dropout).
   *
   * @param seed the derived seed
   */
  public static void seedEngine(long seed) {
    Engine.getInstance().setRandomSeed((int) (seed ^ (seed >>> 32)) & 0x7FFFFFFF);
  }

  /**
   * A random permutation of 0..n-1 (Fisher–Yates).
   *
   * @param n the size
   * @param rng the generator
   * @return the permutation
   */
  public static int[] permutation(int n, Random rng) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
