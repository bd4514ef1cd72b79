package dev.pupil.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The shape a folder reader gave every image, and how many images it had to change to get there.
 * When the size is not given, it is the most common size among the images (the first one seen on a
 * tie); when the channels are not given, they are 3 (RGB) if any image is colour, else 1 (gray),
 * since reading colour images as gray would silently lose information. Both are read from the
 * files' headers, before decoding.
 *
 * @param root the folder read, for the warning
 * @param channels the channels of every image, 1 or 3
 * @param height the height of every image
 * @param width the width of every image
 * @param total the image files looked at
 * @param resized how many images were of another size than the chosen one and are resized to it; 0
 *     when the size was given
 * @param converted how many gray images are read as RGB; 0 when the channels were given
 */
public record ShapeChoice(
    Path root, int channels, int height, int width, int total, int resized, int converted) {

  /**
   * @return whether every image already had the chosen size and colour mode (or the options set
   *     them)
   */
  public boolean uniform() {
    return resized == 0 && converted == 0;
  }

  /**
   * A one-line warning for images whose size or colour mode differs from the chosen one, naming the
   * shape chosen, how many images differ, and the setting that changes it by its field name ({@code
   * imageSize}, {@code channels}).
   *
   * @return the warning, or null when {@link #uniform()}
   */
  public String warning() {
    return warning(UnaryOperator.identity());
  }

  /**
   * {@link #warning()} naming the settings another way, e.g. as a command-line tool's flags.
   *
   * @param name the name the user knows a setting by, given its field name
   * @return the warning, or null when {@link #uniform()}
   */
  public String warning(UnaryOperator<String> name) {
    if (uniform()) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    if (resized > 0) {
      parts.add(
          String.format(
              Locale.ROOT,
              "%d of %d images are not %dx%d, the most common size, and are resized to it "
                  + "(set %s HxW to choose the size)",
              resized,
              total,
              height,
              width,
              name.apply("imageSize")));
    }
    if (converted > 0) {
      parts.add(
          String.format(
              Locale.ROOT,
              "%d of %d images are gray and are read as RGB, since others are colour "
                  + "(set %s 1|3 to choose)",
              converted,
              total,
              name.apply("channels")));
    }
    return String.format(
        Locale.ROOT,
        "%s: images differ, all read as %dx%dx%d (height x width x channels): %s",
        root,
        height,
        width,
        channels,
        String.join("; ", parts));
  }
}
