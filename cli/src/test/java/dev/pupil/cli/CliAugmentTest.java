package dev.pupil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train --augment/--mix, augment preview and a tiny augment search (2×2 grid, 1 epoch). */
class CliAugmentTest {
  @TempDir static Path dir;
  static Path data;

  @BeforeAll
  static void images() throws Exception {
    data = Cli.imageFolder(dir.resolve("images"), 8);
  }

  @Test
  void trainWithAugmentAndMixRecordsBothInConfigAndResumeKeepsThem() throws Exception {
    Path run = dir.resolve("aug-run");
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
            "--augment",
            "flip,crop:2,rand-n2-m9",
            "--mix",
            "cutmix:1.0,mixup:0.2,p:1.0,switch:0.5",
            "--out",
            run.toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonObject c =
        JsonParser.parseString(Files.readString(run.resolve("config.json"))).getAsJsonObject();
    assertThat(c.get("augment").getAsString()).isEqualTo("flip,crop:2,rand-n2-m9");
    assertThat(c.get("mix").getAsString()).isEqualTo("cutmix:1.0,mixup:0.2,p:1.0,switch:0.5");
    Cli.Result resumed = Cli.run("train", "--resume", run.toString(), "--epochs", "2");
    assertThat(resumed.code()).as(resumed.err()).isZero();
    JsonObject again =
        JsonParser.parseString(Files.readString(run.resolve("config.json"))).getAsJsonObject();
    assertThat(again.get("augment").getAsString()).isEqualTo("flip,crop:2,rand-n2-m9");
    assertThat(again.getAsJsonObject("train").get("epochs").getAsInt()).isEqualTo(2);
  }

  @Test
  void badAugmentSpecExitsTwoNamingTheToken() {
    Cli.Result r = Cli.run("train", "--data", data.toString(), "--augment", "flip,rand-n2-m40");
    assertThat(r.code()).isEqualTo(Pupil.BAD_INPUT);
    assertThat(r.err()).contains("rand-n2-m40").contains("[0, 30]");
    Cli.Result m = Cli.run("train", "--data", data.toString(), "--mix", "cutmix:1,fade:2");
    assertThat(m.code()).isEqualTo(Pupil.BAD_INPUT);
    assertThat(m.err()).contains("'fade:2'");
  }

  @Test
  void previewWritesAGridWithMixedRows() throws Exception {
    Path a = Cli.png(dir.resolve("a.png"), true, new Random(1));
    Path b = Cli.png(dir.resolve("b.png"), false, new Random(2));
    Path out = dir.resolve("grid.png");
    Cli.Result r =
        Cli.run(
            "augment",
            "preview",
            "--augment",
            "flip,rand-n2-m9",
            "--mix",
            "cutmix:1.0",
            "--samples",
            "3",
            "--image-size",
            "16x16",
            "--out",
            out.toString(),
            a.toString(),
            b.toString());
    assertThat(r.code()).as(r.err()).isZero();
    BufferedImage grid = ImageIO.read(out.toFile());
    // 4 columns (original + 3), 4 rows (2 images + 2 mixed rows) of 16 px + 13 px caption,
    // a 4 px gap around every tile (ImageGrid)
    assertThat(grid.getWidth()).isEqualTo(4 + 4 * (16 + 4));
    assertThat(grid.getHeight()).isEqualTo(4 + 4 * (16 + 13 + 4));
  }

  @Test
  void searchPrintsTheTableAndTheBestPair() throws Exception {
    Path out = dir.resolve("search.json");
    Cli.Result r =
        Cli.run(
            "augment",
            "search",
            "--data",
            data.toString(),
            "--model",
            "linear",
            "--epochs",
            "1",
            "--batch-size",
            "4",
            "--val-fraction",
            "0.3",
            "--n",
            "1,2",
            "--m",
            "5,9",
            "--out",
            out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("M=5", "M=9", "N=1", "N=2", "best: N=");
    JsonObject o = JsonParser.parseString(Files.readString(out)).getAsJsonObject();
    assertThat(o.getAsJsonArray("runs")).hasSize(4);
    assertThat(o.get("bestM").getAsInt()).isIn(5, 9);
  }
}
