package dev.pupil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.pupil.report.RunSplit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One tiny training run (2 classes × 8 PNGs, 1 epoch) shared by the tests that use its folder. */
class CliTrainTest {
  @TempDir static Path dir;
  static Path run;
  static Path linearRun;
  static Cli.Result trained;

  @BeforeAll
  static void trainOnce() throws Exception {
    Path data = Cli.imageFolder(dir.resolve("images"), 8);
    run = dir.resolve("run");
    trained =
        Cli.run(
            "train", "--data", data.toString(), "--model", "cnn-small", "--epochs", "1",
            "--batch-size", "4", "--out", run.toString());
    linearRun = dir.resolve("linear");
    Cli.run(
        "train", "--data", data.toString(), "--model", "linear", "--epochs", "1", "--out",
        linearRun.toString(), "--normalize", "0.5/0.25");
  }

  @Test
  void architectureOptionsAreRecordedAndTheModelReloads() throws Exception {
    Path data = dir.resolve("images");
    Path narrow = dir.resolve("narrow");
    Cli.Result r =
        Cli.run(
            "train", "--data", data.toString(), "--model", "resnet20", "--epochs", "1",
            "--width-multiplier", "0.5", "--drop-path", "0.1", "--out", narrow.toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonObject c =
        JsonParser.parseString(Files.readString(narrow.resolve("config.json"))).getAsJsonObject();
    JsonObject o = c.getAsJsonObject("modelOptions");
    assertThat(o.get("widthMultiplier").getAsDouble()).isEqualTo(0.5);
    assertThat(o.get("stochasticDepth").getAsDouble()).isEqualTo(0.1);
    Cli.Result e = Cli.run("eval", "--model", narrow.toString());
    assertThat(e.code()).as(e.err()).isZero();
    Cli.Result again =
        Cli.run("train", "--resume", narrow.toString(), "--width-multiplier", "2");
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.err()).contains("architecture options");
    Cli.Result bad =
        Cli.run("train", "--data", data.toString(), "--drop-path", "1.5", "--out",
            dir.resolve("bad").toString());
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("--drop-path");
    Cli.Result unsupported =
        Cli.run("train", "--data", data.toString(), "--model", "cnn-small", "--drop-path", "0.1",
            "--out", dir.resolve("unsupported").toString());
    Cli.assertBadInput(unsupported, "model 'cnn-small' does not support stochasticDepth "
        + "(--drop-path); it takes dropout (--drop)");
    assertThat(dir.resolve("unsupported")).doesNotExist();
  }

  @Test
  void givenNormalizationIsStoredWithTheModel() throws Exception {
    try (var m =
        dev.pupil.models.ClassifierModel.load(linearRun.resolve("model.pupil"), ai.djl.Device.cpu())) {
      assertThat(m.metadata().normalization().mean()).containsExactly(0.5f);
      assertThat(m.metadata().normalization().std()).containsExactly(0.25f);
    }
    JsonObject c =
        JsonParser.parseString(Files.readString(linearRun.resolve("config.json"))).getAsJsonObject();
    assertThat(c.getAsJsonObject("data").get("normalize").getAsString()).isEqualTo("0.5/0.25");
  }

  @Test
  void trainWritesTheWholeRunFolder() {
    assertThat(trained.code()).as(trained.err()).isZero();
    for (String f :
        new String[] {
          "config.json", "run.json", "metrics.jsonl", "model.pupil", "eval.json",
          "checkpoints/last.ckpt"
        }) {
      assertThat(run.resolve(f)).as(f).isRegularFile();
    }
    assertThat(trained.out()).contains("epoch 1/1", "test accuracy", run.toString());
  }

  @Test
  void configRecordsDataSplitModelAndShape() throws Exception {
    JsonObject c = JsonParser.parseString(Files.readString(run.resolve("config.json"))).getAsJsonObject();
    assertThat(c.get("model").getAsString()).isEqualTo("cnn-small");
    assertThat(c.getAsJsonObject("train").get("epochs").getAsInt()).isEqualTo(1);
    assertThat(c.getAsJsonObject("splitSizes").get("test").getAsInt()).isEqualTo(4);
    assertThat(c.getAsJsonObject("input").get("height").getAsInt()).isEqualTo(12);
    JsonObject r = JsonParser.parseString(Files.readString(run.resolve("run.json"))).getAsJsonObject();
    assertThat(r.get("seed").getAsLong()).isEqualTo(42);
    assertThat(r.has("provenance")).isTrue();
    assertThat(r.get("commandLine").getAsString()).startsWith("pupil train");
  }

