package dev.pupil.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pupil.BadInputException;
import dev.pupil.data.BadImagePolicy;
import dev.pupil.data.ImageSet;
import dev.pupil.data.UnlabeledFolderReader;
import dev.pupil.pool.JvmPoolEngine;
import dev.pupil.pool.PoolEngine;
import dev.pupil.pool.PoolJob;
import dev.pupil.pool.PoolSource;
import dev.pupil.pool.PoolSummary;
import dev.pupil.semisup.PseudoLabel;
import dev.pupil.semisup.PseudoLabelFilter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark engine on local[2] gives exactly the in-JVM engine's outputs. */
class SparkPoolEngineTest {
  @TempDir static Path dir;
  static SparkSession spark;
  static Path model;
  static Path pool;

  @BeforeAll
  static void start() throws Exception {
    model = TinyPool.model(dir);
    pool = TinyPool.folder(dir, 300);
    // Small splits, so that the 330 images spread over several partitions.
    spark =
        SparkSessions.start(
            "local[2]",
            "pupil-test",
            Map.of(
                "spark.sql.files.maxPartitionBytes",
                "700000",
                "spark.sql.shuffle.partitions",
                "2"));
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  private static PoolJob job(
      PoolJob.Task task,
      PoolSource src,
      String out,
      float threshold,
      int maxPerClass,
      boolean soft,
      BadImagePolicy policy) {
    return new PoolJob(
        task,
        model,
        false,
        src,
        dir.resolve(out),
        new PseudoLabelFilter(threshold, maxPerClass),
        soft,
        policy,
        16,
        "local[2]",
        Map.of());
  }

  @Test
  void folderPseudoLabelsEqualTheSingleJvmOnesTiesAndSkippedFilesIncluded() throws Exception {
    for (float threshold : new float[] {0.36f}) {
      String tag = "t" + threshold;
      PoolJob jvm =
          job(
              PoolJob.Task.PSEUDO_LABEL,
              PoolSource.folder(pool),
              "jvm-" + tag,
              threshold,
              40,
              true,
              BadImagePolicy.SKIP);
      PoolJob sp =
          job(
              PoolJob.Task.PSEUDO_LABEL,
              PoolSource.folder(pool),
              "spark-" + tag,
              threshold,
              40,
              true,
              BadImagePolicy.SKIP);
      PoolSummary a = new JvmPoolEngine().run(jvm);
      PoolSummary b = new SparkPoolEngine().run(sp, spark);
      String csv = Files.readString(jvm.out().resolve("pseudo-labels.csv"));
      assertThat(Files.readString(sp.out().resolve("pseudo-labels.csv"))).isEqualTo(csv);
      assertThat(b.images()).isEqualTo(a.images()).isEqualTo(330);
      assertThat(b.skipped()).isEqualTo(a.skipped()).isEqualTo(1);
      assertThat(b.skippedIds()).containsExactly("odd/broken.png");
      assertThat(b.kept()).isEqualTo(a.kept()).isPositive();
      assertThat(b.perClass()).isEqualTo(a.perClass());
      assertThat(Integer.parseInt(b.details().get("partitions"))).isGreaterThan(1);
      assertThat(sp.out().resolve("summary.json")).exists();
      long rows = spark.read().parquet(sp.out().resolve("predictions.parquet").toString()).count();
      assertThat(rows).isEqualTo(330);
    }
  }

  @Test
  void aBrokenImageFailsTheJobNamingItUnderTheFailPolicy() {
    PoolJob sp =
        job(
            PoolJob.Task.PSEUDO_LABEL,
            PoolSource.folder(pool),
            "fail",
            0f,
            0,
            false,
            BadImagePolicy.FAIL);
    assertThatThrownBy(() -> new SparkPoolEngine().run(sp, spark))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("broken.png");
  }

  @Test
  void aParquetTableOfIdsAndBytesGivesTheFolderResult() throws Exception {
    List<Row> rows = new ArrayList<>();
    try (Stream<Path> files = Files.walk(pool)) {
      for (Path f :
          files
              .filter(p -> p.toString().toLowerCase().endsWith(".png"))
              .sorted(Comparator.reverseOrder())
              .toList()) {
        rows.add(RowFactory.create(pool.relativize(f).toString(), Files.readAllBytes(f)));
      }
    }
    StructType schema =
        new StructType().add("id", DataTypes.StringType).add("bytes", DataTypes.BinaryType);
    Path table = dir.resolve("pool.parquet");
    spark.createDataFrame(rows, schema).repartition(3).write().parquet(table.toString());
    PoolJob jvm =
        job(
            PoolJob.Task.PSEUDO_LABEL,
            PoolSource.folder(pool),
            "jvm-table",
            0.35f,
            30,
            false,
            BadImagePolicy.SKIP);
    PoolJob sp =
        job(
            PoolJob.Task.PSEUDO_LABEL,
            PoolSource.table(table),
            "spark-table",
            0.35f,
            30,
            false,
            BadImagePolicy.SKIP);
    new JvmPoolEngine().run(jvm);
    PoolSummary b = new SparkPoolEngine().run(sp, spark);
    assertThat(Files.readString(sp.out().resolve("pseudo-labels.csv")))
        .isEqualTo(Files.readString(jvm.out().resolve("pseudo-labels.csv")));
    assertThat(b.skipped()).isEqualTo(1);
  }

  @Test
  void imagesInMemoryGiveTheSameLabelsAndEmbeddings() throws Exception {
    ImageSet images =
        UnlabeledFolderReader.builder()
            .setRoot(pool)
            .optChannels(1)
            .optSize(TinyPool.SIZE, TinyPool.SIZE)
            .optOnBadImage(BadImagePolicy.SKIP)
            .optClasses(TinyPool.CLASSES)
            .build()
            .read()
            .images();
    PoolSource src = PoolSource.images(images, "tiny");
    for (boolean soft : new boolean[] {false, true}) {
      PoolJob jvm =
          job(
              PoolJob.Task.PSEUDO_LABEL,
              src,
              "jvm-images-" + soft,
              0f,
              50,
              soft,
              BadImagePolicy.FAIL);
      PoolJob sp =
          job(
              PoolJob.Task.PSEUDO_LABEL,
              src,
              "spark-images-" + soft,
              0f,
              50,
              soft,
              BadImagePolicy.FAIL);
      new JvmPoolEngine().run(jvm);
      new SparkPoolEngine().run(sp, spark);
      assertThat(Files.readString(sp.out().resolve("pseudo-labels.csv")))
          .isEqualTo(Files.readString(jvm.out().resolve("pseudo-labels.csv")));
    }

    PoolJob jvmEmbed = job(PoolJob.Task.EMBED, src, "jvm-embed", 0f, 0, false, BadImagePolicy.FAIL);
    PoolJob spEmbed =
        job(PoolJob.Task.EMBED, src, "spark-embed", 0f, 0, false, BadImagePolicy.FAIL);
    new JvmPoolEngine().run(jvmEmbed);
    PoolSummary e = new SparkPoolEngine().run(spEmbed, spark);
    assertThat(e.images()).isEqualTo(images.size());
    List<String> csv = Files.readAllLines(jvmEmbed.out().resolve("embeddings.csv"));
    List<Row> parquet =
        spark
            .read()
            .parquet(spEmbed.out().resolve("embeddings.parquet").toString())
            .orderBy("index")
            .collectAsList();
    assertThat(parquet).hasSize(csv.size() - 1);
    for (int i = 0; i < parquet.size(); i++) {
      String[] cells = csv.get(i + 1).split(",");
      Row r = parquet.get(i);
      assertThat(r.getString(1)).isEqualTo(cells[1]);
      float[] v = ScoredRows.floats(r, 2);
      assertThat(v).hasSize(cells.length - 2);
      for (int k = 0; k < v.length; k++) {
        assertThat(String.format(Locale.ROOT, "%.6g", v[k])).isEqualTo(cells[k + 2]);
      }
    }
  }

  @Test
  void aPartitionScoredTwiceIsCountedOnce() {
    PartitionPicks picks =
        new PartitionPicks(
            new PseudoLabelFilter(0.5f, 0),
            2,
            false,
            spark.sparkContext().collectionAccumulator("test picks"));
    List<Row> a =
        List.of(
            ScoredRows.scored("a", 0, 1, 0.9f, null),
            ScoredRows.scored("b", 1, 0, 0.4f, null),
            ScoredRows.skipped("c", 2, "broken"));
    List<Row> b = List.of(ScoredRows.scored("d", 3, 0, 0.7f, null));
    picks.add(0, a);
    picks.add(1, b);
    picks.add(0, a); // a retried task
    assertThat(picks.merged()).extracting(PseudoLabel::id).containsExactlyInAnyOrder("a", "d");
  }

  @Test
  void executorsStartedElsewhereGetTheLaunchersMallocSettings() {
    assertThat(spark.conf().get("spark.executorEnv.MALLOC_ARENA_MAX")).isEqualTo("1");
    assertThat(spark.conf().get("spark.executorEnv.MALLOC_TRIM_THRESHOLD_")).isEqualTo("268435456");
  }

  @Test
  void theEngineIsFoundByName() {
    assertThat(PoolEngine.named("spark")).isInstanceOf(SparkPoolEngine.class);
    assertThat(PoolEngine.named("jvm")).isInstanceOf(JvmPoolEngine.class);
    assertThatThrownBy(() -> PoolEngine.named("flink")).hasMessageContaining("jvm, spark");
  }
}
