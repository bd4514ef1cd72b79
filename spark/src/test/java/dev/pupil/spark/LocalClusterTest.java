package dev.pupil.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pupil.data.BadImagePolicy;
import dev.pupil.data.ImageSet;
import dev.pupil.data.UnlabeledFolderReader;
import dev.pupil.pool.JvmPoolEngine;
import dev.pupil.pool.PoolJob;
import dev.pupil.pool.PoolSource;
import dev.pupil.pool.PoolSummary;
import dev.pupil.semisup.PseudoLabelFilter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job on Spark's {@code local-cluster[1,1,1024]} master: a standalone master and worker in this
 * JVM and an executor in its own JVM, all on loopback, as on a cluster (the model is loaded in the
 * executor JVM, rows and results travel over the network). Without a Spark distribution, the worker
 * needs a Spark home with a {@code jars} folder (an empty one here: the executor's class path is
 * this test's, through {@code spark.executor.extraClassPath}) and {@code SPARK_SCALA_VERSION} in
 * its environment (set by surefire).
 */
@Tag("slow")
class LocalClusterTest {
  @Test
  void aStandaloneClusterOnLoopbackGivesTheSingleJvmPseudoLabels(@TempDir Path dir)
      throws Exception {
    String home = System.getenv("SPARK_HOME");
    assertThat(home).as("surefire sets SPARK_HOME").isNotNull();
    Files.createDirectories(Path.of(home, "jars"));
    Path model = TinyPool.model(dir);
    Path pool = TinyPool.folder(dir, 120);
    String master = "local-cluster[1,1,1024]";
    SparkSession spark =
        SparkSessions.start(
            master,
            "pupil-test",
            Map.of(
                "spark.executor.extraClassPath", System.getProperty("java.class.path"),
                "spark.executor.memory", "1024m",
                "spark.sql.files.maxPartitionBytes", "300000"));
    try {
      // A folder: the executor reads and decodes the files.
      PoolJob jvm = job(model, PoolSource.folder(pool), dir.resolve("jvm"));
      PoolJob cluster = job(model, PoolSource.folder(pool), dir.resolve("cluster"));
      new JvmPoolEngine().run(jvm);
      PoolSummary s = new SparkPoolEngine().run(cluster, spark);
      assertThat(s.details().get("master")).isEqualTo(master);
      assertThat(Files.readString(cluster.out().resolve("pseudo-labels.csv")))
          .isEqualTo(Files.readString(jvm.out().resolve("pseudo-labels.csv")));
      assertThat(s.skipped()).isEqualTo(1);

      // Images in memory: they reach the executor JVM as a broadcast variable.
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
      PoolJob jvmImages = job(model, PoolSource.images(images, "tiny"), dir.resolve("jvm-i"));
      PoolJob clusterImages =
          job(model, PoolSource.images(images, "tiny"), dir.resolve("cluster-i"));
      new JvmPoolEngine().run(jvmImages);
      new SparkPoolEngine().run(clusterImages, spark);
      assertThat(Files.readString(clusterImages.out().resolve("pseudo-labels.csv")))
          .isEqualTo(Files.readString(jvmImages.out().resolve("pseudo-labels.csv")));
    } finally {
      spark.stop();
    }
  }

  private static PoolJob job(Path model, PoolSource source, Path out) {
    return new PoolJob(
        PoolJob.Task.PSEUDO_LABEL,
        model,
        false,
        source,
        out,
        new PseudoLabelFilter(0.4f, 15),
        true,
        BadImagePolicy.SKIP,
        16,
        null,
        Map.of());
  }
}
