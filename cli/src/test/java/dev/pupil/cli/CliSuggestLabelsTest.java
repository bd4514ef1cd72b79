package dev.pupil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.pupil.run.RunSplit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pupil suggest-labels} on a tiny trained model and folder (2 classes × 6), on a copy of
 * that folder (nothing left out) and on the run's own folder (its labeled and validation images
 * left out, as {@code pseudo-label --teacher} leaves them out).
 */
class CliSuggestLabelsTest {
  @TempDir static Path dir;
  static Path images;
  static Path pool;
  static Path run;

  @BeforeAll
  static void trainTinyModel() throws Exception {
    images = Cli.imageFolder(dir.resolve("images"), 6);
    pool = Cli.imageFolder(dir.resolve("pool"), 6);
    run = dir.resolve("run");
    Cli.Result r =
        Cli.run(
            "train",
            "--data",
            images.toString(),
            "--model",
            "linear",
            "--epochs",
            "1",
            "--batch-size",
            "4",
            "--out",
            run.toString());
    assertThat(r.code()).as(r.err()).isZero();
  }

  @Test
  void writesTheMostUncertainImagesAsCsvAndPrintsTheTop() throws Exception {
    Path csv = dir.resolve("out/suggest.csv");
    Files.createDirectories(csv.getParent());
    Cli.Result r =
        Cli.run(
            "suggest-labels",
            "--model",
            run.toString(),
            "--pool",
            pool.toString(),
            "-n",
            "5",
            "--by",
            "margin",
            "--out",
            csv.toString());
    assertThat(r.code()).as(r.err()).isZero();
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines.get(0)).isEqualTo("rank,index,id,score,predicted,p1,second,p2");
    assertThat(lines).hasSize(6);
    double previous = -1;
    for (int k = 1; k < lines.size(); k++) {
      String[] f = lines.get(k).split(",");
      assertThat(f[0]).isEqualTo(Integer.toString(k));
      assertThat(pool.resolve(f[2])).as("id is the path inside the pool").isRegularFile();
      double margin = Double.parseDouble(f[3]);
      assertThat(margin).as("margins ascend").isGreaterThanOrEqualTo(previous);
      assertThat(margin)
          .isCloseTo(Double.parseDouble(f[5]) - Double.parseDouble(f[7]), Offset.offset(2e-6));
      assertThat(f[4]).isIn("bottom", "top");
      assertThat(f[6]).isIn("bottom", "top").isNotEqualTo(f[4]);
      previous = margin;
    }
    assertThat(r.out()).contains("5 of 12 images", "most uncertain by margin", "wrote " + csv);
    assertThat(r.out().lines().filter(l -> l.strip().startsWith("1 "))).hasSize(1);

