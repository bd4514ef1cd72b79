package dev.pupil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --data DIR} with train/val/test folders, a wrongly split folder, {@code --labels-per-class
 * 0}, and folders mixing image sizes and colour modes.
 */
class CliDataLayoutTest {
  @TempDir Path dir;

  /** root/train (2 × 6), root/val (2 × 2), root/test (2 × 3) of 12×12 gray PNGs. */
  private Path splitFolder() throws Exception {
    Path root = dir.resolve("split");
    Cli.imageFolder(root.resolve("train"), 6);
    Cli.imageFolder(root.resolve("val"), 2);
    Cli.imageFolder(root.resolve("test"), 3);
    return root;
  }

  private static JsonObject json(String text) {
    return JsonParser.parseString(text).getAsJsonObject();
  }

  @Test
  void dataInfoReportsEachSplitFolder() throws Exception {
    Cli.Result r = Cli.run("data", "info", splitFolder().toString(), "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonObject o = json(r.out());
    assertThat(o.getAsJsonArray("classes").toString()).isEqualTo("[\"bottom\",\"top\"]");
    JsonObject splits = o.getAsJsonObject("splits");
    assertThat(splits.keySet()).containsExactly("train", "validation", "test");
    assertThat(splits.getAsJsonObject("train").get("total").getAsInt()).isEqualTo(12);
    assertThat(splits.getAsJsonObject("validation").get("total").getAsInt()).isEqualTo(4);
    assertThat(splits.getAsJsonObject("test").get("total").getAsInt()).isEqualTo(6);
  }

  @Test
  void trainValAndTestFoldersAreTheSplitsOfARun() throws Exception {
    Path root = splitFolder();
    Path out = dir.resolve("knn");
    Cli.Result r =
        Cli.run(
            "knn",
            "--data",
            root.toString(),
            "--k",
            "1",
            "--labels-per-class",
            "2",
            "--out",
            out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonObject c = json(Files.readString(out.resolve("config.json")));
    JsonObject sizes = c.getAsJsonObject("splitSizes");
    assertThat(sizes.get("train").getAsInt()).isEqualTo(4);
    assertThat(sizes.get("validation").getAsInt()).isEqualTo(4);
    assertThat(sizes.get("unlabeled").getAsInt()).isEqualTo(8);
    assertThat(sizes.get("test").getAsInt()).isEqualTo(6);
    JsonObject data = c.getAsJsonObject("data");
    assertThat(data.get("folder").getAsString()).isEqualTo(root.resolve("train").toString());
    assertThat(data.get("valFolder").getAsString()).isEqualTo(root.resolve("val").toString());
    assertThat(data.get("testFolder").getAsString()).isEqualTo(root.resolve("test").toString());
    assertThat(data.get("valFraction").getAsDouble()).isZero();
  }

  @Test
  void trainingUsesTheValFolderAndEvalTestsOnTheTestFolder() throws Exception {
    Path root = splitFolder();
    Path out = dir.resolve("run");
    Cli.Result r =
        Cli.run(
            "train",
            "--data",
            root.toString(),
            "--model",
            "linear",
            "--epochs",
            "1",
            "--out",
            out.toString(),
            "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonObject sizes =
        json(Files.readString(out.resolve("config.json"))).getAsJsonObject("splitSizes");
    assertThat(sizes.get("train").getAsInt()).isEqualTo(12);
    assertThat(sizes.get("validation").getAsInt()).isEqualTo(4);
    assertThat(sizes.get("test").getAsInt()).isEqualTo(6);
    Cli.Result e = Cli.run("eval", "--model", out.toString(), "--data", root.toString(), "--json");
    assertThat(e.code()).as(e.err()).isZero();
    assertThat(json(e.out()).get("data").getAsString()).isEqualTo(root.resolve("test").toString());
  }

  @Test
  void aFolderMixingSplitAndClassFoldersIsRefused() throws Exception {
    Path root = splitFolder();
    Cli.imageFolder(root.resolve("extra"), 1);
    Cli.Result r = Cli.run("knn", "--data", root.toString(), "--out", dir.resolve("no").toString());
    Cli.assertBadInput(r, root + " mixes split folders", "extra", "lay it out as");
    Cli.assertBadInput(Cli.run("data", "info", root.toString()), "mixes split folders");
    assertThat(dir.resolve("no")).doesNotExist();
  }

  @Test
  void aTrainFolderWithoutClassFoldersIsRefused() throws Exception {
    Path root = dir.resolve("flat");
    Cli.png(root.resolve("train").resolve("a.png"), true, new Random(1));
    Cli.imageFolder(root.resolve("test"), 2);
    Cli.Result r =
        Cli.run("train", "--data", root.toString(), "--out", dir.resolve("no").toString());
    Cli.assertBadInput(r, root.resolve("train") + " has no class subfolders", "lay it out as");
  }

  @Test
  void testDataOrValFractionConflictingWithTheSplitFoldersIsRefused() throws Exception {
    Path root = splitFolder();
    Path other = Cli.imageFolder(dir.resolve("other"), 2);
    Cli.Result r =
        Cli.run(
            "knn",
            "--data",
            root.toString(),
            "--test-data",
            other.toString(),
            "--out",
            dir.resolve("no").toString());
    Cli.assertBadInput(r, "--test-data", root.resolve("test").toString(), "leave out --test-data");
    Cli.Result v =
        Cli.run(
            "knn",
            "--data",
            root.toString(),
            "--val-fraction",
            "0.2",
            "--out",
            dir.resolve("no").toString());
    Cli.assertBadInput(v, "--val-fraction conflicts with " + root.resolve("val"));
  }

  @Test
  void zeroOrNegativeLabelsPerClassNamesTheOption() throws Exception {
    Path data = Cli.imageFolder(dir.resolve("images"), 4);
    for (String n : new String[] {"0", "-3"}) {
      Cli.Result r =
          Cli.run(
              "train",
              "--data",
              data.toString(),
              "--labels-per-class",
              n,
              "--out",
              dir.resolve("no").toString());
      Cli.assertBadInput(
          r, "--labels-per-class must be >= 1, got " + n, "leave it out to use every label");
    }
  }

  @Test
  void mixedSizesAndColoursWarnNamingTheShapeAndTheOptions() throws Exception {
    Path root = Cli.imageFolder(dir.resolve("mixed"), 3);
    BufferedImage big = new BufferedImage(16, 20, BufferedImage.TYPE_INT_RGB);
    big.setRGB(0, 0, 0xFF0000);
    ImageIO.write(big, "png", root.resolve("top").resolve("big.png").toFile());
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Cli.Result r;
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      r = Cli.run("data", "info", root.toString(), "--json");
    } finally {
      System.setErr(saved);
    }
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(json(r.out()).get("shape").getAsString()).isEqualTo("12x12x3");
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains(
            "all read as 12x12x3",
            "1 of 7 images are not 12x12",
            "--image-size HxW",
            "6 of 7 images are gray",
            "--channels 1|3");
  }
}
