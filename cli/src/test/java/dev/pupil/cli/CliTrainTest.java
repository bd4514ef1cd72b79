package dev.pupil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.pupil.data.ImageSet;
import dev.pupil.models.ClassifierModel;
import dev.pupil.report.TemplateImages;
import dev.pupil.run.RunSplit;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;
import org.assertj.core.data.Offset;
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
            "train",
            "--data",
            data.toString(),
            "--model",
            "cnn-small",
            "--epochs",
            "1",
            "--batch-size",
            "4",
            "--out",
            run.toString());
    linearRun = dir.resolve("linear");
    Cli.run(
        "train",
        "--data",
        data.toString(),
        "--model",
        "linear",
        "--epochs",
        "1",
        "--out",
        linearRun.toString(),
        "--normalize",
        "0.5/0.25");
  }

  @Test
  void aDivergedRunAdvisesASmallerLearningRateByItsFlag() {
    Cli.Result r =
        Cli.run(
            "train",
            "--data",
            dir.resolve("images").toString(),
            "--model",
            "mlp",
            "--optimizer",
            "sgd",
            "--lr",
            "10",
            "--momentum",
            "0.99",
            "--epochs",
            "20",
            "--batch-size",
            "4",
            "--out",
            dir.resolve("diverged").toString());
    assertThat(r.code()).as(r.err()).isEqualTo(Pupil.FAILURE);
    assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
    assertThat(r.err().strip())
        .startsWith("pupil: error: training diverged ")
        .endsWith("); try a smaller --lr");
  }

  @Test
  void architectureOptionsAreRecordedAndTheModelReloads() throws Exception {
    Path data = dir.resolve("images");
    Path narrow = dir.resolve("narrow");
    Cli.Result r =
        Cli.run(
            "train",
            "--data",
            data.toString(),
            "--model",
            "resnet20",
            "--epochs",
            "1",
            "--width-multiplier",
            "0.5",
            "--drop-path",
            "0.1",
            "--out",
            narrow.toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonObject c =
        JsonParser.parseString(Files.readString(narrow.resolve("config.json"))).getAsJsonObject();
    JsonObject o = c.getAsJsonObject("modelOptions");
    assertThat(o.get("widthMultiplier").getAsDouble()).isEqualTo(0.5);
    assertThat(o.get("stochasticDepth").getAsDouble()).isEqualTo(0.1);
    Cli.Result e = Cli.run("eval", "--model", narrow.toString());
    assertThat(e.code()).as(e.err()).isZero();
    Cli.Result again = Cli.run("train", "--resume", narrow.toString(), "--width-multiplier", "2");
    assertThat(again.code()).isEqualTo(2);
    assertThat(again.err()).contains("architecture options");
    Cli.Result bad =
        Cli.run(
            "train",
            "--data",
            data.toString(),
            "--drop-path",
            "1.5",
            "--out",
            dir.resolve("bad").toString());
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("--drop-path");
    Cli.Result unsupported =
        Cli.run(
            "train",
            "--data",
            data.toString(),
            "--model",
            "cnn-small",
            "--drop-path",
            "0.1",
            "--out",
            dir.resolve("unsupported").toString());
    Cli.assertBadInput(
        unsupported,
        "model 'cnn-small' does not support stochasticDepth "
            + "(--drop-path); it takes dropout (--drop)");
    assertThat(dir.resolve("unsupported")).doesNotExist();
  }

  @Test
  void givenNormalizationIsStoredWithTheModel() throws Exception {
    try (var m = ClassifierModel.load(linearRun.resolve("model.pupil"), ai.djl.Device.cpu())) {
      assertThat(m.metadata().normalization().mean()).containsExactly(0.5f);
      assertThat(m.metadata().normalization().std()).containsExactly(0.25f);
    }
    JsonObject c =
        JsonParser.parseString(Files.readString(linearRun.resolve("config.json")))
            .getAsJsonObject();
    assertThat(c.getAsJsonObject("data").get("normalize").getAsString()).isEqualTo("0.5/0.25");
  }

  @Test
  void trainWritesTheWholeRunFolder() {
    assertThat(trained.code()).as(trained.err()).isZero();
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
    assertThat(trained.out()).contains("epoch 1/1", "test accuracy", run.toString());
  }

  @Test
  void configRecordsDataSplitModelAndShape() throws Exception {
    JsonObject c =
        JsonParser.parseString(Files.readString(run.resolve("config.json"))).getAsJsonObject();
    assertThat(c.get("model").getAsString()).isEqualTo("cnn-small");
    assertThat(c.getAsJsonObject("train").get("epochs").getAsInt()).isEqualTo(1);
    assertThat(c.getAsJsonObject("splitSizes").get("test").getAsInt()).isEqualTo(4);
    assertThat(c.getAsJsonObject("input").get("height").getAsInt()).isEqualTo(12);
    JsonObject r =
        JsonParser.parseString(Files.readString(run.resolve("run.json"))).getAsJsonObject();
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
        Cli.run(
            "predict",
            "--model",
            run.toString(),
            "--on-bad-image",
            "skip",
            "-k",
            "1",
            single.toString(),
            folder.toString());
    assertThat(r.code()).as(r.err()).isZero();
    List<String> lines = r.out().strip().lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith(single + ":");
    assertThat(lines.get(1)).startsWith(folder.resolve("a.png") + ":");
    assertThat(lines.get(2)).startsWith(folder.resolve("sub/b.png") + ":");
    assertThat(r.err()).contains("warning: skipped " + bad);

    Cli.assertBadInput(
        Cli.run(
            "predict", "--model", run.toString(), "--on-bad-image", "ignore", single.toString()),
        "--on-bad-image",
        "ignore");
  }

  @Test
  void resumeWithMoreEpochsContinuesTheRun() throws Exception {
    Path copy = dir.resolve("resumed");
    Cli.run(
        "train",
        "--data",
        dir.resolve("images").toString(),
        "--model",
        "linear",
        "--epochs",
        "1",
        "--batch-size",
        "4",
        "--out",
        copy.toString());
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
            "knn",
            "--data",
            dir.resolve("images").toString(),
            "--k",
            "3",
            "--metric",
            "cosine",
            "--out",
            out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("test accuracy");
    assertThat(out.resolve("eval.json")).isRegularFile();
    assertThat(out.resolve("run.json")).isRegularFile();
    assertThat(out.resolve("config.json")).isRegularFile();
  }

  @Test
  void knnOnEmbeddingsOfATrainedModel() throws Exception {
    Cli.Result r =
        Cli.run(
            "knn",
            "--data",
            dir.resolve("images").toString(),
            "--k",
            "1",
            "--features",
            run.toString(),
            "--vote",
            "distance",
            "--out",
            dir.resolve("knn-emb").toString(),
            "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
    assertThat(o.get("testAccuracy").getAsDouble()).isBetween(0.0, 1.0);
    // It searched the model's embeddings (cnn-small's pooled features), not the 12x12 pixels.
    int embedding;
    try (ClassifierModel m = ClassifierModel.load(run.resolve("model.pupil"), Device.cpu())) {
      ImageSet one =
          ImageSet.of(new byte[144], new int[] {0}, 1, 12, 12, m.metadata().classes(), null);
      embedding = m.embeddings(one, 1)[0].length;
    }
    assertThat(embedding).isNotEqualTo(144);
    JsonObject knn = o.getAsJsonObject("knn");
    assertThat(knn.get("features").getAsString()).isEqualTo(run.toString());
    assertThat(knn.get("featureDimension").getAsInt()).isEqualTo(embedding);
    JsonObject c =
        JsonParser.parseString(Files.readString(dir.resolve("knn-emb").resolve("config.json")))
            .getAsJsonObject();
    assertThat(c.getAsJsonObject("knn").get("featureDimension").getAsInt()).isEqualTo(embedding);
    Cli.Result pixels =
        Cli.run(
            "knn",
            "--data",
            dir.resolve("images").toString(),
            "--k",
            "1",
            "--out",
            dir.resolve("knn-px").toString(),
            "--json");
    assertThat(pixels.code()).as(pixels.err()).isZero();
    JsonObject p = JsonParser.parseString(pixels.out()).getAsJsonObject().getAsJsonObject("knn");
    assertThat(p.get("features").getAsString()).isEqualTo("pixels");
    assertThat(p.get("featureDimension").getAsInt()).isEqualTo(144);
  }

  @Test
  void templatesDrawALinearModelAsPng() throws Exception {
    Path png = dir.resolve("t.png");
    Cli.Result r = Cli.run("templates", linearRun.toString(), "--out", png.toString());
    assertThat(r.code()).as(r.err()).isZero();
    BufferedImage img = ImageIO.read(png.toFile());
    assertThat(img).isNotNull();
    // Two classes side by side, each tile the 12x12 input enlarged SCALE times, in a grid with
    // 6 px padding and a 16 px label row under each tile.
    int tile = 12 * TemplateImages.SCALE;
    assertThat(img.getWidth()).isEqualTo(6 + 2 * (tile + 6));
    assertThat(img.getHeight()).isEqualTo(6 + tile + 16 + 6);
    float[] w;
    try (ClassifierModel m = ClassifierModel.load(linearRun.resolve("model.pupil"), Device.cpu())) {
      assertThat(m.metadata().classes()).containsExactly("bottom", "top");
      w = m.block().head().getParameters().get("weight").getArray().toFloatArray();
    }
    // Each tile is its class's weight row, min-max scaled to 0..255: pixel (x, y) of tile c.
    int[][] tiles = new int[2][144];
    for (int c = 0; c < 2; c++) {
      float min = Float.MAX_VALUE;
      float max = -Float.MAX_VALUE;
      for (int j = 0; j < 144; j++) {
        min = Math.min(min, w[c * 144 + j]);
        max = Math.max(max, w[c * 144 + j]);
      }
      for (int y = 0; y < 12; y++) {
        for (int x = 0; x < 12; x++) {
          int px = 6 + c * (tile + 6) + x * TemplateImages.SCALE;
          int py = 6 + y * TemplateImages.SCALE;
          tiles[c][y * 12 + x] = img.getRaster().getSample(px, py, 0);
          int expected = Math.round((w[c * 144 + y * 12 + x] - min) / (max - min) * 255f);
          assertThat(tiles[c][y * 12 + x])
              .as("class %d at %d,%d", c, x, y)
              .isCloseTo(expected, Offset.offset(1));
        }
      }
    }
    assertThat(tiles[0]).isNotEqualTo(tiles[1]);
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
    // The warning is logged (slf4j-simple writes to System.err) or printed on the command's
    // stderr: look in both.
    PrintStream before = System.err;
    ByteArrayOutputStream logged = new ByteArrayOutputStream();
    Cli.Result r;
    System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
    try {
      r =
          Cli.run(
              "knn",
              "--data",
              data.toString(),
              "--k",
              "1",
              "--on-bad-image",
              "skip",
              "--out",
              dir.resolve("knn-skip").toString(),
              "--json");
    } finally {
      System.setErr(before);
    }
    assertThat(r.code()).as(r.err()).isZero();
    String warnings = logged.toString(StandardCharsets.UTF_8) + r.err();
    assertThat(warnings).contains("broken.png");
    // 2 classes x 6 readable images: the broken file is not counted in any split.
    JsonObject sizes =
        JsonParser.parseString(r.out()).getAsJsonObject().getAsJsonObject("splitSizes");
    int total = 0;
    for (String part : sizes.keySet()) {
      total += sizes.get(part).getAsInt();
    }
    assertThat(total).as(sizes.toString()).isEqualTo(12);
  }
}
