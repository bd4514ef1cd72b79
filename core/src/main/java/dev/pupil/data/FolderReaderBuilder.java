package dev.pupil.data;

import dev.pupil.BadInputException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The options the folder readers share: root, channels, size, bad-image policy and how the shape
 * warning names the settings.
 *
 * @param <T> the concrete builder
 */
abstract class FolderReaderBuilder<T extends FolderReaderBuilder<T>> {
  Path root;
  int channels;
  int height;
  int width;
  BadImagePolicy onBadImage = BadImagePolicy.FAIL;
  UnaryOperator<String> settingNames = UnaryOperator.identity();

  abstract T self();

  /**
   * Sets the folder to read (required).
   *
   * @param root the folder
   * @return this builder
   */
  public T setRoot(Path root) {
    this.root = Objects.requireNonNull(root, "root");
    return self();
  }

  /**
   * Sets the channels of the output: 1 (gray) or 3 (RGB). Default: 3 if any image is colour, else
   * 1, with a warning when they differ (see {@link ShapeChoice}).
   *
   * @param channels 1 or 3
   * @return this builder
   */
  public T optChannels(int channels) {
    this.channels = channels;
    return self();
  }

  /**
   * Sets the size every image is resized to (bilinear). Default: the most common size, with a
   * warning when sizes differ (see {@link ShapeChoice}).
   *
   * @param height height in pixels
   * @param width width in pixels
   * @return this builder
   */
  public T optSize(int height, int width) {
    this.height = height;
    this.width = width;
    return self();
  }

  /**
   * Sets what to do with a file that cannot be decoded. Default: {@link BadImagePolicy#FAIL}.
   *
   * @param policy FAIL or SKIP
   * @return this builder
   */
  public T optOnBadImage(BadImagePolicy policy) {
    this.onBadImage = Objects.requireNonNull(policy, "policy");
    return self();
  }

  /**
   * Sets how the warning about images of differing shape names the settings that choose the shape
   * ({@code imageSize}, {@code channels}; see {@link ShapeChoice#warning(UnaryOperator)}), e.g. as
   * a command-line tool's flags. Default: by those field names.
   *
   * @param names the name the user knows a setting by, given its field name
   * @return this builder
   */
  public T optSettingNames(UnaryOperator<String> names) {
    this.settingNames = Objects.requireNonNull(names, "names");
    return self();
  }

  /** Checks the options, naming the bad one. */
  void validate() {
    if (root == null) {
      throw new IllegalArgumentException("root must be set");
    }
    if (channels != 0 && channels != 1 && channels != 3) {
      throw new BadInputException("channels must be 1 or 3, got " + channels);
    }
    if (height < 0 || width < 0 || (height == 0) != (width == 0)) {
      throw new BadInputException("size must be positive, got " + height + "x" + width);
    }
    if ((long) height * width > ImageDecoder.MAX_PIXELS) {
      throw new BadInputException(
          "size " + height + "x" + width + " is more than the 8192x8192 limit");
    }
  }

  ImageDecoder decoder() {
    return new ImageDecoder(channels, height, width, onBadImage, settingNames);
  }
}
