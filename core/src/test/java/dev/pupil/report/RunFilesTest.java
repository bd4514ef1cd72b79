package dev.pupil.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonParser;
import dev.pupil.BadInputException;
import dev.pupil.train.EpochMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Curves, pseudo-labels and settings read back from a run folder's files. */
class RunFilesTest {
  @TempDir Path dir;

  @Test
  void curvesComeFromMetricsJsonlWithNaNValidation() throws IOException {
    Path f = dir.resolve("metrics.jsonl");
    Files.writeString(f, SyntheticRun.metrics(3) + "\n");
    List<EpochMetrics> h = RunFiles.metrics(f);
    assertThat(h).extracting(EpochMetrics::epoch).containsExactly(1, 2, 3);
    TrainingCurves c = new TrainingCurves(h);
    assertThat(c.column(EpochMetrics::lr)).containsExactly(0.01, 0.005, 0.0033);
    assertThat(c.column(EpochMetrics::valAccuracy)[0]).isNaN();
    assertThat(c.lossSeries())
        .extracting(Charts.Series::name)
        .containsExactly("train total", "train ce", "validation");
    assertThat(c.lossSeries().get(0).y()).containsExactly(2.0, 1.0, 0.667);
  }

  @Test
  void aMissingMetricsFileIsNoCurvesAndABadLineIsNamed() throws IOException {
    assertThat(RunFiles.metrics(dir.resolve("none.jsonl"))).isEmpty();
    Path f = dir.resolve("metrics.jsonl");
    Files.writeString(f, SyntheticRun.metrics(1) + "{oops\n");
    assertThatThrownBy(() -> RunFiles.metrics(f))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(f.toString())
        .hasMessageContaining("line 2");
  }

  @Test
  void pseudoLabelConfidencesAndCountsHonourCsvQuoting() throws IOException {
    Path f = dir.resolve("pseudo-labels.csv");
    Files.writeString(
        f,
        "index,id,label,class,confidence\n0,\"a,b.png\",1,\"x,y\",0.9\n"
            + "1,c.png,0,\"q\"\"z\",0.5\n2,d.png,1,\"x,y\",0.75\n");
    Map<String, Integer> counts = new LinkedHashMap<>();
    assertThat(RunFiles.pseudoLabels(f, counts)).containsExactly(0.9, 0.5, 0.75);
    assertThat(counts).containsExactly(Map.entry("x,y", 2), Map.entry("q\"z", 1));
    assertThat(RunFiles.pseudoLabels(dir.resolve("none.csv"), counts)).isNull();
  }

  @Test
  void settingsFlattenToDottedKeys() {
    var o =
        JsonParser.parseString(
                "{\"a\":1,\"b\":{\"c\":0.25,\"d\":\"x\"},\"e\":[1,2],\"f\":null,\"g\":[{\"h\":1}]}")
            .getAsJsonObject();
    assertThat(RunFiles.flatten(o))
        .containsExactly(
            Map.entry("a", "1"),
            Map.entry("b.c", "0.2500"),
            Map.entry("b.d", "x"),
            Map.entry("e", "1, 2"));
  }
}