  @Test
  void evalOnTheRunPrintsScoresPerClassAndConfusion() {
    Cli.Result r = Cli.run("eval", "--model", run.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("accuracy", "top", "bottom", "confusion matrix");
  }

  @Test
  void evalJsonIsOneObject() {
    Cli.Result r = Cli.run("eval", "--model", run.resolve("model.pupil").toString(), "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
    assertThat(o.getAsJsonObject("report").get("count").getAsInt()).isEqualTo(4);
  }

  @Test
  void predictPrintsTopClassesForImageFiles() throws Exception {
    Path img = Cli.png(dir.resolve("query.png"), true, new Random(1));
    Cli.Result r = Cli.run("predict", "--model", run.toString(), "-k", "2", img.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("query.png:", "top", "bottom");
  }

  @Test
  void theRunRecordsTheIdsOfEveryPartOfItsSplit() throws Exception {
    JsonObject config =
        JsonParser.parseString(Files.readString(run.resolve("config.json"))).getAsJsonObject();
    JsonObject sizes = config.getAsJsonObject("splitSizes");
    RunSplit split = RunSplit.read(run.resolve("split.json"));
    assertThat(split.folder()).isEqualTo(dir.resolve("images").toRealPath().toString());
    assertThat(split.labeled()).hasSize(sizes.get("train").getAsInt()).isNotEmpty();
    assertThat(split.validation()).hasSize(sizes.get("validation").getAsInt());
    assertThat(split.unlabeled()).hasSize(sizes.get("unlabeled").getAsInt());
    assertThat(split.test()).hasSize(sizes.get("test").getAsInt()).isNotEmpty();
    Set<String> all = new HashSet<>();
    for (List<String> part :
        List.of(split.labeled(), split.validation(), split.unlabeled(), split.test())) {
      all.addAll(part);
    }
    assertThat(all).as("parts are disjoint and cover the folder").hasSize(16);
    for (String id : all) {
      assertThat(dir.resolve("images").resolve(id)).isRegularFile();
    }
  }

  @Test
  void predictReadsFoldersAndSkipsOrNamesABadFile() throws Exception {
    Path folder = dir.resolve("predict-folder");
    Cli.png(folder.resolve("a.png"), true, new Random(2));
    Cli.png(folder.resolve("sub/b.png"), false, new Random(3));
    Path bad = Files.writeString(folder.resolve("sub/broken.png"), "not a png");
    Path single = Cli.png(dir.resolve("single.png"), false, new Random(4));

    Cli.assertBadInput(
        Cli.run("predict", "--model", run.toString(), folder.toString()), bad.toString());
    Cli.assertBadInput(
        Cli.run("predict", "--model", run.toString(), "--on-bad-image", "fail", folder.toString()),
        bad.toString());

    Cli.Result r =
        Cli.run("predict", "--model", run.toString(), "--on-bad-image", "skip", "-k", "1",
            single.toString(), folder.toString());
    assertThat(r.code()).as(r.err()).isZero();
    List<String> lines = r.out().strip().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith(single + ":");
    assertThat(lines.get(1)).startsWith(folder.resolve("a.png") + ":");
    assertThat(lines.get(2)).startsWith(folder.resolve("sub/b.png") + ":");
    assertThat(r.err()).contains("warning: skipped " + bad);

    Cli.assertBadInput(
        Cli.run("predict", "--model", run.toString(), "--on-bad-image", "ignore", single.toString()),
        "--on-bad-image", "ignore");
  }

  @Test
  void resumeWithMoreEpochsContinuesTheRun() throws Exception {
    Path copy = dir.resolve("resumed");
    Cli.run(
        "train", "--data", dir.resolve("images").toString(), "--model", "linear", "--epochs", "1",
        "--batch-size", "4", "--out", copy.toString());
    Cli.Result r = Cli.run("train", "--resume", copy.toString(), "--epochs", "2", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readAllLines(copy.resolve("metrics.jsonl"))).hasSize(2);
    JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
    assertThat(o.get("epochs").getAsInt()).isEqualTo(2);
    assertThat(r.err()).contains("epoch 2/2").doesNotContain("epoch 1/2");
  }

  @Test
  void knnOnPixelsWritesEvalAndRunRecords() {
    Path out = dir.resolve("knn-pixels");
    Cli.Result r =
        Cli.run(
            "knn", "--data", dir.resolve("images").toString(), "--k", "3", "--metric", "cosine",
            "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("test accuracy");
    assertThat(out.resolve("eval.json")).isRegularFile();
    assertThat(out.resolve("run.json")).isRegularFile();
    assertThat(out.resolve("config.json")).isRegularFile();
  }

  @Test
  void knnOnEmbeddingsOfATrainedModel() {
    Cli.Result r =
        Cli.run(
            "knn", "--data", dir.resolve("images").toString(), "--k", "1", "--features",
            run.toString(), "--vote", "distance", "--out", dir.resolve("knn-emb").toString(),
            "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
    assertThat(o.get("testAccuracy").getAsDouble()).isBetween(0.0, 1.0);
  }

  @Test
  void templatesDrawALinearModelAsPng() {
    Path png = dir.resolve("t.png");
    Cli.Result r = Cli.run("templates", linearRun.toString(), "--out", png.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(png).isRegularFile();
  }

  @Test
  void templatesRefuseANonLinearModel() {
    Cli.Result r = Cli.run("templates", run.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains("cnn-small", "linear");
  }

  @Test
  void onBadImageSkipLeavesOutUnreadableFilesWithAWarning() throws Exception {
    Path data = Cli.imageFolder(dir.resolve("with-bad"), 6);
    Files.writeString(data.resolve("top").resolve("broken.png"), "not a picture");
    Cli.Result r =
        Cli.run(
            "knn", "--data", data.toString(), "--k", "1", "--on-bad-image", "skip", "--out",
            dir.resolve("knn-skip").toString());
    assertThat(r.code()).as(r.err()).isZero();
  }
}
