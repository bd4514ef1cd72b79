package dev.pupil.augment;

import dev.pupil.BadInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Mixes a whole batch and produces soft targets, as timm's {@code Mixup} (batch mode): with
 * probability {@code prob} a batch is mixed, by CutMix (Yun et al. 2019, "CutMix: Regularization
 * Strategy to Train Strong Classifiers with Localizable Features", arXiv:1905.04899) with
 * probability {@code switchProb} when both are enabled, else by MixUp (Zhang et al. 2018, "mixup:
 * Beyond Empirical Risk Minimization", arXiv:1710.09412). λ ~ Beta(α, α). Each image is mixed with
 * the previous one in the batch (torchvision v2's {@code roll(1)}).
 *
 * <ul>
 *   <li>MixUp: {@code x = λ·x + (1 − λ)·x_prev}, target {@code λ·y + (1 − λ)·y_prev}.
 *   <li>CutMix: a box of side {@code √(1 − λ)} × size centred uniformly (timm's {@code rand_bbox}),
 *       clipped at the border, is pasted from {@code x_prev}; λ is then recomputed as 1 − the
 *       pasted area's fraction, so the label weights equal the actual pixel shares.
 * </ul>
 *
 * <p>Spec strings ({@link #parse}): {@code cutmix:A}, {@code mixup:A}, and optionally {@code p:P}
 * and {@code switch:S}, comma-separated, e.g. {@code cutmix:1.0,mixup:0.2,p:1.0,switch:0.5}.
 */
public final class BatchMixer {
  /** What was done to a batch. */
  public enum Kind {
    /** Not mixed (λ = 1). */
    NONE,
    /** MixUp. */
    MIXUP,
    /** CutMix. */
    CUTMIX
  }

  /**
   * A batch's mixing parameters.
   *
   * @param kind what is done
   * @param lambda the weight of each image's own label (for CutMix, the unpasted area fraction)
   * @param top CutMix box top (clipped)
   * @param left box left
   * @param height box height (0 when not CutMix)
   * @param width box width
   */
  public record Params(Kind kind, double lambda, int top, int left, int height, int width) {}

  private final double cutmixAlpha;
  private final double mixupAlpha;
  private final double prob;
  private final double switchProb;
  private final String spec;

  /**
   * @param cutmixAlpha CutMix's Beta parameter; 0 disables CutMix
   * @param mixupAlpha MixUp's Beta parameter; 0 disables MixUp
   * @param prob probability of mixing a batch
   * @param switchProb probability of CutMix when both are enabled
   */
  public BatchMixer(double cutmixAlpha, double mixupAlpha, double prob, double switchProb) {
    require(
        cutmixAlpha >= 0 && Double.isFinite(cutmixAlpha), "cutmixAlpha must be >= 0", cutmixAlpha);
    require(mixupAlpha >= 0 && Double.isFinite(mixupAlpha), "mixupAlpha must be >= 0", mixupAlpha);
    require(prob >= 0 && prob <= 1, "prob must be in [0, 1]", prob);
    require(switchProb >= 0 && switchProb <= 1, "switchProb must be in [0, 1]", switchProb);
    require(cutmixAlpha > 0 || mixupAlpha > 0, "cutmix or mixup alpha must be > 0", 0);
    this.cutmixAlpha = cutmixAlpha;
    this.mixupAlpha = mixupAlpha;
    this.prob = prob;
    this.switchProb = switchProb;
    this.spec =
        String.format(
            Locale.ROOT,
            "cutmix:%s,mixup:%s,p:%s,switch:%s",
            cutmixAlpha,
            mixupAlpha,
            prob,
            switchProb);
  }

  private static void require(boolean ok, String message, double value) {
    if (!ok) {
      throw new BadInputException(message + ", got " + value);
    }
  }

  /**
   * Parses a mix spec.
   *
   * @param spec e.g. {@code cutmix:1.0}, {@code mixup:0.2}, {@code
   *     cutmix:1.0,mixup:0.2,p:1.0,switch:0.5}; blank or {@code none} for no mixing
   * @return the mixer, or null for none
   * @throws BadInputException naming the bad token
   */
  public static BatchMixer parse(String spec) {
    String s = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
    if (s.isEmpty() || s.equals("none")) {
      return null;
    }
    double cutmix = 0;
    double mixup = 0;
    double p = 1;
    double sw = 0.5;
    for (String raw : s.split(",")) {
      String token = raw.trim();
      int colon = token.indexOf(':');
      String name = colon < 0 ? token : token.substring(0, colon);
      String arg = colon < 0 ? null : token.substring(colon + 1);
      switch (name) {
        case "cutmix" ->
            cutmix = AugmentSpec.range(AugmentSpec.number(arg, 1.0, token), 0, 100, token);
        case "mixup" ->
            mixup = AugmentSpec.range(AugmentSpec.number(arg, 0.2, token), 0, 100, token);
        case "p" -> p = AugmentSpec.range(AugmentSpec.required(arg, token), 0, 1, token);
        case "switch" -> sw = AugmentSpec.range(AugmentSpec.required(arg, token), 0, 1, token);
        default ->
            throw BadInputException.forField(
                "mix",
                "\""
                    + spec
                    + "\" has an unknown option '"
                    + token
                    + "'; known: cutmix:A, mixup:A, p:P, switch:S");
      }
    }
    if (cutmix == 0 && mixup == 0) {
      throw BadInputException.forField("mix", "\"" + spec + "\" enables neither cutmix nor mixup");
    }
    return new BatchMixer(cutmix, mixup, p, sw);
  }

  /**
   * @return the resolved spec, e.g. {@code cutmix:1.0,mixup:0.0,p:1.0,switch:0.5}
   */
  public String spec() {
    return spec;
  }

  /**
   * Draws a batch's parameters (timm's {@code _params_per_batch} then {@code rand_bbox}).
   *
   * @param rng the batch's generator
   * @param h image height
   * @param w image width
   * @return the parameters
   */
  public Params sample(Random rng, int h, int w) {
    if (!(rng.nextDouble() < prob)) {
      return new Params(Kind.NONE, 1, 0, 0, 0, 0);
    }
    boolean cut = mixupAlpha == 0 || (cutmixAlpha > 0 && rng.nextDouble() < switchProb);
    double lambda =
        Beta.sample(rng, cut ? cutmixAlpha : mixupAlpha, cut ? cutmixAlpha : mixupAlpha);
    if (!cut) {
      return new Params(Kind.MIXUP, lambda, 0, 0, 0, 0);
    }
    double ratio = Math.sqrt(1 - lambda);
    int cutH = (int) (h * ratio);
    int cutW = (int) (w * ratio);
    int cy = rng.nextInt(h);
    int cx = rng.nextInt(w);
    return cutmixBox(h, w, cy - cutH / 2, cx - cutW / 2, cy + cutH / 2, cx + cutW / 2);
  }

  /**
   * CutMix parameters for a box given by its corners, clipped to the image, with λ from the clipped
   * area.
   *
   * @param h image height
   * @param w image width
   * @param y0 top (inclusive, may lie outside)
   * @param x0 left
   * @param y1 bottom (exclusive)
   * @param x1 right
   * @return the parameters
   */
  public static Params cutmixBox(int h, int w, int y0, int x0, int y1, int x1) {
    int top = Math.max(0, Math.min(h, y0));
    int bottom = Math.max(0, Math.min(h, y1));
    int left = Math.max(0, Math.min(w, x0));
    int right = Math.max(0, Math.min(w, x1));
    int bh = bottom - top;
    int bw = right - left;
    return new Params(Kind.CUTMIX, 1 - (double) bh * bw / ((double) h * w), top, left, bh, bw);
  }

  /**
   * Mixes a batch in place and returns its soft targets.
   *
   * @param images N×C×H×W floats (any scale), mixed in place
   * @param n images
   * @param c channels
   * @param h height
   * @param w width
   * @param labels the N hard labels
   * @param classes the number of classes
   * @param p the parameters
   * @return N×C targets; each row sums to 1
   */
  public static float[] apply(
      float[] images, int n, int c, int h, int w, int[] labels, int classes, Params p) {
    int per = c * h * w;
    float[] prev = new float[per];
    // Walk backwards so that image i-1 is still unmixed when image i reads it; image 0 reads the
    // original last image, saved first.
    float[] last = Arrays.copyOfRange(images, (n - 1) * per, n * per);
    if (p.kind() != Kind.NONE) {
      for (int i = n - 1; i >= 0; i--) {
        if (i > 0) {
          System.arraycopy(images, (i - 1) * per, prev, 0, per);
        } else {
          System.arraycopy(last, 0, prev, 0, per);
        }
        mixOne(images, i * per, prev, c, h, w, p);
      }
    }
    float lambda = (float) p.lambda();
    float[] targets = new float[n * classes];
    for (int i = 0; i < n; i++) {
      int partner = labels[(i + n - 1) % n];
      targets[i * classes + labels[i]] += lambda;
      targets[i * classes + partner] += 1f - lambda;
    }
    return targets;
  }

  private static void mixOne(float[] x, int off, float[] other, int c, int h, int w, Params p) {
    if (p.kind() == Kind.MIXUP) {
      float l = (float) p.lambda();
      for (int k = 0; k < c * h * w; k++) {
        x[off + k] = l * x[off + k] + (1f - l) * other[k];
      }
      return;
    }
    for (int ch = 0; ch < c; ch++) {
      for (int y = p.top(); y < p.top() + p.height(); y++) {
        int r = (ch * h + y) * w + p.left();
        System.arraycopy(other, r, x, off + r, p.width());
      }
    }
  }
}
