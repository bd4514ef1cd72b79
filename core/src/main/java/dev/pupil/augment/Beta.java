package dev.pupil.augment;

import java.util.Random;

/**
 * Beta and Gamma variates from a seeded {@link Random}: Gamma by Marsaglia and Tsang's squeeze
 * method ("A simple method for generating gamma variables", ACM TOMS 26(3), 2000), with the {@code
 * U^(1/a)} boost for shape &lt; 1; Beta(a, b) as {@code X / (X + Y)} with X ~ Gamma(a), Y ~
 * Gamma(b). The JDK has neither.
 */
public final class Beta {
  private Beta() {}

  /**
   * Draws from Beta(a, b).
   *
   * @param rng the generator
   * @param a first shape, &gt; 0
   * @param b second shape, &gt; 0
   * @return a value in [0, 1]
   */
  public static double sample(Random rng, double a, double b) {
    double x = gamma(rng, a);
    double y = gamma(rng, b);
    double sum = x + y;
    // Both tiny (very small shapes): the mass sits at the ends; pick one as numpy does in effect.
    return sum > 0 ? x / sum : (rng.nextDouble() < a / (a + b) ? 1.0 : 0.0);
  }

  /**
   * Draws from Gamma(shape, 1).
   *
   * @param rng the generator
   * @param shape &gt; 0
   * @return a value ≥ 0
   */
  public static double gamma(Random rng, double shape) {
    if (!(shape > 0) || Double.isInfinite(shape)) {
      throw new IllegalArgumentException("gamma shape must be > 0 and finite, got " + shape);
    }
    if (shape < 1) {
      double u = rng.nextDouble();
      return gamma(rng, shape + 1) * Math.pow(u, 1.0 / shape);
    }
    double d = shape - 1.0 / 3.0;
    double c = 1.0 / Math.sqrt(9.0 * d);
    while (true) {
      double x;
      double v;
      do {
        x = rng.nextGaussian();
        v = 1.0 + c * x;
      } while (v <= 0);
      v = v * v * v;
      double u = rng.nextDouble();
      if (u < 1.0 - 0.0331 * x * x * x * x) {
        return d * v;
      }
      if (Math.log(u) < 0.5 * x * x + d * (1.0 - v + Math.log(v))) {
        return d * v;
      }
    }
  }
}
