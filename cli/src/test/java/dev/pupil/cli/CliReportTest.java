package dev.pupil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs leave report.html beside their JSON (with the linear model's templates and the augmentation
 * preview where they apply); {@code pupil report} rebuilds it and {@code pupil compare} writes
 * compare.html.
 */
class CliReportTest {
  @TempDir static Path dir;
  static Path linear;
  static Path knn;

  @BeforeAll
  static void runOnce() throws Exception {
    Path data = Cli.imageFolder(dir.resolve("images"), 8);
    linear = dir.resolve("linear");
    Cli.Result r =
        Cli.run(
            "train",
            "--data",
            data.toString(),
            "--model",
            "linear",
            "--epochs",
            "2",
            "--batch-size",
            "4",
            "--augment",
            "flip,crop:2",
            "--out",
            linear.toString());
    assertThat(r.code()).as(r.err()).isZero();
    knn = dir.resolve("knn");
    r = Cli.run("knn", "--data", data.toString(), "--k", "3", "--out", knn.toString());
    assertThat(r.code()).as(r.err()).isZero();
  }

  @Test
  void aTrainingRunWritesItsReportWithTemplatesAndAugmentationPreview() throws Exception {
    for (String f : new String[] {"report.html", "templates.png", "augment-preview.png"}) {
      assertThat(linear.resolve(f)).isRegularFile();
    }
    String html = Files.readString(linear.resolve("report.html"));
    assertThat(html)
        .contains(
            "Training curves",
            "Confusion matrix",
            "Per class",
            "Class templates",
            "Augmentation preview",
            "data:image/png;base64,");
  }

  @Test
  void aKnnRunWritesItsReportWithoutCurves() throws Exception {
    String html = Files.readString(knn.resolve("report.html"));
    assertThat(html).contains("Pupil knn", "Confusion matrix").doesNotContain("Training curves");
  }

  @Test
  void reportRebuildsTheFile() throws Exception {
    Files.delete(knn.resolve("report.html"));
    Cli.Result r = Cli.run("report", knn.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("report.html");
    assertThat(knn.resolve("report.html")).isRegularFile();
  }

  @Test
  void compareWritesTheTableOfDifferingSettings() throws Exception {
    Path out = dir.resolve("cmp");
    Cli.Result r = Cli.run("compare", linear.toString(), knn.toString(), "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    String html = Files.readString(out.resolve("compare.html"));
    assertThat(html)
        .contains(
            "Settings that differ", "<td>model</td><td>linear</td><td>knn</td>", "testAccuracy");
  }

  @Test
  void aFolderThatIsNoRunIsBadInput() {
    Cli.Result r = Cli.run("report", dir.resolve("images").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).contains("not a Pupil run folder").doesNotContain("\n");
  }
}
