package dev.pupil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.pupil.data.Normalization;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.ModelMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pseudo-label --teacher} and {@code embed} on the default in-JVM engine, and the one-line
 * exit-2 error when the Spark engine is asked for but its module is not on the class path (it is
 * not on the cli module's).
 */
class CliPoolTest {
  @TempDir Path dir;
  Path model;
  Path pool;

  @BeforeEach
  void setUp() throws Exception {
    ModelMetadata meta =
        new ModelMetadata(
            "lenet5",
            List.of("bottom", "top"),
            1,
            12,
            12,
            Normalization.of(new float[] {0.4f}, new float[] {0.3f}),
            "t",
            1,
            null);
    model = dir.resolve("m.pupil");
    try (ClassifierModel m = ClassifierModel.create(meta, Device.cpu())) {
      m.save(model);
    }
    pool = Cli.imageFolder(dir.resolve("pool"), 5);
  }

  @Test
  void pseudoLabelWithATeacherOnlyLabelsThePool() throws Exception {
    Path out = dir.resolve("labels");
    Cli.Result r =
        Cli.run(
            "pseudo-label",
            "--teacher",
            model.toString(),
            "--unlabeled",
            pool.toString(),
            "--threshold",
            "0",
            "--max-per-class",
            "3",
            "--soft",
            "--out",
            out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    List<String> csv = Files.readAllLines(out.resolve("pseudo-labels.csv"));
    assertThat(csv.get(0)).isEqualTo("index,id,label,class,confidence,p_0,p_1");
    assertThat(csv).hasSizeBetween(2, 7);
    assertThat(Files.readString(out.resolve("summary.json")))
        .contains("\"engine\": \"jvm\"", "\"images\": 10", "\"kept\"");
    assertThat(r.out()).contains("10 images, 0 skipped");
  }

  @Test
  void labellingOnlyTakesTheForwardBatchFromBatchSize() throws Exception {
    Path out = dir.resolve("labels-b3");
    Cli.Result r =
        Cli.run(
            "pseudo-label",
            "--teacher",
            model.toString(),
            "--unlabeled",
            pool.toString(),
            "--threshold",
            "0",
            "--batch-size",
            "3",
            "--out",
            out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readString(out.resolve("summary.json"))).contains("\"batchSize\": 3");
    Cli.Result bad =
        Cli.run(
            "pseudo-label",
            "--teacher",
            model.toString(),
            "--unlabeled",
            pool.toString(),
            "--batch-size",
            "0",
            "--out",
            dir.resolve("b0").toString());
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("--batch-size must be >= 1, got 0").doesNotContain("Exception");
  }

  @Test
  void embedWritesOneRowPerImage() throws Exception {
    Path out = dir.resolve("emb");
    Cli.Result r =
        Cli.run(
            "embed",
            "--model",
            model.toString(),
            "--images",
            pool.toString(),
            "--out",
            out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    List<String> csv = Files.readAllLines(out.resolve("embeddings.csv"));
    assertThat(csv).hasSize(11);
    assertThat(csv.get(1)).startsWith("0,bottom/00.png,");
  }

  @Test
  void theSparkEngineWithoutItsModuleIsOneLineAndExit2() {
    Cli.Result r =
        Cli.run(
            "pseudo-label",
            "--teacher",
            model.toString(),
            "--unlabeled",
            pool.toString(),
            "--engine",
            "spark",
            "--out",
            dir.resolve("x").toString());
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains("--engine spark", "mvn -pl spark -am package");
    Cli.Result e =
        Cli.run(
            "embed", "--model", model.toString(), "--images", pool.toString(), "--engine", "spark");
    assertThat(e.code()).isEqualTo(2);
  }

  @Test
  void sparkOptionsNeedTheSparkEngineAndATeacher() {
    Cli.Result noTeacher = Cli.run("pseudo-label", "--data", pool.toString(), "--engine", "spark");
    assertThat(noTeacher.code()).isEqualTo(2);
    assertThat(noTeacher.err()).contains("--teacher FILE");
    Cli.Result master =
        Cli.run(
            "embed",
            "--model",
            model.toString(),
            "--images",
            pool.toString(),
            "--master",
            "local[2]");
    assertThat(master.code()).isEqualTo(2);
    assertThat(master.err()).contains("--master", "--engine spark");
    Cli.Result table =
        Cli.run("pseudo-label", "--teacher", model.toString(), "--pool-table", "x.parquet");
    assertThat(table.code()).isEqualTo(2);
  }
}
