package dev.pupil.spark;

import dev.pupil.BadInputException;
import dev.pupil.io.AtomicFiles;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.ModelMetadata;
import dev.pupil.pool.PoolEngine;
import dev.pupil.pool.PoolJob;
import dev.pupil.pool.PoolSource;
import dev.pupil.pool.PoolSummary;
import dev.pupil.semisup.PseudoLabel;
import dev.pupil.semisup.PseudoLabelFilter;
import dev.pupil.semisup.PseudoLabels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * The "spark" {@link PoolEngine}. The pool is scored with {@code mapPartitions} ({@link
 * ScorePartition}); images that come keyed by id (a folder, a table) get their pool index from the
 * id order, as {@link dev.pupil.data.UnlabeledFolderReader} orders a folder; every image the model
 * ran on is written to {@code predictions.parquet} (index, id, label, confidence, and with {@link
 * PoolJob#probabilities()} the probabilities) or {@code embeddings.parquet} (index, id, embedding).
 * For pseudo-labels, each partition keeps the images that pass {@link PseudoLabelFilter#keeps} and
 * balances them with {@link PseudoLabelFilter#balance} (the top K of a class overall are among the
 * top K of their partitions), and the driver balances the union again: the same code and so the
 * same choice, ties included, as {@link dev.pupil.semisup.PseudoLabeler}, written as the same
 * {@code pseudo-labels.csv}.
 */
public final class SparkPoolEngine implements PoolEngine {
  /** This engine's name. */
  public static final String NAME = "spark";

  /** The master used when the job names none. */
  public static final String DEFAULT_MASTER = "local[*]";

  /** DJL's property for libtorch's intra-op threads, read when the PyTorch engine starts. */
  private static final String THREADS = "ai.djl.pytorch.num_threads";

  private PendingSession pending;

  /** A session for one job, and the start-up seconds its summary reports ({@link #timing}). */
  private record Started(SparkSession spark, Map<String, String> timing) {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public PoolSummary run(PoolJob job) {
    long start = System.nanoTime();
    Started s = session(job.setup());
    try {
      return run(job, s.spark(), start, s.timing());
    } finally {
      s.spark().stop();
    }
  }

  /**
   * Starts the session, and then loads the model, on a background thread, while the caller reads
   * the pool. The session's start-up (1.0–1.3 s on 2 cores) and the model's load (0.4 s) were the
   * largest fixed costs of a Spark run; reading 240k images from IDX files beside them, the job
   * then waited 0.7–1.2 s for both (docs/benchmarks.md, issue 10).
   */
  @Override
  public void prepare(PoolJob.Setup setup) {
    close();
    String master = master(setup);
    shareCores(master);
    pending = PendingSession.start(setup, master);
  }

  /** Stops a session that {@link #prepare} started and no job used, once it has started. */
  @Override
  public void close() {
    PendingSession p = pending;
    pending = null;
    if (p != null) {
      p.stop();
    }
  }

  private Started session(PoolJob.Setup setup) {
    PendingSession p = pending;
    pending = null;
    if (p != null && p.setup().equals(setup)) {
      long t0 = System.nanoTime();
      SparkSession spark = p.await();
      double waited = (System.nanoTime() - t0) / 1e9;
      return new Started(spark, timing(p.seconds(), waited));
    }
    if (p != null) {
      p.stop();
    }
    String master = master(setup);
    shareCores(master);
    long t0 = System.nanoTime();
    SparkSession spark = SparkSessions.start(master, appName(setup), setup.settings());
    return new Started(spark, timing((System.nanoTime() - t0) / 1e9, Double.NaN));
  }

  /**
   * @return sessionStartSeconds, and sessionWaitSeconds (what a job waited for a session that
   *     {@link #prepare} started while the pool was read) unless NaN, in the summary's order
   */
  private static Map<String, String> timing(double startSeconds, double waitSeconds) {
    Map<String, String> t = new LinkedHashMap<>();
    t.put("sessionStartSeconds", String.format(Locale.ROOT, "%.2f", startSeconds));
    if (!Double.isNaN(waitSeconds)) {
      t.put("sessionWaitSeconds", String.format(Locale.ROOT, "%.2f", waitSeconds));
    }
    return t;
  }

  static String master(PoolJob.Setup setup) {
    return setup.master() == null ? DEFAULT_MASTER : setup.master();
  }

  static String appName(PoolJob.Setup setup) {
    return "pupil " + (setup.task() == PoolJob.Task.EMBED ? "embed" : "pseudo-label");
  }

  /**
   * @return the model path as {@link ModelCache} keys it
   */
  static String modelKey(Path model) {
    return model.toAbsolutePath().normalize().toString();
  }

  /**
   * In local mode the tasks share this JVM's libtorch, and each would start its 2 default intra-op
   * threads: {@code local[2]} on 2 cores ran 4. Unless the JVM names its own ({@code
   * -Dai.djl.pytorch.num_threads}), each task gets cores ÷ slots threads, at least 1: at 240k
   * images on 2 cores this took {@code local[2]} from 39.4–41.4 s to 35.4–36.7 s
   * (docs/benchmarks.md, issue 10). It works only before the PyTorch engine starts, as it does from
   * {@code pupil pseudo-label} and {@code pupil embed}.
   */
  private static void shareCores(String master) {
    int slots = SparkSessions.localSlots(master);
    if (slots > 0 && System.getProperty(THREADS) == null) {
      int cores = Runtime.getRuntime().availableProcessors();
      System.setProperty(THREADS, Integer.toString(Math.max(1, cores / slots)));
    }
  }

  /**
   * Runs a job in a session the caller owns (and stops).
   *
   * @param job the job
   * @param spark the session
   * @return what was done
   */
  public PoolSummary run(PoolJob job, SparkSession spark) {
    return run(job, spark, System.nanoTime(), Map.of());
  }

  private PoolSummary run(PoolJob job, SparkSession spark, long start, Map<String, String> timing) {
    try {
      return runUnwrapped(job, spark, start, timing);
    } catch (BadInputException e) {
      throw e;
    } catch (Exception e) { // SparkException is checked, though Spark's Scala code throws it
      throw SparkFailures.translate(e);
    }
  }

  private PoolSummary runUnwrapped(
      PoolJob job, SparkSession spark, long start, Map<String, String> timing) {
    String modelPath = modelKey(job.model());
    ClassifierModel model = ModelCache.get(modelPath, job.allowTorchScript());
    ModelMetadata meta = model.metadata();
    PoolSource source = job.source();
    if (source.kind() == PoolSource.Kind.IMAGES) {
      model.checkShape(source.images());
    }
    try (PoolInputs.Input in = PoolInputs.read(spark, source)) {
      return score(job, spark, start, timing, modelPath, meta, in.rows());
    }
  }

  private PoolSummary score(
      PoolJob job,
      SparkSession spark,
      long start,
      Map<String, String> timing,
      String modelPath,
      ModelMetadata meta,
      JavaRDD<Row> input) {
    PoolSource source = job.source();
    boolean embed = job.task() == PoolJob.Task.EMBED;
    int partitions = input.getNumPartitions();
    ScorePartition score =
        new ScorePartition(
            modelPath,
            job.allowTorchScript(),
            embed,
            job.probabilities(),
            source.kind() != PoolSource.Kind.IMAGES,
            job.onBadImage(),
            job.batchSize());
    boolean inMemory = source.kind() == PoolSource.Kind.IMAGES;
    // A pool in memory has its indices and cannot hold undecodable images (its shape was checked):
    // one pass scores, writes, and gathers the pseudo-label candidates on the way. A keyed pool
    // (folder, table) is numbered by id order after scoring, which needs the scores kept.
    // The accumulator has no name: Spark turns a named one's whole value into strings for its
    // status store after every task, which at 240k images cost more CPU than the Parquet output.
    PartitionPicks picks = null;
    if (inMemory && !embed) {
      picks =
          new PartitionPicks(
              job.filter(),
              meta.classes().size(),
              job.probabilities(),
              spark.sparkContext().collectionAccumulator());
      score.gathering(picks);
    }
    Dataset<Row> scoredRows = spark.createDataFrame(input.mapPartitions(score), ScoredRows.SCORED);
    String outName = embed ? "embeddings.parquet" : "predictions.parquet";
    String outPath = job.out().resolve(outName).toAbsolutePath().toString();
    Dataset<Row> scored =
        inMemory ? scoredRows : scoredRows.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long skipped = 0;
      List<String> skippedIds = new ArrayList<>();
      JavaRDD<Row> indexed = null;
      long images;
      if (inMemory) {
        images = source.images().size();
      } else {
        Dataset<Row> bad = scored.filter(functions.col("error").isNotNull());
        skipped = bad.count();
        for (Row r :
            bad.select("id").orderBy("id").limit(PoolSummary.MAX_SKIPPED_IDS).collectAsList()) {
          skippedIds.add(r.getString(0));
        }
        indexed = indexById(scored.filter(functions.col("error").isNull()).javaRDD());
        indexed.persist(StorageLevel.MEMORY_AND_DISK());
        images = indexed.count();
      }
      if (images == 0) {
        throw new BadInputException(
            skipped == 0
                ? source.name() + " holds no images (png, jpg, jpeg, bmp or gif)"
                : "none of the " + skipped + " images in " + source.name() + " could be read");
      }
      String vector = embed ? "embedding" : "probabilities";
      ScoredRows.write(
          inMemory ? scored : spark.createDataFrame(indexed, ScoredRows.SCORED),
          !embed,
          vector,
          job.probabilities(),
          outPath);
      List<String> outputs = new ArrayList<>();
      outputs.add(outName);
      Map<String, Integer> perClass = new LinkedHashMap<>();
      long kept = 0;
      if (!embed) {
        PseudoLabels labels =
            picks != null
                ? new PseudoLabels(
                    picks.merged(), meta.classes(), job.probabilities(), Math.toIntExact(images))
                : select(indexed, job, meta, images);
        AtomicFiles.writeString(
            job.out().resolve("pseudo-labels.csv"), labels.toCsv(job.probabilities()));
        outputs.add("pseudo-labels.csv");
        kept = labels.size();
        perClass = labels.perClass();
      }
      if (indexed != null) {
        indexed.unpersist();
      }
      Map<String, String> details = new LinkedHashMap<>();
      details.put("master", spark.sparkContext().master());
      details.put("spark", spark.version());
      details.put("partitions", Integer.toString(partitions));
      details.putAll(timing);
      double seconds = (System.nanoTime() - start) / 1e9;
      PoolSummary summary =
          new PoolSummary(
              NAME,
              job.task(),
              images,
              skipped,
              skippedIds,
              kept,
              perClass,
              seconds,
              outputs,
              details);
      summary.write(job);
      return summary;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to " + job.out() + ": " + e.getMessage(), e);
    } finally {
      scored.unpersist();
    }
  }

  /** Numbers the rows by id order, as the folder readers order a folder. */
  private static JavaRDD<Row> indexById(JavaRDD<Row> ok) {
    int n = Math.max(1, ok.getNumPartitions());
    return ok.sortBy(r -> r.getString(0), true, n)
        .zipWithIndex()
        .map(
            t -> {
              Row r = t._1();
              return RowFactory.create(
                  r.getString(0), t._2(), r.getInt(2), r.getFloat(3), r.get(4), null);
            });
  }

  private static PseudoLabels select(
      JavaRDD<Row> indexed, PoolJob job, ModelMetadata meta, long images) {
    PseudoLabelFilter filter = job.filter();
    int classes = meta.classes().size();
    boolean soft = job.probabilities();
    List<PseudoLabel> candidates =
        indexed
            .mapPartitions(it -> PartitionPicks.candidates(it, filter, classes, soft).iterator())
            .collect();
    List<PseudoLabel> kept = filter.balance(new ArrayList<>(candidates), classes);
    return new PseudoLabels(kept, meta.classes(), soft, Math.toIntExact(images));
  }
}
