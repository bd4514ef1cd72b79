package dev.pupil.spark;

import dev.pupil.BadInputException;
import dev.pupil.data.ImageFiles;
import dev.pupil.data.ImageSet;
import dev.pupil.pool.PoolSource;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A pool as rows of {@link ScoredRows#INPUT}: an image folder through Spark's {@code binaryFile}
 * source (ids are paths relative to the folder, as the folder readers make them), a Parquet table
 * of {@code id} and {@code bytes}, or decoded images in memory (index = position in the set).
 */
final class PoolInputs {
  /** Image extensions in any case, as {@link ImageFiles#isImageFileName} accepts them. */
  static final String IMAGE_GLOB =
      "*.{[pP][nN][gG],[jJ][pP][gG],[jJ][pP][eE][gG],[bB][mM][pP],[gG][iI][fF]}";

  /** The most images in one slice when images in memory are distributed. */
  static final int IMAGES_PER_SLICE = 4096;

  private PoolInputs() {}

  /** The input rows, and what to release once the job is done with them. */
  record Input(JavaRDD<Row> rows, Runnable release) implements AutoCloseable {
    @Override
    public void close() {
      release.run();
    }
  }

  /**
   * @param spark the session
   * @param source the pool
   * @return the input rows
   */
  static Input read(SparkSession spark, PoolSource source) {
    return switch (source.kind()) {
      case FOLDER -> new Input(without(folder(spark, source.location()), source), () -> {});
      case TABLE -> new Input(without(table(spark, source.location()), source), () -> {});
      case IMAGES -> images(spark, source.images());
    };
  }

  /** The rows whose id the source does not leave out ({@link PoolSource#excluded}). */
  private static JavaRDD<Row> without(JavaRDD<Row> rows, PoolSource source) {
    if (source.excluded().isEmpty()) {
      return rows;
    }
    HashSet<String> left = new HashSet<>(source.excluded());
    return rows.filter(r -> !left.contains(r.getString(0)));
  }

  private static JavaRDD<Row> folder(SparkSession spark, String location) {
    String root;
    try {
      Path p = new Path(location);
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(p)) {
        throw new BadInputException(location + " does not exist");
      }
      if (!fs.getFileStatus(p).isDirectory()) {
        throw new BadInputException(location + " is not a folder");
      }
      root = fs.makeQualified(p).toUri().getPath();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + location + ": " + e.getMessage(), e);
    }
    String prefix = root.endsWith("/") ? root : root + "/";
    Dataset<Row> files =
        spark
            .read()
            .format("binaryFile")
            .option("recursiveFileLookup", "true")
            .option("pathGlobFilter", IMAGE_GLOB)
            .load(location)
            .select("path", "content");
    return files
        .javaRDD()
        .filter(r -> ImageFiles.isImageFileName(new Path(r.getString(0)).getName()))
        .map(
            r -> {
              String path = new Path(r.getString(0)).toUri().getPath();
              String id = path.startsWith(prefix) ? path.substring(prefix.length()) : path;
              return ScoredRows.input(id, -1L, (byte[]) r.get(1));
            });
  }

  private static JavaRDD<Row> table(SparkSession spark, String location) {
    Dataset<Row> t;
    try {
      t = spark.read().parquet(location);
    } catch (RuntimeException e) {
      throw new BadInputException(location + " cannot be read as Parquet: " + e.getMessage(), e);
    }
    StructType s = t.schema();
    List<String> names = Arrays.asList(s.fieldNames());
    if (!names.contains("id")
        || !names.contains("bytes")
        || !s.apply("id").dataType().equals(DataTypes.StringType)
        || !s.apply("bytes").dataType().equals(DataTypes.BinaryType)) {
      throw new BadInputException(
          location
              + " needs columns id (string) and bytes (binary, an encoded image), has "
              + s.simpleString());
    }
    return t.select("id", "bytes")
        .javaRDD()
        .map(r -> ScoredRows.input(r.getString(0), -1L, (byte[]) r.get(1)));
  }

  /** The pixels and ids of a pool in memory. */
  record Pixels(byte[] pixels, String[] ids) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** Pools in memory shared by reference with the tasks of a local master, by job key. */
  private static final Map<String, Pixels> LOCAL = new ConcurrentHashMap<>();

  /**
   * Images in memory, each slice building its rows on the executor, so that no per-image object is
   * serialized into the tasks. With a local master the tasks run in this JVM and read the pool by
   * reference; other masters get it once per executor, as a broadcast variable. By reference, 240k
   * Fashion-MNIST images are ready in 0.08 s instead of 0.82 s (serializing and compressing 188 MB
   * into the block manager, which also kept that copy).
   */
  private static Input images(SparkSession spark, ImageSet images) {
    int per = images.imageBytes();
    int n = images.size();
    String[] ids = new String[n];
    for (int i = 0; i < n; i++) {
      ids[i] = images.id(i);
    }
    Pixels pool = new Pixels(images.pixelsView(), ids);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    boolean local = SparkSessions.localSlots(jsc.master()) > 0;
    String key = UUID.randomUUID().toString();
    Broadcast<Pixels> shipped = local ? null : jsc.broadcast(pool);
    if (local) {
      LOCAL.put(key, pool);
    }
    // A multiple of the task slots, so that the last wave of tasks keeps every slot busy.
    int slots = Math.max(1, jsc.defaultParallelism());
    int waves = Math.max(1, (n + IMAGES_PER_SLICE * slots - 1) / (IMAGES_PER_SLICE * slots));
    int slices = Math.max(1, Math.min(n, waves * slots));
    List<Integer> numbers = new ArrayList<>(slices);
    for (int s = 0; s < slices; s++) {
      numbers.add(s);
    }
    JavaRDD<Row> rows =
        jsc.parallelize(numbers, slices)
            .mapPartitionsWithIndex(
                (slice, it) -> {
                  int from = (int) ((long) n * slice / slices);
                  int to = (int) ((long) n * (slice + 1) / slices);
                  Pixels p = shipped != null ? shipped.value() : LOCAL.get(key);
                  if (p == null) {
                    throw new IllegalStateException(
                        "the pool of job " + key + " is not in this JVM");
                  }
                  byte[] px = p.pixels();
                  String[] id = p.ids();
                  return new Iterator<Row>() {
                    private int i = from;

                    @Override
                    public boolean hasNext() {
                      return i < to;
                    }

                    @Override
                    public Row next() {
                      if (i >= to) {
                        throw new NoSuchElementException();
                      }
                      Row r =
                          ScoredRows.input(
                              id[i], i, Arrays.copyOfRange(px, i * per, (i + 1) * per));
                      i++;
                      return r;
                    }
                  };
                },
                true);
    return new Input(
        rows,
        () -> {
          LOCAL.remove(key);
          if (shipped != null) {
            shipped.destroy();
          }
        });
  }
}
