package dev.pupil.augment;

import dev.pupil.BadInputException;
import dev.pupil.image.AffineWarp.Interpolation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The registry of per-image augmentations by name, and the parser of spec strings such as {@code
 * "flip,crop:4,rand-n2-m9"} (timm's compact strings). Grammar: tokens separated by commas, each
 * {@code NAME} or {@code NAME:ARG}, or {@code rand-nN-mM[-mstdS]}:
 *
 * <pre>
 *   flip[:P]        horizontal flip with probability P (0.5)
 *   vflip[:P]       vertical flip with probability P (0.5)
 *   crop[:PAD]      random crop of the original size from the zero-padded image (PAD 4)
 *   rrc[:MIN]       random resized crop, area fraction in [MIN, 1] (0.08), ratio 3/4..4/3
 *   rotate:DEG      random rotation in ±DEG (bilinear)
 *   translate:F     random translation in ±F of the size
 *   shear:DEG       random shear in ±DEG along each axis
 *   jitter:S        brightness, contrast, saturation factors in [1 − S, 1 + S]
 *   cutout:SIZE     a SIZE×SIZE square of zeros anywhere (Cutout)
 *   erase[:P]       Random Erasing with probability P (0.25), area 2%..33%
 *   rand-nN-mM      RandAugment, N ops at magnitude M in 0..30; -mstdS adds magnitude noise
 * </pre>
 */
public final class AugmentSpec {
  private static final Pattern RAND =
      Pattern.compile("rand-n(\\d{1,6})-m(\\d{1,6})(?:-mstd([0-9.]+|inf))?");

  /** Makes an augmentation from a token's argument (null when absent). */
  private interface Factory {
    Augmentation create(String arg, String token);
  }

  private static final Map<String, Factory> REGISTRY = new LinkedHashMap<>();

  static {
    REGISTRY.put(
        "flip",
        (a, t) -> new RandomFlip(RandomFlip.Axis.HORIZONTAL, range(number(a, 0.5, t), 0, 1, t)));
    REGISTRY.put(
        "vflip",
        (a, t) -> new RandomFlip(RandomFlip.Axis.VERTICAL, range(number(a, 0.5, t), 0, 1, t)));
    REGISTRY.put("crop", (a, t) -> new RandomCrop(whole(a, 4, 0, 1024, t), 0));
    REGISTRY.put("rrc", (a, t) -> new RandomResizedCrop(range(number(a, 0.08, t), 1e-3, 1, t)));
    REGISTRY.put(
        "rotate",
        (a, t) ->
            new RandomAffine(range(required(a, t), 0, 180, t), 0, 0, Interpolation.BILINEAR, 0));
    REGISTRY.put(
        "translate",
        (a, t) ->
            new RandomAffine(0, range(required(a, t), 0, 1, t), 0, Interpolation.BILINEAR, 0));
    REGISTRY.put(
        "shear",
        (a, t) ->
            new RandomAffine(0, 0, range(required(a, t), 0, 45, t), Interpolation.BILINEAR, 0));
    REGISTRY.put("jitter", (a, t) -> new ColorJitter(range(required(a, t), 0, 1, t)));
    REGISTRY.put("cutout", (a, t) -> RandomErasing.cutout(whole(required(a, t), 1, 1, 4096, t), 0));
    REGISTRY.put(
        "erase",
        (a, t) -> RandomErasing.erasing(range(number(a, 0.25, t), 0, 1, t), 0.02, 0.33, 0));
  }

  private AugmentSpec() {}

  /**
   * @return the registered names, and {@code rand-nN-mM[-mstdS]}
   */
  public static List<String> names() {
    List<String> n = new ArrayList<>(REGISTRY.keySet());
    n.add("rand-nN-mM[-mstdS]");
    return n;
  }

  /**
   * Parses a spec string into a pipeline.
   *
   * @param spec comma-separated tokens; blank or {@code none} for no augmentation
   * @return the pipeline (empty for none)
   * @throws BadInputException naming the token when a name is unknown or a value out of range
   */
  public static AugmentPipeline parse(String spec) {
    String s = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
    List<Augmentation> steps = new ArrayList<>();
    if (s.isEmpty() || s.equals("none")) {
      return new AugmentPipeline("none", steps);
    }
    for (String raw : s.split(",")) {
      String token = raw.trim();
      if (token.startsWith("rand")) {
        steps.add(randAugment(token));
        continue;
      }
      int colon = token.indexOf(':');
      String name = colon < 0 ? token : token.substring(0, colon);
      String arg = colon < 0 ? null : token.substring(colon + 1);
      Factory f = REGISTRY.get(name);
      if (f == null) {
        throw new BadInputException(
            "unknown augmentation '"
                + token
                + "' in \""
                + spec
                + "\"; known: "
                + String.join(", ", names()));
      }
      try {
        steps.add(f.create(arg, token));
      } catch (BadInputException e) {
        throw e;
      } catch (IllegalArgumentException e) {
        throw new BadInputException("'" + token + "': " + e.getMessage(), e);
      }
    }
    return new AugmentPipeline(s, steps);
  }

  /**
   * Parses {@code rand-nN-mM[-mstdS]}.
   *
   * @param token the token
   * @return RandAugment
   */
  public static RandAugment randAugment(String token) {
    Matcher m = RAND.matcher(token);
    if (!m.matches()) {
      throw new BadInputException(
          "'" + token + "' is not a RandAugment spec; expected rand-nN-mM or rand-nN-mM-mstdS");
    }
    int n = Integer.parseInt(m.group(1));
    int mag = Integer.parseInt(m.group(2));
    if (n > 16) {
      throw new BadInputException("N " + n + " in '" + token + "' is out of range [0, 16]");
    }
    if (mag > RandAugmentOp.BINS - 1) {
      throw new BadInputException(
          "magnitude "
              + mag
              + " in '"
              + token
              + "' is out of range [0, "
              + (RandAugmentOp.BINS - 1)
              + "]");
    }
    double mstd =
        m.group(3) == null
            ? 0
            : m.group(3).equals("inf") ? Double.POSITIVE_INFINITY : number(m.group(3), 0, token);
    return new RandAugment(n, mag, mstd, 0);
  }

  /**
   * Checks a probability.
   *
   * @param field the name for the message
   * @param p the value
   */
  static void requireProbability(String field, double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new BadInputException(field + " must be in [0, 1], got " + p);
    }
  }

  static double number(String arg, double fallback, String token) {
    if (arg == null || arg.isEmpty()) {
      return fallback;
    }
    try {
      return Double.parseDouble(arg);
    } catch (NumberFormatException e) {
      throw new BadInputException("'" + arg + "' in '" + token + "' is not a number");
    }
  }

  static String required(String arg, String token) {
    if (arg == null || arg.isEmpty()) {
      throw new BadInputException("'" + token + "' needs a value, e.g. " + token + ":10");
    }
    return arg;
  }

  static double range(String arg, double lo, double hi, String token) {
    return range(number(arg, Double.NaN, token), lo, hi, token);
  }

  static double range(double v, double lo, double hi, String token) {
    if (!(v >= lo && v <= hi)) {
      throw new BadInputException(
          "value " + v + " in '" + token + "' is out of range [" + lo + ", " + hi + "]");
    }
    return v;
  }

  static int whole(String arg, int fallback, int lo, int hi, String token) {
    double v = number(arg, fallback, token);
    if (v != Math.rint(v) || v < lo || v > hi) {
      throw new BadInputException(
          "value "
              + arg
              + " in '"
              + token
              + "' must be a whole number in ["
              + lo
              + ", "
              + hi
              + "]");
    }
    return (int) v;
  }
}
