package dev.pupil.pool;

import dev.pupil.data.ImageSet;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Where a pool's images come from. Pool order (the index that breaks ties in class balancing) is
 * the order of the ids for a folder or a table (a folder's ids are paths relative to it, as {@link
 * dev.pupil.data.UnlabeledFolderReader} sorts them) and the set's order for images in memory.
 *
 * @param kind the kind of source
 * @param location the folder or Parquet table (a local path, or a URI such as {@code hdfs://…} that
 *     only the Spark engine reads), or null for images in memory
 * @param images the images in memory, or null
 * @param name how the source is named in messages and the summary
 * @param excluded ids of a folder's or table's images to leave out, e.g. those a model's run
 *     trained on (images in memory are left out when the source is made, see {@link #excluding})
 */
public record PoolSource(
    Kind kind, String location, ImageSet images, String name, Set<String> excluded) {
  /** The kinds of pool. */
  public enum Kind {
    /** A folder tree of image files (PNG, JPEG, BMP, GIF), read recursively. */
    FOLDER,
    /** A Parquet table with columns {@code id} (string) and {@code bytes} (an encoded image). */
    TABLE,
    /** Decoded images in memory, e.g. a dataset's training split. */
    IMAGES
  }

  /** Checks that the source matches its kind. */
  public PoolSource {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    excluded = Set.copyOf(excluded == null ? Set.of() : excluded);
    if (kind == Kind.IMAGES && !excluded.isEmpty()) {
      throw new IllegalArgumentException("images in memory are left out by excluding(), not kept");
    }
    if ((kind == Kind.IMAGES) != (images != null) || (kind == Kind.IMAGES) == (location != null)) {
      throw new IllegalArgumentException(
          kind
              + " pool needs "
              + (kind == Kind.IMAGES ? "images and no path" : "a path and no images"));
    }
  }

  /**
   * A source that leaves out nothing.
   *
   * @param kind the kind of source
   * @param location the folder or table, or null for images in memory
   * @param images the images in memory, or null
   * @param name how the source is named
   */
  public PoolSource(Kind kind, String location, ImageSet images, String name) {
    this(kind, location, images, name, Set.of());
  }

  /**
   * The same pool without some images.
   *
   * @param ids ids of the images to leave out (a folder's: paths relative to it)
   * @return for images in memory, a source of the rest; otherwise one that leaves them out when
   *     read
   */
  public PoolSource excluding(Set<String> ids) {
    if (ids.isEmpty()) {
      return this;
    }
    if (kind == Kind.IMAGES) {
      return new PoolSource(kind, null, images.without(ids), name, Set.of());
    }
    Set<String> all = new HashSet<>(excluded);
    all.addAll(ids);
    return new PoolSource(kind, location, null, name, all);
  }

  /**
   * @param folder a folder tree of images
   * @return the source
   */
  public static PoolSource folder(Path folder) {
    return new PoolSource(Kind.FOLDER, folder.toString(), null, folder.toString());
  }

  /**
   * @param location a folder tree of images, as a local path or a URI ({@code hdfs://…})
   * @return the source
   */
  public static PoolSource folder(String location) {
    return new PoolSource(Kind.FOLDER, location, null, location);
  }

  /**
   * @param location a Parquet table, as a local path or a URI
   * @return the source
   */
  public static PoolSource table(String location) {
    return new PoolSource(Kind.TABLE, location, null, location);
  }

  /**
   * @return the location as a local path
   */
  public Path path() {
    return Path.of(location);
  }

  /**
   * @param parquet a Parquet file or folder with columns {@code id} and {@code bytes}
   * @return the source
   */
  public static PoolSource table(Path parquet) {
    return new PoolSource(Kind.TABLE, parquet.toString(), null, parquet.toString());
  }

  /**
   * @param images decoded images (their labels are ignored)
   * @param name what they are, e.g. "fashion-mnist train"
   * @return the source
   */
  public static PoolSource images(ImageSet images, String name) {
    return new PoolSource(Kind.IMAGES, null, images, name);
  }
}
