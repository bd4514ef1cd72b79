package dev.pupil.data;

import dev.pupil.BadInputException;
import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Image files: reading one or several for prediction ({@link #readImage}, {@link #readAll}), and,
 * inside this package, finding image files in folder trees (extensions, hidden entries, symlinks,
 * order, ids).
 */
public final class ImageFiles {
  /** The file extensions read, lower case. */
  static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");

  private static final Logger LOG = LoggerFactory.getLogger(ImageFiles.class);

  private ImageFiles() {}

  /**
   * Reads one image file (PNG, JPEG, BMP or GIF; the first frame) with the same decoder as the
   * folder readers: converted to the given channels and resized (bilinear) to the given size, for
   * example a model's input.
   *
   * @param file the image file
   * @param channels 1 (gray) or 3 (RGB)
   * @param height output height in pixels
   * @param width output width in pixels
   * @return C×H×W unsigned bytes
   * @throws BadInputException naming the file when it is missing, too large or not an image, or
   *     naming the bad channels or size
   */
  public static byte[] readImage(Path file, int channels, int height, int width) {
    if (channels != 1 && channels != 3) {
      throw new BadInputException("channels must be 1 or 3, got " + channels);
    }
    if (height < 1 || width < 1 || (long) height * width > ImageDecoder.MAX_PIXELS) {
      throw new BadInputException("bad image size " + height + "x" + width);
    }
    return new ImageDecoder(channels, height, width, BadImagePolicy.FAIL).decodeOne(file);
  }

  /**
   * Reads image files and folders for prediction, as the folder readers read them: each folder is
   * searched recursively for image files (png, jpg, jpeg, bmp, gif; hidden entries left out) in
   * sorted order; each image is converted to the given channels and resized (bilinear) to the given
   * size. A file named directly is decoded whatever its extension.
   *
   * @param paths image files and folders, in order
   * @param channels 1 (gray) or 3 (RGB)
   * @param height output height in pixels
   * @param width output width in pixels
   * @param policy what to do with a file that cannot be decoded
   * @return the images, unlabeled, with ids: a file's path as given, a folder's files as the folder
   *     joined with their path inside it; and the files skipped
   * @throws BadInputException naming a path that does not exist, a folder without images, a bad
   *     file under {@link BadImagePolicy#FAIL}, or that none could be read
   */
  public static FolderReadResult readAll(
      List<Path> paths, int channels, int height, int width, BadImagePolicy policy) {
    if (channels != 1 && channels != 3) {
      throw new BadInputException("channels must be 1 or 3, got " + channels);
    }
    if (height < 1 || width < 1 || (long) height * width > ImageDecoder.MAX_PIXELS) {
      throw new BadInputException("bad image size " + height + "x" + width);
    }
    List<Path> files = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        List<Path> found = list(p, p);
        if (found.isEmpty()) {
          throw new BadInputException(p + " holds no images (png, jpg, jpeg, bmp or gif)");
        }
        files.addAll(found);
      } else if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
        throw new BadInputException(p + " does not exist");
      } else {
        files.add(p);
      }
    }
    List<String> ids = new ArrayList<>(files.size());
    for (Path f : files) {
      ids.add(f.toString());
    }
    int[] labels = new int[files.size()];
    Arrays.fill(labels, ImageSet.UNLABELED);
    return new ImageDecoder(channels, height, width, policy)
        .decodeAll(Path.of("the given files"), "given", files, ids, labels, List.of());
  }

  /**
   * Decodes one encoded image held in memory (PNG, JPEG, BMP or GIF; the first frame) exactly as
   * {@link #readImage} decodes a file: converted to the given channels and resized (bilinear) to
   * the given size. The Spark engine reads pools this way.
   *
   * @param bytes the encoded file's contents
   * @param name the image's name (its path or id), for messages
   * @param channels 1 (gray) or 3 (RGB)
   * @param height output height in pixels
   * @param width output width in pixels
   * @return C×H×W unsigned bytes
   * @throws BadInputException naming the image when it is too large or not an image, or naming the
   *     bad channels or size
   */
  public static byte[] decodeImage(byte[] bytes, String name, int channels, int height, int width) {
    if (channels != 1 && channels != 3) {
      throw new BadInputException("channels must be 1 or 3, got " + channels);
    }
    if (height < 1 || width < 1 || (long) height * width > ImageDecoder.MAX_PIXELS) {
      throw new BadInputException("bad image size " + height + "x" + width);
    }
    return new ImageDecoder(channels, height, width, BadImagePolicy.FAIL).decodeOne(bytes, name);
  }

  /**
   * Whether a file name is one the folder readers read: an image extension (png, jpg, jpeg, bmp,
   * gif, any case) after a non-empty stem.
   *
   * @param fileName the file's name, without folders
   * @return whether it names an image file
   */
  public static boolean isImageFileName(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot > 0 && EXTENSIONS.contains(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  /**
   * @return whether the name has an image extension, in any case
   */
  static boolean isImageName(Path file) {
    return isImageFileName(file.getFileName().toString());
  }

  /**
   * @return whether the entry is hidden: its name starts with a dot
   */
  static boolean isHidden(Path entry) {
    Path name = entry.getFileName();
    return name != null && name.toString().startsWith(".");
  }

  /**
   * @throws BadInputException when {@code root} is missing or not a folder
   */
  static void requireFolder(Path root) {
    if (!Files.exists(root)) {
      throw new BadInputException(root + " does not exist");
    }
    if (!Files.isDirectory(root)) {
      throw new BadInputException(root + " is not a folder");
    }
  }

  /** The visible subfolders of {@code root} (symlinks followed), sorted by name. */
  static List<Path> subfolders(Path root) {
    try (Stream<Path> entries = Files.list(root)) {
      return entries
          .filter(p -> !isHidden(p) && Files.isDirectory(p))
          .sorted(Comparator.comparing(p -> p.getFileName().toString()))
          .toList();
    } catch (IOException e) {
      throw new BadInputException(root + " cannot be listed: " + e.getMessage(), e);
    }
  }

  /**
   * All image files under {@code dir}, recursively, following symbolic links; hidden files and
   * folders are left out, and a link back to a folder being walked is logged and not followed.
   *
   * @param root the folder ids are relative to
   * @param dir the folder to walk
   * @return the files sorted by their id
   */
  static List<Path> list(Path root, Path dir) {
    List<Path> files = new ArrayList<>();
    try {
      Files.walkFileTree(
          dir,
          EnumSet.of(FileVisitOption.FOLLOW_LINKS),
          Integer.MAX_VALUE,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
              return !d.equals(dir) && isHidden(d)
                  ? FileVisitResult.SKIP_SUBTREE
                  : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
              if (!attrs.isDirectory() && !isHidden(f) && isImageName(f)) {
                files.add(f);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) {
              if (e instanceof FileSystemLoopException) {
                LOG.warn("{} links back to a folder above it; not followed", f);
                return FileVisitResult.CONTINUE;
              }
              throw new BadInputException(f + " cannot be read: " + e.getMessage(), e);
            }
          });
    } catch (IOException e) {
      throw new BadInputException(dir + " cannot be listed: " + e.getMessage(), e);
    }
    files.sort(Comparator.comparing(f -> id(root, f)));
    return files;
  }

  /**
   * @return the path of {@code file} relative to {@code root}, with '/' separators
   */
  static String id(Path root, Path file) {
    Path rel = root.relativize(file);
    StringBuilder sb = new StringBuilder();
    for (Path part : rel) {
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(part);
    }
    return sb.toString();
  }
}
