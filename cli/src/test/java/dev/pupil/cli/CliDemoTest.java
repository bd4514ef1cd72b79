package dev.pupil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pupil demo} on a tiny folder in place of Fashion-MNIST: the same three rows. */
class CliDemoTest {
  @TempDir Path dir;

  @Test
  void comparesKnnSupervisedAndNoisyStudentOnTheSameLabels() throws Exception {
    Path images = Cli.imageFolder(dir.resolve("images"), 12);
    Path out = dir.resolve("demo");
    Cli.Result r =
        Cli.run(
            "demo",
            "--data",
            images.toString(),
            "--labels-per-class",
            "3",
            "--teacher-epochs",
            "2",
            "--epochs",
            "1",
            "--model",
            "cnn-tiny",
            "--augment",
            "flip",
            "--teacher-augment",
            "none",
            "--threshold",
            "0",
            "--out",
            out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains(
            "| k-NN pixels",
            "| supervised cnn-tiny",
            "| noisy student cnn-tiny",
            "round-0 teacher",
            "report: ");
    Path run = out.resolve("noisy-student");
    for (String f :
        new String[] {
          "config.json",
          "run.json",
          "rounds.json",
          "model.pupil",
          "eval.json",
          "report.html",
          "round-0/model.pupil",
          "round-1/pseudo-labels.csv"
        }) {
      assertThat(run.resolve(f)).as(f).isRegularFile();
    }
    JsonObject config =
        JsonParser.parseString(Files.readString(run.resolve("config.json"))).getAsJsonObject();
    assertThat(config.getAsJsonObject("selfTraining").get("teacherEpochs").getAsInt()).isEqualTo(2);
    assertThat(config.getAsJsonObject("selfTraining").get("teacherAugment").getAsString())
        .isEqualTo("none");
    assertThat(config.getAsJsonObject("selfTraining").get("threshold").getAsFloat()).isZero();
    assertThat(config.getAsJsonObject("train").get("epochs").getAsInt()).isEqualTo(1);
    JsonArray teacherEpochs = new JsonArray();
    Files.readAllLines(run.resolve("round-0/metrics.jsonl"))
        .forEach(l -> teacherEpochs.add(JsonParser.parseString(l)));
    assertThat(teacherEpochs).hasSize(2);
  }

  @Test
  void refusesANonPositiveEpochCount() {
    Cli.Result r = Cli.run("demo", "--epochs", "0", "--out", dir.resolve("x").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--epochs must be >= 1").doesNotContain("Exception");
  }
}
