package dev.pupil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without --epochs, training takes the epochs of {@code EpochRule}, says so and records it. */
class CliEpochDefaultsTest {
  @TempDir Path dir;

  @Test
  void withoutEpochsTheRuleChoosesPrintsAndRecordsThem() throws Exception {
    Path data = Cli.imageFolder(dir.resolve("images"), 40);
    Path run = dir.resolve("run");
    Cli.Result r =
        Cli.run(
            "train",
            "--data",
            data.toString(),
            "--model",
            "linear",
            "--batch-size",
            "1",
            "--val-fraction",
            "0",
            "--out",
            run.toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonObject config =
        JsonParser.parseString(Files.readString(run.resolve("config.json"))).getAsJsonObject();
    int labeled = config.getAsJsonObject("splitSizes").get("train").getAsInt();
    int epochs = config.getAsJsonObject("train").get("epochs").getAsInt();
    // One image per step: the fewest epochs with >= 1,000 steps.
    assertThat(epochs).isEqualTo((1000 + labeled - 1) / labeled);
    assertThat(r.out()).contains(epochs + " epochs by default for " + labeled + " labeled images");
    JsonObject rule =
        JsonParser.parseString(Files.readString(run.resolve("run.json")))
            .getAsJsonObject()
            .getAsJsonObject("epochRule");
    assertThat(rule.get("epochs").getAsInt()).isEqualTo(epochs);
    assertThat(rule.get("steps").getAsLong()).isGreaterThanOrEqualTo(1000);
  }

  @Test
  void givenEpochsWin() throws Exception {
    Path data = Cli.imageFolder(dir.resolve("images"), 8);
    Path run = dir.resolve("run");
    Cli.Result r =
        Cli.run(
            "train",
            "--data",
            data.toString(),
            "--model",
            "linear",
            "--epochs",
            "2",
            "--out",
            run.toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonObject config =
        JsonParser.parseString(Files.readString(run.resolve("config.json"))).getAsJsonObject();
    assertThat(config.getAsJsonObject("train").get("epochs").getAsInt()).isEqualTo(2);
    assertThat(r.out()).doesNotContain("by default");
    assertThat(Files.readString(run.resolve("run.json"))).doesNotContain("epochRule");
  }
}