    Path again = dir.resolve("out/again.csv");
    Cli.Result j =
        Cli.run(
            "suggest-labels",
            "--model",
            run.resolve("model.pupil").toString(),
            "--pool",
            pool.toString(),
            "-n",
            "5",
            "--by",
            "margin",
            "--out",
            again.toString(),
            "--json");
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
        Cli.run(
            "suggest-labels",
            "--model",
            run.toString(),
            "--pool",
            pool.toString(),
            "-n",
            "50",
            "--out",
            csv.toString());
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
    String folder = pool.toString();
    String out = dir.resolve("bad.csv").toString();
    Cli.assertBadInput(
        Cli.run(
            "suggest-labels",
            "--model",
            dir.resolve("nope").toString(),
            "--pool",
            folder,
            "--out",
            out),
        "nope",
        "does not exist");
    Cli.assertBadInput(
        Cli.run(
            "suggest-labels", "--model", run.toString(), "--pool", folder, "-n", "0", "--out", out),
        "-n must be >= 1, got 0");
    Cli.assertBadInput(
        Cli.run(
            "suggest-labels",
            "--model",
            run.toString(),
            "--pool",
            folder,
            "-n",
            "-3",
            "--out",
            out),
        "-n must be >= 1, got -3");
    Cli.assertBadInput(
        Cli.run(
            "suggest-labels",
            "--model",
            run.toString(),
            "--pool",
            folder,
            "--by",
            "variance",
            "--out",
            out),
        "--by",
        "variance",
        "entropy, margin, least-confidence");
    Cli.assertBadInput(
        Cli.run(
            "suggest-labels",
            "--model",
            run.toString(),
            "--pool",
            dir.resolve("missing").toString(),
            "--out",
            out),
        "--pool",
        "missing");
    Cli.assertBadInput(Cli.run("suggest-labels", "--pool", folder), "--model");
    assertThat(Path.of(out)).doesNotExist();
  }

  @Test
  void onTheRunsOwnFolderWhatTheRunTrainedOrValidatedOnIsLeftOut() throws Exception {
    RunSplit split = RunSplit.read(run.resolve("split.json"));
    Set<String> trained = split.trainedOn();
    assertThat(trained).hasSizeBetween(2, 11);
    Path csv = dir.resolve("own.csv");
    Cli.Result r =
        Cli.run(
            "suggest-labels",
            "--model",
            run.resolve("model.pupil").toString(),
            "--pool",
            images.toString(),
            "-n",
            "50",
            "--out",
            csv.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("left out " + trained.size() + " images the model's run trained or validated on");
    List<String> ids = column(csv, 2);
    assertThat(ids).hasSize(12 - trained.size()).doesNotContainAnyElementsOf(trained);

    Cli.Result j =
        Cli.run(
            "suggest-labels",
            "--model",
            run.toString(),
            "--pool",
            images.resolve("top").toString(),
            "-n",
            "50",
            "--out",
            dir.resolve("top.csv").toString(),
            "--json");
    assertThat(j.code()).as(j.err()).isZero();
    long inTop = trained.stream().filter(id -> id.startsWith("top/")).count();
    JsonObject o = JsonParser.parseString(j.out()).getAsJsonObject();
    assertThat(o.get("leftOut").getAsLong()).as("a subfolder of the run's folder").isEqualTo(inTop);
    assertThat(o.get("poolSize").getAsLong()).isEqualTo(6 - inTop);
    for (String id : column(dir.resolve("top.csv"), 2)) {
      assertThat(trained).doesNotContain("top/" + id);
    }

    Path loose = Files.copy(run.resolve("model.pupil"), dir.resolve("loose.pupil"));
    Cli.Result noRun =
        Cli.run(
            "suggest-labels",
            "--model",
            loose.toString(),
            "--pool",
            images.toString(),
            "-n",
            "50",
            "--out",
            dir.resolve("loose.csv").toString());
    assertThat(noRun.code()).as(noRun.err()).isZero();
    assertThat(noRun.out()).doesNotContain("left out");
    assertThat(column(dir.resolve("loose.csv"), 2))
        .as("no run folder: nothing left out")
        .hasSize(12);
  }

  @Test
  void pseudoLabelingTheRunsOwnFolderLeavesOutWhatTheTeacherTrainedOn() throws Exception {
    Set<String> trained = RunSplit.read(run.resolve("split.json")).trainedOn();
    Path out = dir.resolve("pseudo");
    Cli.Result r =
        Cli.run(
            "pseudo-label",
            "--teacher",
            run.resolve("model.pupil").toString(),
            "--unlabeled",
            images.toString(),
            "--threshold",
            "0",
            "--out",
            out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains(
            "left out " + trained.size() + " images the teacher's run trained or validated on");
    assertThat(r.out()).contains((12 - trained.size()) + " images, 0 skipped");
    List<String> ids = column(out.resolve("pseudo-labels.csv"), 1);
    assertThat(ids).isNotEmpty().doesNotContainAnyElementsOf(trained);
  }

  @Test
  void anUnreadableImageFailsOrIsSkippedWithAWarning() throws Exception {
    Path mixed = Cli.imageFolder(dir.resolve("mixed"), 3);
    Path bad = Files.writeString(mixed.resolve("top/zz.png"), "not an image");
    Path csv = dir.resolve("mixed.csv");
    Cli.assertBadInput(
        Cli.run(
            "suggest-labels",
            "--model",
            run.toString(),
            "--pool",
            mixed.toString(),
            "--out",
            csv.toString()),
        bad.toString());
    assertThat(csv).doesNotExist();
    Cli.Result r =
        Cli.run(
            "suggest-labels",
            "--model",
            run.toString(),
            "--pool",
            mixed.toString(),
            "--on-bad-image",
            "skip",
            "--out",
            csv.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).contains("warning: skipped " + bad);
    assertThat(r.out()).contains("6 of 6 images");
    assertThat(column(csv, 2)).hasSize(6).doesNotContain("top/zz.png");
  }

  @Test
  void anExistingOutFileIsReplacedOnlyWithForce() throws Exception {
    Path csv = Files.writeString(dir.resolve("exists.csv"), "keep me\n");
    Cli.assertBadInput(
        Cli.run(
            "suggest-labels",
            "--model",
            dir.resolve("no-model").toString(),
            "--pool",
            pool.toString(),
            "--out",
            csv.toString()),
        csv + " exists (--out); use --force to replace it");
    assertThat(Files.readString(csv)).isEqualTo("keep me\n");
    Cli.Result r =
        Cli.run(
            "suggest-labels",
            "--model",
            run.toString(),
            "--pool",
            pool.toString(),
            "-n",
            "3",
            "--out",
            csv.toString(),
            "--force");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readAllLines(csv))
        .hasSize(4)
        .first()
        .isEqualTo("rank,index,id,score,predicted,p1,second,p2");
  }

  /** A column of a CSV without quoted fields, header left out. */
  private static List<String> column(Path csv, int k) throws Exception {
    return Files.readAllLines(csv).stream().skip(1).map(l -> l.split(",")[k]).toList();
  }
}
