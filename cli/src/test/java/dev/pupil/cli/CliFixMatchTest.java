package dev.pupil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.pupil.models.ClassifierModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pupil fixmatch} on a tiny folder (2 classes × 10). */
class CliFixMatchTest {
  @TempDir static Path dir;
  static Path images;

  @BeforeAll
  static void writeImages() throws Exception {
    images = Cli.imageFolder(dir.resolve("images"), 10);
  }

  private static Cli.Result run(String out, String... more) {
    String[] base = {
      "fixmatch",
      "--data",
      images.toString(),
      "--labels-per-class",
      "3",
      "--epochs",
      "2",
      "--batch-size",
      "2",
      "--model",
      "cnn-tiny",
      "--out",
      dir.resolve(out).toString()
    };
    String[] args = new String[base.length + more.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(more, 0, args, base.length, more.length);
    return Cli.run(args);
  }

  private static JsonObject json(Path file) throws Exception {
    return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
  }

  @Test
  void aTinyRunWritesItsRunFolderWithTheMaskRateAndEmaTestAccuracy() throws Exception {
    Cli.Result r =
        run(
            "fm",
            "--threshold",
            "0.5",
            "--mu",
            "2",
            "--ema",
            "0.9",
            "--strong",
            "flip,rand-n2-m10,cutout:4");
    assertThat(r.code()).as(r.err()).isZero();
    Path run = dir.resolve("fm");
    for (String f :
        new String[] {
          "config.json",
          "run.json",
          "metrics.jsonl",
          "model.pupil",
          "eval.json",
          "checkpoints/last.ckpt"
        }) {
      assertThat(run.resolve(f)).as(f).isRegularFile();
    }
    Cli.assertSplitRecorded(run);
    JsonObject fm = json(run.resolve("config.json")).getAsJsonObject("fixmatch");
    assertThat(fm.get("threshold").getAsFloat()).isEqualTo(0.5f);
    assertThat(fm.get("mu").getAsInt()).isEqualTo(2);
    assertThat(fm.get("emaDecay").getAsFloat()).isEqualTo(0.9f);
    assertThat(fm.get("weak").getAsString()).isEqualTo("flip,translate:0.125");
    assertThat(fm.get("strong").getAsString()).isEqualTo("flip,rand-n2-m10,cutout:4");
    JsonObject train = json(run.resolve("config.json")).getAsJsonObject("train");
    assertThat(train.get("optimizer").getAsString()).isEqualTo("sgd");
    assertThat(train.get("nesterov").getAsBoolean()).isTrue();
    JsonObject rec = json(run.resolve("run.json"));
    assertThat(rec.get("seed").getAsLong()).isEqualTo(42);
    JsonArray epochs = rec.getAsJsonArray("perEpoch");
    assertThat(epochs).hasSize(2);
    for (var e : epochs) {
      JsonObject o = e.getAsJsonObject();
      assertThat(o.get("maskRate").getAsDouble()).isBetween(0.0, 1.0);
      assertThat(o.getAsJsonObject("losses").keySet()).containsExactly("total", "ce", "unlabeled");
    }
    assertThat(Files.readString(run.resolve("metrics.jsonl"))).contains("\"mask\"");
    assertThat(r.out())
        .contains("cnn-tiny epoch 2/2", "unlabeled", "mask ", "test accuracy", "EMA weights");
    Cli.Result e = Cli.run("eval", "--model", run.toString());
    assertThat(e.code()).as(e.err()).isZero();
  }

  private static void assertBadInput(Cli.Result r, String... named) {
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
    assertThat(r.err()).startsWith("pupil: ").doesNotContain("Exception", "\tat ");
    assertThat(r.err()).contains(named);
  }

  @Test
  void badOptionsExitTwoNamingTheOption() {
    assertBadInput(run("b1", "--threshold", "1.5"), "--threshold must be in (0, 1], got 1.5");
    assertBadInput(run("b2", "--threshold", "0"), "--threshold must be in (0, 1], got 0.0");
    assertBadInput(run("b3", "--mu", "0"), "--mu must be >= 1, got 0");
    assertBadInput(run("b4", "--lambda", "-1"), "--lambda must be >= 0");
    assertBadInput(run("b5", "--ema", "1"), "--ema must be in [0, 1)");
    assertBadInput(run("b6", "--strong", "spin:3"), "--strong", "spin");
    assertBadInput(
        Cli.run(
            "fixmatch",
            "--data",
            images.toString(),
            "--labels-per-class",
            "3",
            "--model",
            "resnet9000",
            "--out",
            dir.resolve("b7").toString()),
        "resnet9000");
    assertThat(dir.resolve("b1")).doesNotExist();
    assertBadInput(
        Cli.run("fixmatch", "--resume", dir.resolve("fm").toString(), "--mu", "3"),
        "--resume continues",
        "drop --mu");
    assertBadInput(
        Cli.run("fixmatch", "--resume", dir.resolve("fm").toString(), "--data", "x"),
        "--resume continues",
        "data");
    assertBadInput(Cli.run("fixmatch", "--resume", dir.resolve("none").toString()), "none");
  }

  @Test
  void initStartsFromATrainedRunWithItsArchitectureAndNormalization() throws Exception {
    Path supervised = dir.resolve("sup");
    Cli.Result t =
        Cli.run(
            "train",
            "--data",
            images.toString(),
            "--labels-per-class",
            "3",
            "--epochs",
            "2",
            "--batch-size",
            "2",
            "--model",
            "cnn-tiny",
            "--out",
            supervised.toString());
    assertThat(t.code()).as(t.err()).isZero();
    Path run = dir.resolve("fm-init");
    Cli.Result r =
        Cli.run(
            "fixmatch",
            "--data",
            images.toString(),
            "--labels-per-class",
            "3",
            "--epochs",
            "1",
            "--batch-size",
            "2",
            "--mu",
            "2",
            "--init",
            supervised.toString(),
            "--out",
            run.toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonObject config = json(run.resolve("config.json"));
    assertThat(config.get("model").getAsString()).isEqualTo("cnn-tiny");
    assertThat(config.getAsJsonObject("fixmatch").get("init").getAsString())
        .isEqualTo(supervised.toAbsolutePath().toString());
    try (var before = ClassifierModel.load(supervised.resolve("model.pupil"), ai.djl.Device.cpu());
        var after = ClassifierModel.load(run.resolve("model.pupil"), ai.djl.Device.cpu())) {
      assertThat(after.metadata().normalization()).isEqualTo(before.metadata().normalization());
      assertThat(after.metadata().architecture()).isEqualTo("cnn-tiny");
    }
    Cli.Result again = Cli.run("fixmatch", "--resume", run.toString()); // reloads --init
    assertThat(again.code()).as(again.err()).isZero();
    assertBadInput(Cli.run("fixmatch", "--resume", run.toString(), "--init", "x"), "drop --init");
  }

  @Test
  void aBadInitExitsTwoNamingIt() throws Exception {
    Path supervised = dir.resolve("sup3");
    Path three = Cli.imageFolder(dir.resolve("three"), 10);
    Path extra = Files.createDirectories(three.resolve("zz"));
    try (var files = Files.list(three.resolve("top"))) {
      for (Path f : files.toList()) {
        Files.copy(f, extra.resolve(f.getFileName()));
      }
    }
    Cli.Result t =
        Cli.run(
            "train",
            "--data",
            three.toString(),
            "--labels-per-class",
            "3",
            "--epochs",
            "1",
            "--batch-size",
            "2",
            "--model",
            "cnn-tiny",
            "--out",
            supervised.toString());
    assertThat(t.code()).as(t.err()).isZero();
    assertBadInput(
        Cli.run(
            "fixmatch",
            "--data",
            images.toString(),
            "--labels-per-class",
            "3",
            "--init",
            supervised.toString(),
            "--out",
            dir.resolve("i1").toString()),
        "--init " + supervised,
        "classes [bottom, top, zz] differ from the data's [bottom, top]");
    assertBadInput(
        run("i2", "--init", supervised.toString()),
        "--init " + supervised + " fixes the architecture",
        "drop --model");
    assertBadInput(
        Cli.run(
            "fixmatch", "--data", images.toString(), "--init", dir.resolve("nowhere").toString()),
        "--init " + dir.resolve("nowhere"),
        "does not exist");
    assertThat(dir.resolve("i1")).doesNotExist();
  }
}
