package dev.pupil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.Device;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.pupil.data.ImageFiles;
import dev.pupil.data.ImageSet;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.ModelFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged model files and out-of-range options: exit 2 with one line naming the file or option, and
 * nothing written.
 */
class CliReliabilityTest {
  @TempDir static Path dir;

  private static Path data;
  private static byte[] model;
  private static Path image;

  @BeforeAll
  static void trainOnce() throws Exception {
    data = Cli.imageFolder(dir.resolve("images"), 4);
    Path run = dir.resolve("run");
    Cli.Result r =
        Cli.run(
            "train",
            "--data",
            data.toString(),
            "--model",
            "linear",
            "--epochs",
            "1",
            "--batch-size",
            "4",
            "--out",
            run.toString());
    assertThat(r.code()).as(r.err()).isZero();
    model = Files.readAllBytes(run.resolve("model.pupil"));
    image = Cli.png(dir.resolve("x.png"), true, new Random(3));
  }

  private static void assertBadInput(Cli.Result r, String... named) {
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
    assertThat(r.err()).startsWith("pupil: ").doesNotContain("Exception", "\tat ");
    assertThat(r.err()).contains(named);
  }

  private static void assertRefused(String name, byte[] content, String... named) throws Exception {
    Path f = Files.write(dir.resolve(name), content);
    assertBadInput(Cli.run("predict", "--model", f.toString(), image.toString()), f.toString());
    assertBadInput(Cli.run("predict", "--model", f.toString(), image.toString()), named);
    assertBadInput(
        Cli.run("eval", "--model", f.toString(), "--data", data.toString()), f.toString());
  }

  @Test
  void intactModelPredicts() throws Exception {
    Path f = Files.write(dir.resolve("intact.pupil"), model);
    Cli.Result r =
        Cli.run("predict", "--model", f.toString(), "-k", "2", "--json", image.toString());
    assertThat(r.code()).as(r.err()).isZero();
    // What the model itself gives for the image.
    float[] expected;
    List<String> classes;
    try (ClassifierModel m = ClassifierModel.load(f, Device.cpu())) {
      var meta = m.metadata();
      classes = meta.classes();
      byte[] px = ImageFiles.readImage(image, meta.channels(), meta.height(), meta.width());
      ImageSet one =
          ImageSet.of(
              px,
              new int[] {ImageSet.UNLABELED},
              meta.channels(),
              meta.height(),
              meta.width(),
              classes,
              null);
      expected = m.probabilities(one, 1)[0];
    }
    int best = expected[0] >= expected[1] ? 0 : 1;
    JsonArray top =
        JsonParser.parseString(r.out())
            .getAsJsonObject()
            .getAsJsonArray("predictions")
            .get(0)
            .getAsJsonObject()
            .getAsJsonArray("top");
    assertThat(top).hasSize(2);
    JsonObject first = top.get(0).getAsJsonObject();
    JsonObject second = top.get(1).getAsJsonObject();
    assertThat(first.get("class").getAsString()).isEqualTo(classes.get(best));
    assertThat(second.get("class").getAsString()).isEqualTo(classes.get(1 - best));
    assertThat(first.get("probability").getAsDouble()).isCloseTo(expected[best], offset(1e-6));
    assertThat(first.get("probability").getAsDouble() + second.get("probability").getAsDouble())
        .isCloseTo(1.0, offset(1e-5));
  }

  @Test
  void truncatedModelIsRefused() throws Exception {
    assertRefused("half.pupil", Arrays.copyOf(model, model.length / 2), "corrupt");
    assertRefused("stub.pupil", Arrays.copyOf(model, 20), "corrupt");
    assertRefused("empty.pupil", new byte[0], "not a Pupil model");
  }

  @Test
  void tamperedModelIsRefused() throws Exception {
    byte[] flipped = model.clone();
    flipped[flipped.length / 2] ^= 0x10;
    assertRefused("tampered.pupil", flipped, "checksum");
  }

  @Test
  void futureFormatVersionIsRefused() throws Exception {
    byte[] newer = model.clone();
    ByteBuffer.wrap(newer).putInt(8, ModelFile.FORMAT_VERSION + 1);
    assertRefused(
        "newer.pupil", newer, "format version " + (ModelFile.FORMAT_VERSION + 1), "upgrade");
  }

  @Test
  void outOfRangeOptionsAreNamedAndNothingIsWritten() {
    String[][] cases = {
      {"--lr", "NaN"},
      {"--lr", "Infinity"},
      {"--lr", "0"},
      {"--epochs", "-1"},
      {"--epochs", "1000000000"},
      {"--batch-size", "1000000000"},
      {"--batch-size", "0"},
      {"--momentum", "NaN"},
      {"--weight-decay", "-1"},
      {"--label-smoothing", "NaN"},
      {"--label-smoothing", "1.5"},
      {"--clip-grad", "-1"},
      {"--clip-grad", "Infinity"},
      {"--clip-mode", "agc"},
      {"--warmup-epochs", "-2"},
      {"--step-gamma", "NaN"},
      {"--val-fraction", "NaN"},
      {"--val-fraction", "1.5"},
      {"--labels-per-class", "-3"},
      {"--image-size", "100000"},
      {"--image-size", "-1"},
      {"--channels", "2"},
      {"--width-multiplier", "NaN"},
      {"--drop", "-0.5"},
      {"--data-threads", "-1"},
      {"--on-bad-image", "ignore"},
      {"--augment", "rotate:NaN"},
      {"--augment", "crop:-4"},
      {"--mix", "cutmix:-1"},
    };
    for (String[] c : cases) {
      Path out = dir.resolve("bad-" + c[0].substring(2) + "-" + c[1]);
      Cli.Result r =
          Cli.run(
              "train",
              "--data",
              data.toString(),
              "--model",
              "linear",
              "--out",
              out.toString(),
              c[0],
              c[1]);
      assertThat(r.code()).as("%s %s: %s", c[0], c[1], r.err()).isEqualTo(2);
      assertBadInput(r, c[0]);
      assertThat(out).as("%s %s", c[0], c[1]).doesNotExist();
    }
  }
}
