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
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session started by {@link SparkPoolEngine#prepare} while the caller reads the pool: a job with
 * the same setup runs on it, and one that nothing uses is stopped. Each case owns its sessions.
 */
class PreparedSessionTest {
  @TempDir Path dir;

  private PoolJob job(Path model, String out, String master) {
    return new PoolJob(
        PoolJob.Task.PSEUDO_LABEL,
        model,
        false,
        PoolSource.folder(dir.resolve("pool")),
        dir.resolve(out),
        new PseudoLabelFilter(0f, 20),
        false,
        BadImagePolicy.SKIP,
        16,
        master,
        Map.of());
  }

  @Test
  void aJobWithThePreparedSetupRunsOnThePreparedSessionAndStopsIt() throws Exception {
    Path model = TinyPool.model(dir);
    TinyPool.folder(dir, 40);
    PoolJob sp = job(model, "spark", "local[2]");
    PoolSummary s;
    try (SparkPoolEngine engine = new SparkPoolEngine()) {
      engine.prepare(sp.setup());
      s = engine.run(sp);
    }
    assertThat(s.details()).containsKeys("sessionStartSeconds", "sessionWaitSeconds");
    assertThat(SparkSession.getDefaultSession().isEmpty()).as("stopped after the job").isTrue();
    PoolJob jvm = job(model, "jvm", null);
    new JvmPoolEngine().run(jvm);
    assertThat(Files.readString(sp.out().resolve("pseudo-labels.csv")))
        .isEqualTo(Files.readString(jvm.out().resolve("pseudo-labels.csv")));
  }

  @Test
  void aPreparedSessionIsStoppedWhenNoJobOrAnotherSetupComes() throws Exception {
    Path model = TinyPool.model(dir);
    TinyPool.folder(dir, 20);
    try (SparkPoolEngine engine = new SparkPoolEngine()) {
      engine.prepare(job(model, "unused", "local[2]").setup());
    }
    assertThat(SparkSession.getDefaultSession().isEmpty()).as("closed unused").isTrue();

    PoolJob other = job(model, "other", "local[1]");
    PoolSummary s;
    try (SparkPoolEngine engine = new SparkPoolEngine()) {
      engine.prepare(job(model, "prepared", "local[2]").setup());
      s = engine.run(other);
    }
    assertThat(s.details())
        .containsEntry("master", "local[1]")
        .doesNotContainKey("sessionWaitSeconds");
    assertThat(SparkSession.getDefaultSession().isEmpty()).isTrue();
  }
}
