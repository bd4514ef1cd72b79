package dev.pupil.run;

import dev.pupil.BadInputException;
import java.util.Locale;

/**
 * An image shape typed on the command line: {@code HxW} (channels left open) or {@code HxWxC}.
 *
 * @param height pixels
 * @param width pixels
 * @param channels 1 or 3, or 0 when not given
 */
public record InputShape(int height, int width, int channels) {
  /**
   * Parses {@code 28x28} or {@code 28x28x1}.
   *
   * @param option the option being parsed, for the message
   * @param text the value
   * @return the shape
   * @throws BadInputException naming the option when the value is malformed
   */
  public static InputShape parse(String option, String text) {
    String[] p = text.toLowerCase(Locale.ROOT).split("x", -1);
    try {
      if (p.length == 2 || p.length == 3) {
        int h = Integer.parseInt(p[0].strip());
        int w = Integer.parseInt(p[1].strip());
        int c = p.length == 3 ? Integer.parseInt(p[2].strip()) : 0;
        if (h >= 1 && w >= 1 && h <= 8192 && w <= 8192 && (c == 0 || c == 1 || c == 3)) {
          return new InputShape(h, w, c);
        }
      }
    } catch (NumberFormatException e) {
      // fall through to the message
    }
    throw new BadInputException(
        option
            + " must look like 28x28 or 28x28x1 (height x width [x channels 1|3]), got '"
            + text
            + "'");
  }

  @Override
  public String toString() {
    return height + "x" + width + (channels == 0 ? "" : "x" + channels);
  }
}
