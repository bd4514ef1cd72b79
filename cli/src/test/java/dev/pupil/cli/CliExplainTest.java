package dev.pupil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.pupil.models.ClassifierModel;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Calibration in {@code pupil eval} and {@code pupil explain}, on one tiny cnn-tiny run. */
class CliExplainTest {
  @TempDir static Path dir;
  static Path run;
  static Path top;
  static Path bottom;

  @BeforeAll
  static void trainOnce() throws Exception {
    Path data = Cli.imageFolder(dir.resolve("images"), 8);
    run = dir.resolve("run");
    Cli.Result r =
        Cli.run(
            "train",
            "--data",
            data.toString(),
            "--model",
            "cnn-tiny",
            "--epochs",
            "2",
            "--batch-size",
            "4",
            "--out",
            run.toString());
    assertThat(r.code()).as(r.err()).isZero();
    top = Cli.png(dir.resolve("query-top.png"), true, new Random(3));
    bottom = Cli.png(dir.resolve("query-bottom.png"), false, new Random(4));
  }

  private static void assertBadInput(Cli.Result r, String... named) {
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
    assertThat(r.err()).startsWith("pupil: ").doesNotContain("Exception", "\tat ");
    assertThat(r.err()).contains(named);
  }

  @Test
  void evalWritesCalibrationAndAReliabilityDiagram() throws Exception {
    Path other = dir.resolve("elsewhere");
    Files.createDirectories(other);
    Cli.Result r =
        Cli.run("eval", "--model", run.toString(), "--out", other.resolve("e.json").toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("calibration (15 bins): ECE ", "MCE ", "reliability diagram");
    JsonObject c =
        JsonParser.parseString(Files.readString(run.resolve("eval.json")))
            .getAsJsonObject()
            .getAsJsonObject("calibration");
    double ece = c.get("ece").getAsDouble();
    assertThat(ece).isBetween(0.0, 1.0);
    assertThat(c.get("mce").getAsDouble()).isBetween(ece, 1.0);
    JsonArray bins = c.getAsJsonArray("bins");
    assertThat(bins).hasSize(15);
    int total = 0;
    for (var b : bins) {
      JsonObject o = b.getAsJsonObject();
      assertThat(o.keySet()).containsExactly("lo", "hi", "count", "confidence", "accuracy");
      total += o.get("count").getAsInt();
    }
    // The run's test split: 4 images.
    assertThat(total).isEqualTo(4);
    for (Path png : new Path[] {run.resolve("reliability.png"), other.resolve("reliability.png")}) {
      BufferedImage img = ImageIO.read(png.toFile());
      assertThat(img).as(png.toString()).isNotNull();
      assertThat(img.getWidth()).isGreaterThan(300);
    }
  }

  @Test
  void explainWritesOverlaysRawMapsAndASummary() throws Exception {
    Path out = dir.resolve("cam");
    Cli.Result r =
        Cli.run(
            "explain",
            "--model",
            run.toString(),
            "--out",
            out.toString(),
            top.toString(),
            bottom.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("query-top.png: predicted", "layer backbone/03SequentialBlock");
    for (String stem : new String[] {"query-top", "query-bottom"}) {
      BufferedImage overlay = ImageIO.read(out.resolve(stem + ".gradcam.png").toFile());
      BufferedImage map = ImageIO.read(out.resolve(stem + ".gradcam-map.png").toFile());
      // 12x12 images drawn 19x larger (224 / 12, rounded up).
      assertThat(overlay.getWidth()).isEqualTo(12 * 19);
      assertThat(map.getHeight()).isEqualTo(12 * 19);
    }
    JsonObject s =
        JsonParser.parseString(Files.readString(out.resolve("gradcam.json"))).getAsJsonObject();
    assertThat(s.get("layer").getAsString()).isEqualTo("backbone/03SequentialBlock");
    JsonArray images = s.getAsJsonArray("images");
    assertThat(images).hasSize(2);
    JsonObject first = images.get(0).getAsJsonObject();
    assertThat(first.get("explained").getAsString())
        .isEqualTo(first.get("predicted").getAsString());
    // cnn-tiny's second stage on 12x12 input: 6x6 maps.
    assertThat(first.getAsJsonArray("rawMap")).hasSize(36);

    Cli.Result fixed =
        Cli.run(
            "explain",
            "--model",
            run.toString(),
            "--out",
            out.toString(),
            "--class",
            "bottom",
            "--layer",
            "backbone/01SequentialBlock",
            "--json",
            "--force",
            top.toString());
    assertThat(fixed.code()).as(fixed.err()).isZero();
    JsonObject j = JsonParser.parseString(fixed.out()).getAsJsonObject();
    JsonObject one = j.getAsJsonArray("images").get(0).getAsJsonObject();
    assertThat(one.get("explained").getAsString()).isEqualTo("bottom");
    assertThat(one.get("mapHeight").getAsInt()).isEqualTo(12);
  }

  @Test
  void anAllZeroMapIsReportedAndTheLogitTargetAvoidsTheSaturatedSoftmax() throws Exception {
    // The run's model with its linear head scaled by 10^4: logits 10^4 times larger, a softmax
    // saturated at exactly 1, whose gradient is exactly zero.
    Path saturated = dir.resolve("saturated.pupil");
    try (ClassifierModel m = ClassifierModel.load(run.resolve("model.pupil"), Device.cpu())) {
      for (var p : m.block().head().getParameters()) {
        p.getValue().getArray().muli(1e4f);
      }
      m.save(saturated);
    }
    Path out = dir.resolve("cam-saturated");
    Cli.Result prob =
        Cli.run(
            "explain",
            "--model",
            saturated.toString(),
            "--out",
            out.toString(),
            "--target",
            "probability",
            top.toString());
    assertThat(prob.code()).as(prob.err()).isZero();
    assertThat(prob.err()).contains("warning: " + top, "all zero", "saturates", "logit");
    assertThat(prob.out()).contains("target probability; 1 of 1 maps all zero");
    JsonObject s =
        JsonParser.parseString(Files.readString(out.resolve("gradcam.json"))).getAsJsonObject();
    assertThat(s.get("target").getAsString()).isEqualTo("probability");
    assertThat(s.get("allZeroMaps").getAsInt()).isEqualTo(1);
    JsonObject image = s.getAsJsonArray("images").get(0).getAsJsonObject();
    assertThat(image.get("probability").getAsDouble()).isEqualTo(1.0);
    assertThat(image.get("allZero").getAsBoolean()).isTrue();
    assertThat(image.get("allZeroReason").getAsString()).contains("saturates");
    for (var v : image.getAsJsonArray("rawMap")) {
      assertThat(v.getAsDouble()).isZero();
    }

    // The default target, the logit, gives the same image a map with a positive part.
    Cli.Result logit =
        Cli.run(
            "explain",
            "--model",
            saturated.toString(),
            "--out",
            out.toString(),
            "--json",
            "--force",
            top.toString());
    assertThat(logit.code()).as(logit.err()).isZero();
    assertThat(logit.err()).doesNotContain("warning");
    JsonObject j = JsonParser.parseString(logit.out()).getAsJsonObject();
    assertThat(j.get("target").getAsString()).isEqualTo("logit");
    assertThat(j.get("allZeroMaps").getAsInt()).isZero();
    JsonObject one = j.getAsJsonArray("images").get(0).getAsJsonObject();
    assertThat(one.get("allZero").getAsBoolean()).isFalse();
    assertThat(one.has("allZeroReason")).isFalse();
    double max = 0;
    for (var v : one.getAsJsonArray("rawMap")) {
      max = Math.max(max, v.getAsDouble());
    }
    assertThat(max).isPositive();
  }

  @Test
  void badExplainInputIsOneLineAndExitTwo() {
    assertBadInput(
        Cli.run("explain", "--model", run.toString(), dir.resolve("missing.png").toString()),
        "missing.png");
    assertBadInput(
        Cli.run("explain", "--model", run.toString(), "--layer", "conv9", top.toString()),
        "--layer",
        "conv9",
        "backbone/03SequentialBlock",
        "backbone/01SequentialBlock/01Conv2d");
    assertBadInput(
        Cli.run("explain", "--model", run.toString(), "--class", "5", top.toString()),
        "--class 5 is out of range",
        "bottom, top");
    assertBadInput(
        Cli.run("explain", "--model", run.toString(), "--class", "left", top.toString()),
        "--class 'left'");
    assertBadInput(
        Cli.run("explain", "--model", run.toString(), "--target", "softmax", top.toString()),
        "--target must be logit or probability",
        "softmax");
    assertBadInput(
        Cli.run("explain", "--model", dir.resolve("norun").toString(), top.toString()), "norun");
  }

  @Test
  void helpListsExplain() {
    assertThat(Cli.run("--help").out()).contains("explain");
    assertThat(Cli.run("explain", "--help").out())
        .contains("--layer", "--class", "--target", "Grad-CAM");
  }
}
