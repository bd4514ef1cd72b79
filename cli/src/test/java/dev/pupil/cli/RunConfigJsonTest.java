package dev.pupil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.stream.JsonReader;
import dev.pupil.io.Json;
import dev.pupil.models.ModelOptions;
import dev.pupil.run.RunConfig;
import dev.pupil.run.RunDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** config.json is strict JSON: no NaN or Infinity, and what it holds reads back. */
class RunConfigJsonTest {
  /** Parses with a strict reader: NaN, Infinity and other lenient syntax are refused. */
  private static JsonElement strict(String text) throws IOException {
    JsonReader reader = new JsonReader(new StringReader(text));
    reader.setLenient(false);
    return new Gson().getAdapter(JsonElement.class).read(reader);
  }

  private static RunConfig oldConfig(Path dir) throws IOException {
    Path file = dir.resolve("old").resolve("config.json");
    Files.createDirectories(file.getParent());
    try (InputStream in =
        RunConfigJsonTest.class.getResourceAsStream("config-before-clipping.json")) {
      Files.copy(in, file);
    }
    return RunConfig.read(file);
  }

  @Test
  void unsetModelOptionsAreWrittenAsNullAndReadBackAsNaN(@TempDir Path dir) throws Exception {
    // An earlier config.json holds bare NaN tokens for the unset dropout and drop-path; it reads.
    RunConfig old = oldConfig(dir);
    assertThat(old.modelOptions().dropout()).isNaN();
    assertThatThrownBy(() -> strict(Files.readString(dir.resolve("old/config.json"))))
        .isInstanceOf(IOException.class);

    RunDirectory run = RunDirectory.create(dir.resolve("run"));
    RunConfig c =
        new RunConfig(
            old.command(),
            old.data(),
            old.dataLocation(),
            old.testSource(),
            old.splitSizes(),
            old.model(),
            old.train(),
            null,
            old.input(),
            old.classes(),
            old.augment(),
            old.mix(),
            ModelOptions.DEFAULTS.withWidth(0.5));
    run.writeJson(run.configFile(), c);
    String text = Files.readString(run.configFile());
    assertThat(text).doesNotContain("NaN", "Infinity");
    JsonObject options = strict(text).getAsJsonObject().getAsJsonObject("modelOptions");
    assertThat(options.get("dropout").isJsonNull()).isTrue();
    assertThat(options.get("stochasticDepth").isJsonNull()).isTrue();
    assertThat(options.get("widthMultiplier").getAsDouble()).isEqualTo(0.5);

    RunConfig back = RunConfig.read(run.configFile());
    // The same through a JSON tree, as the commands that add a section build their config.json.
    JsonObject tree = Json.PRETTY.toJsonTree(c).getAsJsonObject();
    tree.add("distill", new JsonObject());
    run.writeJson(run.configFile(), tree);
    assertThat(
            strict(Files.readString(run.configFile()))
                .getAsJsonObject()
                .getAsJsonObject("modelOptions")
                .get("dropout")
                .isJsonNull())
        .isTrue();
    assertThat(RunConfig.read(run.configFile())).isEqualTo(c);
    assertThat(back.modelOptions().dropout()).isNaN();
    assertThat(back.modelOptions().stochasticDepth()).isNaN();
    assertThat(back).isEqualTo(c);
    // A set rate is written as the number it is.
    run.writeJson(run.configFile(), c.modelOptions().withDropout(0.25));
    assertThat(
            strict(Files.readString(run.configFile()))
                .getAsJsonObject()
                .get("dropout")
                .getAsDouble())
        .isEqualTo(0.25);
  }

  @Test
  void anyNonFiniteNumberInConfigJsonIsWrittenAsNull(@TempDir Path dir) throws Exception {
    RunDirectory run = RunDirectory.create(dir.resolve("run"));
    // A section built by hand, as commands add theirs: NaN and Infinity at any depth.
    JsonObject section = new JsonObject();
    section.addProperty("lambda", Double.NaN);
    section.addProperty("ok", 1.5);
    JsonArray list = new JsonArray();
    list.add(Double.POSITIVE_INFINITY);
    list.add(2);
    section.add("list", list);
    run.writeJson(run.configFile(), Map.of("fixmatch", section));
    String text = Files.readString(run.configFile());
    assertThat(text).doesNotContain("NaN", "Infinity");
    JsonObject back = strict(text).getAsJsonObject().getAsJsonObject("fixmatch");
    assertThat(back.get("lambda").isJsonNull()).isTrue();
    assertThat(back.get("ok").getAsDouble()).isEqualTo(1.5);
    assertThat(back.getAsJsonArray("list").get(0).isJsonNull()).isTrue();
    assertThat(back.getAsJsonArray("list").get(1).getAsInt()).isEqualTo(2);
    // Other files keep NaN for "no value", as the report's readers expect.
    run.writeJson(run.runFile(), Map.of("teacherAccuracy", Double.NaN));
    assertThat(Files.readString(run.runFile())).contains("NaN");
  }

  @Test
  void aTrainedRunsConfigIsStrictJson(@TempDir Path dir) throws Exception {
    Path data = Cli.imageFolder(dir.resolve("images"), 4);
    Path out = dir.resolve("run");
    Cli.Result r =
        Cli.run(
            "train",
            "--data",
            data.toString(),
            "--model",
            "cnn-tiny",
            "--epochs",
            "1",
            "--batch-size",
            "4",
            "--out",
            out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    String text = Files.readString(out.resolve("config.json"));
    assertThat(text).doesNotContain("NaN");
    strict(text);
    assertThat(RunConfig.read(out.resolve("config.json")).modelOptions().dropout()).isNaN();
  }
}
