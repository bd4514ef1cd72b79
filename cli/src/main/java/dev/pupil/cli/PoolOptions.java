package dev.pupil.cli;

import dev.pupil.BadInputException;
import dev.pupil.data.DatasetRegistry;
import dev.pupil.data.NamedDataset;
import dev.pupil.pool.JvmPoolEngine;
import dev.pupil.pool.PoolEngine;
import dev.pupil.pool.PoolSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * The options of a pass over a pool ({@code pseudo-label --teacher}, {@code embed}): the engine (in
 * this JVM, or Apache Spark when the {@code pupil-spark} module is on the class path), the Spark
 * master and properties, and the Parquet-table pool only Spark reads.
 */
final class PoolOptions {
  @Option(
      names = "--engine",
      paramLabel = "ENGINE",
      description =
          "jvm (default): one loop in this JVM, faster below a few hundred thousand "
              + "small images (60k Fashion-MNIST images: see docs/benchmarks.md); spark: "
              + "Apache Spark, for pools beyond one machine (needs the spark module: "
              + "mvn -pl spark -am package).")
  String engine = JvmPoolEngine.NAME;

  @Option(
      names = "--master",
      paramLabel = "URL",
      description =
          "Spark master: local[*] (default), local[N], spark://host:7077, yarn, "
              + "k8s://https://host:443 (with --engine spark).")
  String master;

  @Option(
      names = "--conf",
      paramLabel = "KEY=VALUE",
      description =
          "A Spark property, e.g. spark.executor.memoryOverhead=2g (repeatable; with "
              + "--engine spark).")
  List<String> conf = new ArrayList<>();

  @Option(
      names = "--pool-table",
      paramLabel = "PARQUET",
      description =
          "A Parquet table of images, columns id (string) and bytes (an encoded image), "
              + "as the pool (with --engine spark).")
  String poolTable;

  /**
   * @return the engine, or a bad-input error naming what is missing
   */
  PoolEngine engine() {
    if (!JvmPoolEngine.NAME.equals(engine) && !"spark".equals(engine)) {
      throw new BadInputException("--engine must be jvm or spark, got '" + engine + "'");
    }
    boolean spark = "spark".equals(engine);
    if (!spark && (master != null || !conf.isEmpty() || poolTable != null)) {
      throw new BadInputException("--master, --conf and --pool-table need --engine spark");
    }
    try {
      return PoolEngine.named(engine);
    } catch (IllegalStateException e) {
      if (e.getCause() != null) {
        throw new BadInputException("--engine spark: " + e.getMessage(), e);
      }
      throw new BadInputException(
          "--engine spark: the Spark engine is not on the class path; build it with "
              + "'mvn -pl spark -am package' (./pupil then adds spark/target/lib)");
    }
  }

  /**
   * @return the {@code --conf} properties
   */
  Map<String, String> settings() {
    Map<String, String> m = new LinkedHashMap<>();
    for (String kv : conf) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new BadInputException("--conf must be KEY=VALUE, got '" + kv + "'");
      }
      m.put(kv.substring(0, eq).strip(), kv.substring(eq + 1).strip());
    }
    return m;
  }

  /**
   * The pool: {@code --pool-table}, else an image folder, else a dataset's training split. The
   * options are checked now; a dataset is read only when the supplier is called, so that an engine
   * can start up meanwhile ({@link dev.pupil.pool.PoolEngine#prepare}) and a bad option fails
   * before it does.
   *
   * @param folder the image folder option's value, or null
   * @param folderOption that option's name
   * @param dataset a dataset name, or null
   * @return the source, read when asked for
   */
  Supplier<PoolSource> source(Path folder, String folderOption, String dataset) {
    int given = (poolTable != null ? 1 : 0) + (folder != null ? 1 : 0);
    if (given > 1) {
      throw new BadInputException("give " + folderOption + " or --pool-table, not both");
    }
    if (poolTable != null) {
      PoolSource table = PoolSource.table(poolTable);
      return () -> table;
    }
    if (folder != null) {
      if (!Files.isDirectory(folder)) {
        throw new BadInputException(folderOption + " " + folder + " is not a folder");
      }
      PoolSource images = PoolSource.folder(folder);
      return () -> images;
    }
    if (dataset == null) {
      throw new BadInputException(
          "no pool: give " + folderOption + " DIR, --pool-table PARQUET or --data DATASET");
    }
    if (!NamedDataset.names().contains(dataset)) {
      throw new BadInputException(
          "--data "
              + dataset
              + " is not a dataset name; known: "
              + String.join(", ", NamedDataset.names())
              + " (use "
              + folderOption
              + " for folders)");
    }
    return () ->
        PoolSource.images(
            DatasetRegistry.system().load(dataset).train(), dataset + " training split");
  }
}
