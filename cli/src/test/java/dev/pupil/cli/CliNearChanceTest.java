package dev.pupil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run that has not learned says so instead of handing its model back without a word. */
class CliNearChanceTest {
  @TempDir Path dir;

  @Test
  void aRunWhoseLabelsTheImagesDoNotPredictEndsWithAWarningAndRecordsIt() throws Exception {
    // Each image's bright half is drawn at random, independent of its folder's class.
    Random r = new Random(11);
    for (String c : new String[] {"a", "b"}) {
      for (int i = 0; i < 30; i++) {
        Cli.png(dir.resolve("images").resolve(c).resolve(i + ".png"), r.nextBoolean(), r);
      }
    }
    Path run = dir.resolve("run");
    Cli.Result res =
        Cli.run(
            "train",
            "--data",
            dir.resolve("images").toString(),
            "--model",
            "linear",
            "--epochs",
            "3",
            "--val-fraction",
            "0.5",
            "--out",
            run.toString());
    assertThat(res.code()).as(res.err()).isZero();
    assertThat(res.out())
        .contains("warning: the model did not learn")
        .contains("always answering the most common class (50.00%)")
        .contains("--lr");
    JsonObject near =
        JsonParser.parseString(Files.readString(run.resolve("run.json")))
            .getAsJsonObject()
            .getAsJsonObject("nearChance");
    JsonObject sizes =
        JsonParser.parseString(Files.readString(run.resolve("config.json")))
            .getAsJsonObject()
            .getAsJsonObject("splitSizes");
    assertThat(near.get("nearChance").getAsBoolean()).isTrue();
    assertThat(near.get("images").getAsInt()).isEqualTo(sizes.get("test").getAsInt());
  }

  @Test
  void aRunThatLearnsGetsNoWarning() throws Exception {
    Path data = Cli.imageFolder(dir.resolve("images"), 30);
    Path run = dir.resolve("run");
    Cli.Result res =
        Cli.run(
            "train",
            "--data",
            data.toString(),
            "--model",
            "linear",
            "--epochs",
            "5",
            "--lr",
            "0.01",
            "--val-fraction",
            "0.5",
            "--out",
            run.toString());
    assertThat(res.code()).as(res.err()).isZero();
    assertThat(res.out()).doesNotContain("did not learn");
    assertThat(Files.readString(run.resolve("run.json"))).doesNotContain("nearChance");
  }
}
