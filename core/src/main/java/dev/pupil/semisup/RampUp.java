package dev.pupil.semisup;

/**
 * The weight of the pseudo-labeled loss over epochs, Lee 2013's α(t) ("Pseudo-Label", ICML 2013
 * workshop, eq. 16): 0 up to epoch {@code start}, then rising linearly to {@code finalWeight} at
 * epoch {@code end}, constant afterwards. Lee used T1 = 100, T2 = 600, α_f = 3; {@link
 * #constant(float)} gives Noisy Student's fixed weight.
 *
 * @param start the last epoch (from 1) with weight 0 (T1); 0 starts rising at once
 * @param end the first epoch with the full weight (T2), &gt;= start
 * @param finalWeight α_f, &gt;= 0
 */
public record RampUp(int start, int end, float finalWeight) {
  /** Validates. */
  public RampUp {
    if (start < 0) {
      throw new IllegalArgumentException("rampUp start must be >= 0, got " + start);
    }
    if (end < start) {
      throw new IllegalArgumentException("rampUp end must be >= start (" + start + "), got " + end);
    }
    if (!(finalWeight >= 0) || Float.isInfinite(finalWeight)) {
      throw new IllegalArgumentException(
          "rampUp finalWeight must be >= 0 and finite, got " + finalWeight);
    }
  }

  /**
   * @param weight the weight of every epoch
   * @return a ramp that is flat from the first epoch
   */
  public static RampUp constant(float weight) {
    return new RampUp(0, 0, weight);
  }

  /**
   * @param epoch the epoch, from 1
   * @return α(epoch)
   */
  public float weight(int epoch) {
    if (epoch >= end) {
      return finalWeight;
    }
    if (epoch <= start) {
      return 0f;
    }
    return finalWeight * (epoch - start) / (float) (end - start);
  }
}
