package dev.pupil.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pupil.data.BadImagePolicy;
import dev.pupil.pool.JvmPoolEngine;
import dev.pupil.pool.PoolJob;
import dev.pupil.pool.PoolSource;
import dev.pupil.pool.PoolSummary;
import dev.pupil.semisup.PseudoLabelFilter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job on Spark's {@code local-cluster[1,1,1024]} master: a standalone master and worker in
 * this JVM and an executor in its own JVM, all on loopback, as on a cluster (the model is loaded
 * in the executor JVM, rows and results travel over the network). Without a Spark distribution,
 * the worker needs a Spark home with a {@code jars} folder (an empty one here: the executor's
 * class path is this test's, through {@code spark.executor.extraClassPath}) and {@code
 * SPARK_SCALA_VERSION} in its environment (set by surefire).
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
    PoolJob jvm = job(model, pool, dir.resolve("jvm"), null);
    PoolJob cluster = job(model, pool, dir.resolve("cluster"), "local-cluster[1,1,1024]");
    new JvmPoolEngine().run(jvm);
    PoolSummary s = new SparkPoolEngine().run(cluster);
    assertThat(s.details().get("master")).isEqualTo("local-cluster[1,1,1024]");
    assertThat(Files.readString(cluster.out().resolve("pseudo-labels.csv")))
        .isEqualTo(Files.readString(jvm.out().resolve("pseudo-labels.csv")));
    assertThat(s.skipped()).isEqualTo(1);
  }

  private static PoolJob job(Path model, Path pool, Path out, String master) {
    Map<String, String> conf = Map.of(
        "spark.executor.extraClassPath", System.getProperty("java.class.path"),
        "spark.executor.memory", "1024m",
        "spark.sql.files.maxPartitionBytes", "300000");
    return new PoolJob(PoolJob.Task.PSEUDO_LABEL, model, false, PoolSource.folder(pool), out,
        new PseudoLabelFilter(0.4f, 15), true, BadImagePolicy.SKIP, 16, master,
        master == null ? Map.of() : conf);
  }
}
