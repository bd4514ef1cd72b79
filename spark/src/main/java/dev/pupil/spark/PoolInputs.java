package dev.pupil.spark;

import dev.pupil.BadInputException;
import dev.pupil.data.ImageFiles;
import dev.pupil.data.ImageSet;
import dev.pupil.pool.PoolSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
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

  /**
   * @param spark the session
   * @param source the pool
   * @return the input rows
   */
  static JavaRDD<Row> read(SparkSession spark, PoolSource source) {
    return switch (source.kind()) {
      case FOLDER -> folder(spark, source.location());
      case TABLE -> table(spark, source.location());
      case IMAGES -> images(spark, source.images());
    };
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
        spark.read().format("binaryFile")
            .option("recursiveFileLookup", "true")
            .option("pathGlobFilter", IMAGE_GLOB)
            .load(location)
            .select("path", "content");
    return files.javaRDD()
        .filter(r -> ImageFiles.isImageFileName(new Path(r.getString(0)).getName()))
        .map(r -> {
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
    if (!names.contains("id") || !names.contains("bytes")
        || !s.apply("id").dataType().equals(DataTypes.StringType)
        || !s.apply("bytes").dataType().equals(DataTypes.BinaryType)) {
      throw new BadInputException(
          location + " needs columns id (string) and bytes (binary, an encoded image), has "
              + s.simpleString());
    }
    return t.select("id", "bytes").javaRDD()
        .map(r -> ScoredRows.input(r.getString(0), -1L, (byte[]) r.get(1)));
  }

  /**
   * Images in memory: the pixels and ids go to the executors once, as broadcast variables, and
   * each slice builds its rows there, so no per-image object is serialized into the tasks.
   */
  private static JavaRDD<Row> images(SparkSession spark, ImageSet images) {
    int per = images.imageBytes();
    int n = images.size();
    String[] ids = new String[n];
    for (int i = 0; i < n; i++) {
      ids[i] = images.id(i);
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<byte[]> pixels = jsc.broadcast(images.pixelsView());
    Broadcast<String[]> names = jsc.broadcast(ids);
    // A multiple of the task slots, so that the last wave of tasks keeps every slot busy.
    int slots = Math.max(1, jsc.defaultParallelism());
    int waves = Math.max(1, (n + IMAGES_PER_SLICE * slots - 1) / (IMAGES_PER_SLICE * slots));
    int slices = Math.max(1, Math.min(n, waves * slots));
    List<Integer> numbers = new ArrayList<>(slices);
    for (int s = 0; s < slices; s++) {
      numbers.add(s);
    }
    return jsc.parallelize(numbers, slices).mapPartitionsWithIndex((slice, it) -> {
      int from = (int) ((long) n * slice / slices);
      int to = (int) ((long) n * (slice + 1) / slices);
      byte[] px = pixels.value();
      String[] id = names.value();
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
          Row r = ScoredRows.input(id[i], i, Arrays.copyOfRange(px, i * per, (i + 1) * per));
          i++;
          return r;
        }
      };
    }, true);
  }
}
