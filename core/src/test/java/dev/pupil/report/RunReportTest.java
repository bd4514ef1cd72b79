package dev.pupil.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pupil.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report of a synthetic run holds one embedded image per plot and escapes every label. */
class RunReportTest {
  @Test
  void reportEmbedsOneImagePerPlotAndNothingExternal(@TempDir Path tmp) throws IOException {
    Path dir = SyntheticRun.write(tmp.resolve("run"));
    Path file = RunReport.write(dir);
    String html = Files.readString(file);
    assertThat(file.getFileName().toString()).isEqualTo("report.html");
    assertThat(count(html, "<img ")).isEqualTo(SyntheticRun.IMAGES);
    assertThat(count(html, "src=\"data:image/png;base64,")).isEqualTo(SyntheticRun.IMAGES);
    assertThat(html).doesNotContain("http://", "https://", "<script", "<link");
    assertThat(html)
        .contains(
            "Most confidently wrong",
            "Class templates",
            "Augmentation preview",
            "Calibration",
            "reliability diagram",
            "Round 1 pseudo-labels",
            "Training curves, round-1");
  }

  @Test
  void labelsAreEscaped(@TempDir Path tmp) throws IOException {
    String html = RunReport.build(SyntheticRun.write(tmp.resolve("run"))).toString();
    assertThat(html).doesNotContain("<b>cat</b>");
    assertThat(html).contains("&lt;b&gt;cat&lt;/b&gt;", "dog &amp; co", "bird&quot;s");
  }

  @Test
  void aRunWithOnlyEvalJsonGetsNoCurvesButItsTables(@TempDir Path tmp) throws IOException {
    Path dir = SyntheticRun.write(tmp.resolve("run"));
    for (String f :
        List.of(
            "metrics.jsonl",
            "rounds.json",
            "round-1/metrics.jsonl",
            MistakeGrid.FILE,
            RunReport.TEMPLATES,
            RunReport.AUGMENT_PREVIEW)) {
      Files.delete(dir.resolve(f));
    }
    Html page = RunReport.build(dir);
    assertThat(page.imageCount()).isEqualTo(2); // heat map and reliability diagram
    assertThat(page.toString()).doesNotContain("Training curves").contains("Per class");
  }

  @Test
  void aFolderWithoutRunFilesIsRejectedByName(@TempDir Path tmp) {
    assertThatThrownBy(() -> RunReport.build(tmp))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(tmp.toString())
        .hasMessageContaining("not a Pupil run folder");
  }

  @Test
  void compareShowsDifferingSettingsAndOverlaidCurves(@TempDir Path tmp) throws IOException {
    Path a = SyntheticRun.write(tmp.resolve("a"));
    Path b = SyntheticRun.write(tmp.resolve("b"));
    Files.writeString(
        b.resolve("config.json"),
        Files.readString(b.resolve("config.json")).replace("0.01", "0.1"));
    Path out = CompareReport.write(List.of(a, b), tmp);
    String html = Files.readString(out);
    assertThat(out.getFileName().toString()).isEqualTo("compare.html");
    assertThat(html).contains("<td>train.lr</td><td>0.0100</td><td>0.1000</td>");
    assertThat(html).doesNotContain("<td>train.epochs</td>");
    assertThat(html).contains("<td>testAccuracy</td><td>0.5000</td><td>0.5000</td>");
    assertThat(count(html, "<img ")).isEqualTo(5);
  }

  private static int count(String s, String part) {
    Matcher m = Pattern.compile(Pattern.quote(part)).matcher(s);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
