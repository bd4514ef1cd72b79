package dev.pupil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.pupil.data.Normalization;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.ModelMetadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No command replaces an existing output without {@code --force}: it stops with exit 2, naming the
 * file and the option, before writing anything; with {@code --force} it replaces the file.
 */
class CliForceTest {
  private static final String OLD = "old content";

  @TempDir static Path dir;
  static Path data;
  static Path linear;
  static Path knn;
  static Path lenet;
  static Path image;

  @BeforeAll
  static void runOnce() throws Exception {
    data = Cli.imageFolder(dir.resolve("images"), 4);
    Path runs = Files.createDirectories(dir.resolve("runs"));
    linear = runs.resolve("linear");
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
            linear.toString());
    assertThat(r.code()).as(r.err()).isZero();
    knn = runs.resolve("knn");
    r = Cli.run("knn", "--data", data.toString(), "--k", "3", "--out", knn.toString());
    assertThat(r.code()).as(r.err()).isZero();
    ModelMetadata meta =
        new ModelMetadata(
            "lenet5",
            List.of("bottom", "top"),
            1,
            12,
            12,
            Normalization.of(new float[] {0.4f}, new float[] {0.3f}),
            "t",
            1,
            null);
    lenet = dir.resolve("lenet.pupil");
    try (ClassifierModel m = ClassifierModel.create(meta, Device.cpu())) {
      m.save(lenet);
    }
    image = Cli.png(dir.resolve("query.png"), true, new Random(3));
  }

  /** Every file under a folder with its bytes and modification time. */
  private static Map<String, String> snapshot(Path root) throws Exception {
    Map<String, String> m = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        m.put(
            root.relativize(p).toString(),
            Arrays.hashCode(Files.readAllBytes(p)) + "@" + Files.getLastModifiedTime(p));
      }
    }
    return m;
  }

  /**
   * Puts {@link #OLD} in {@code file}, runs the command (refused, file intact), then runs it with
   * {@code --force} (file replaced).
   */
  private static void assertRefusedThenForced(Path file, String... args) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, OLD);
    Cli.Result r = Cli.run(args);
    Cli.assertBadInput(r, file.toString(), "exists", "--force");
    assertThat(Files.readString(file)).isEqualTo(OLD);
    List<String> forced = new ArrayList<>(List.of(args));
    forced.add("--force");
    r = Cli.run(forced.toArray(String[]::new));
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readAllBytes(file)).isNotEqualTo(OLD.getBytes());
  }

  @Test
  void evalWithABadOutLeavesTheRunFolderUnchanged() throws Exception {
    Map<String, String> before = snapshot(linear);
    Path blocker = Files.writeString(dir.resolve("a-file.txt"), "x");
    Path bad = blocker.resolve("eval.json");
    Cli.Result r = Cli.run("eval", "--model", linear.toString(), "--out", bad.toString());
    Cli.assertBadInput(r, bad.toString(), "--out", "not a folder");
    assertThat(snapshot(linear)).isEqualTo(before);
  }

  @Test
  void evalOutThatExistsIsRefusedWithTheRunFolderUnchanged() throws Exception {
    Path out = dir.resolve("eval-out/e.json");
    Files.createDirectories(out.getParent());
    Files.writeString(out, OLD);
    Map<String, String> before = snapshot(linear);
    Cli.Result r = Cli.run("eval", "--model", linear.toString(), "--out", out.toString());
    Cli.assertBadInput(r, out.toString(), "--out", "--force");
    assertThat(snapshot(linear)).isEqualTo(before);
    assertThat(Files.readString(out)).isEqualTo(OLD);
    assertRefusedThenForced(out, "eval", "--model", linear.toString(), "--out", out.toString());
    assertThat(out.resolveSibling("reliability.png")).isRegularFile();
  }

  @Test
  void evalIntoTheRunFolderReplacesItsOwnFilesWithoutForce() throws Exception {
    assertThat(linear.resolve("eval.json")).isRegularFile();
    Cli.Result r = Cli.run("eval", "--model", linear.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(linear.resolve("reliability.png")).isRegularFile();
  }

  @Test
  void compareWritesBesideTheFirstRunAndRefusesToReplaceIt() throws Exception {
    Path page = linear.resolveSibling("compare-linear-vs-knn.html");
    Files.deleteIfExists(page);
    Cli.Result r = Cli.run("compare", linear.toString(), knn.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Files.readString(page)).contains("Settings that differ");
    assertThat(Path.of("compare-linear-vs-knn.html")).doesNotExist();
    assertRefusedThenForced(page, "compare", linear.toString(), knn.toString());
    Path chosen = dir.resolve("cmp/c.html");
    assertRefusedThenForced(
        chosen, "compare", linear.toString(), knn.toString(), "--out", chosen.toString());
  }

  @Test
  void templatesOutIsNotReplacedWithoutForce() throws Exception {
    Cli.Result r = Cli.run("templates", linear.toString());
    assertThat(r.code()).as("the run's own templates.png: %s", r.err()).isZero();
    Path out = dir.resolve("t.png");
    assertRefusedThenForced(out, "templates", linear.toString(), "--out", out.toString());
  }

  @Test
  void explainOutIsNotReplacedWithoutForce() throws Exception {
    Path out = dir.resolve("explain");
    assertRefusedThenForced(
        out.resolve("gradcam.json"),
        "explain",
        "--model",
        lenet.toString(),
        "--out",
        out.toString(),
        image.toString());
  }

  @Test
  void augmentPreviewAndSearchRefuseAnExistingOut() throws Exception {
    Path a = Cli.png(dir.resolve("a.png"), true, new Random(1));
    Path png = dir.resolve("preview.png");
    assertRefusedThenForced(
        png,
        "augment",
        "preview",
        "--augment",
        "flip",
        "--samples",
        "2",
        "--image-size",
        "16x16",
        "--out",
        png.toString(),
        a.toString());
    Path json = Files.writeString(dir.resolve("search.json"), OLD);
    Cli.Result r =
        Cli.run(
            "augment",
            "search",
            "--data",
            data.toString(),
            "--model",
            "linear",
            "--val-fraction",
            "0.3",
            "--n",
            "1",
            "--m",
            "5",
            "--out",
            json.toString());
    Cli.assertBadInput(r, json.toString(), "--out", "--force");
    assertThat(r.out()).doesNotContain("val accuracy");
    assertThat(Files.readString(json)).isEqualTo(OLD);
  }

  @Test
  void embedAndLabellingRefuseAnEarlierOutputFolder() throws Exception {
    Path pool = Cli.imageFolder(dir.resolve("pool"), 2);
    Path emb = dir.resolve("emb");
    assertRefusedThenForced(
        emb.resolve("summary.json"),
        "embed",
        "--model",
        lenet.toString(),
        "--images",
        pool.toString(),
        "--out",
        emb.toString());
    Path labels = dir.resolve("labels");
    assertRefusedThenForced(
        labels.resolve("pseudo-labels.csv"),
        "pseudo-label",
        "--teacher",
        lenet.toString(),
        "--unlabeled",
        pool.toString(),
        "--out",
        labels.toString());
  }

  @Test
  void aNewRunRefusesAFolderWithOtherFiles() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("mine"));
    Path keep = Files.writeString(folder.resolve("report.html"), OLD);
    Cli.Result r =
        Cli.run(
            "train",
            "--data",
            data.toString(),
            "--model",
            "linear",
            "--epochs",
            "1",
            "--out",
            folder.toString());
    Cli.assertBadInput(r, folder.toString(), "--out", "not empty");
    assertThat(Files.readString(keep)).isEqualTo(OLD);
    try (Stream<Path> s = Files.list(folder)) {
      assertThat(s).containsExactly(keep);
    }
  }
}
