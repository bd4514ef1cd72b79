package dev.pupil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pupil suggest-labels} on a tiny trained model and folder (2 classes × 6). */
class CliSuggestLabelsTest {
  @TempDir static Path dir;
  static Path images;
  static Path run;

  @BeforeAll
  static void trainTinyModel() throws Exception {
    images = Cli.imageFolder(dir.resolve("images"), 6);
    run = dir.resolve("run");
    Cli.Result r =
        Cli.run("train", "--data", images.toString(), "--model", "linear", "--epochs", "1",
            "--batch-size", "4", "--out", run.toString());
    assertThat(r.code()).as(r.err()).isZero();
  }

  @Test
  void writesTheMostUncertainImagesAsCsvAndPrintsTheTop() throws Exception {
    Path csv = dir.resolve("out/suggest.csv");
    Files.createDirectories(csv.getParent());
    Cli.Result r =
        Cli.run("suggest-labels", "--model", run.toString(), "--pool", images.toString(), "-n",
            "5", "--by", "margin", "--out", csv.toString());
    assertThat(r.code()).as(r.err()).isZero();
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines.get(0)).isEqualTo("rank,index,id,score,predicted,p1,second,p2");
    assertThat(lines).hasSize(6);
    double previous = -1;
    for (int k = 1; k < lines.size(); k++) {
      String[] f = lines.get(k).split(",");
      assertThat(f[0]).isEqualTo(Integer.toString(k));
      assertThat(images.resolve(f[2])).as("id is the path inside the pool").isRegularFile();
      double margin = Double.parseDouble(f[3]);
      assertThat(margin).as("margins ascend").isGreaterThanOrEqualTo(previous);
      assertThat(margin).isCloseTo(
          Double.parseDouble(f[5]) - Double.parseDouble(f[7]),
          org.assertj.core.data.Offset.offset(2e-6));
      assertThat(f[4]).isIn("bottom", "top");
      assertThat(f[6]).isIn("bottom", "top").isNotEqualTo(f[4]);
      previous = margin;
    }
    assertThat(r.out()).contains("5 of 12 images", "most uncertain by margin", "wrote " + csv);
    assertThat(r.out().lines().filter(l -> l.strip().startsWith("1 "))).hasSize(1);

    Path again = dir.resolve("out/again.csv");
    Cli.Result j =
        Cli.run("suggest-labels", "--model", run.resolve("model.pupil").toString(), "--pool",
            images.toString(), "-n", "5", "--by", "margin", "--out", again.toString(), "--json");
    assertThat(j.code()).as(j.err()).isZero();
    assertThat(Files.readString(again)).as("deterministic").isEqualTo(Files.readString(csv));
    JsonObject o = JsonParser.parseString(j.out()).getAsJsonObject();
    assertThat(o.get("poolSize").getAsInt()).isEqualTo(12);
    assertThat(o.getAsJsonArray("suggestions")).hasSize(5);
  }

  @Test
  void entropyIsTheDefaultAndNIsCappedByThePool() throws Exception {
    Path csv = dir.resolve("all.csv");
    Cli.Result r =
        Cli.run("suggest-labels", "--model", run.toString(), "--pool", images.toString(), "-n",
            "50", "--out", csv.toString());
    assertThat(r.code()).as(r.err()).isZero();
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines).hasSize(13);
    assertThat(r.out()).contains("by entropy");
    for (int k = 2; k < lines.size(); k++) {
      assertThat(Double.parseDouble(lines.get(k).split(",")[3]))
          .isLessThanOrEqualTo(Double.parseDouble(lines.get(k - 1).split(",")[3]));
    }
  }

  @Test
  void badInputExitsTwoWithOneLine() {
    String pool = images.toString();
    String out = dir.resolve("bad.csv").toString();
    Cli.assertBadInput(Cli.run("suggest-labels", "--model", dir.resolve("nope").toString(),
        "--pool", pool, "--out", out), "nope", "does not exist");
    Cli.assertBadInput(Cli.run("suggest-labels", "--model", run.toString(), "--pool", pool, "-n",
        "0", "--out", out), "-n must be >= 1, got 0");
    Cli.assertBadInput(Cli.run("suggest-labels", "--model", run.toString(), "--pool", pool, "-n",
        "-3", "--out", out), "-n must be >= 1, got -3");
    Cli.assertBadInput(Cli.run("suggest-labels", "--model", run.toString(), "--pool", pool, "--by",
        "variance", "--out", out), "--by", "variance", "entropy, margin, least-confidence");
    Cli.assertBadInput(Cli.run("suggest-labels", "--model", run.toString(), "--pool",
        dir.resolve("missing").toString(), "--out", out), "--pool", "missing");
    Cli.assertBadInput(Cli.run("suggest-labels", "--pool", pool), "--model");
    assertThat(Path.of(out)).doesNotExist();
  }
}
