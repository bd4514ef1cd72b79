package dev.pupil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.pupil.data.ImageSet;
import dev.pupil.eval.EvalReport;
import dev.pupil.models.ClassifierModel;
import dev.pupil.run.RunConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pupil distill} on a tiny folder (2 classes × 8 PNGs) from a cnn-small teacher trained
 * once.
 */
class CliDistillTest {
  @TempDir static Path dir;
  static Path images;
  static Path teacher;

  @BeforeAll
  static void trainTeacher() throws Exception {
    images = Cli.imageFolder(dir.resolve("images"), 8);
    teacher = dir.resolve("teacher");
    Cli.Result r =
        Cli.run(
            "train",
            "--data",
            images.toString(),
            "--model",
            "cnn-small",
            "--epochs",
            "2",
            "--batch-size",
            "4",
            "--out",
            teacher.toString());
    assertThat(r.code()).as(r.err()).isZero();
  }

  private static Cli.Result distill(String out, String... more) {
    String[] base = {
      "distill",
      "--teacher",
      teacher.toString(),
      "--data",
      images.toString(),
      "--epochs",
      "2",
      "--batch-size",
      "4",
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
  void distillWritesTheRunFolderAndLogsTotalKlAndCePerEpoch() throws Exception {
    Cli.Result r =
        distill("plain", "--student", "cnn-tiny", "--temperature", "4", "--alpha", "0.9");
    assertThat(r.code()).as(r.err()).isZero();
    Path run = dir.resolve("plain");
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
    List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
    assertThat(lines).hasSize(2);
    JsonObject losses =
        JsonParser.parseString(lines.get(1)).getAsJsonObject().getAsJsonObject("losses");
    assertThat(losses.keySet()).containsExactly("total", "kl", "ce");
    Cli.assertSplitRecorded(run);
    JsonObject d = json(run.resolve("config.json")).getAsJsonObject("distill");
    assertThat(d.get("temperature").getAsFloat()).isEqualTo(4f);
    assertThat(d.get("alpha").getAsFloat()).isEqualTo(0.9f);
    assertThat(d.get("teacherLogits").getAsString()).isEqualTo("cached once");
    assertThat(json(run.resolve("run.json")).get("teacherTestAccuracy").getAsDouble())
        .isBetween(0.0, 1.0);
    assertThat(r.out()).contains("kl ", "ce ", "test accuracy", "teacher");
    Cli.Result e = Cli.run("eval", "--model", run.toString());
    assertThat(e.code()).as(e.err()).isZero();
  }

  @Test
  void unlabeledPoolAndFolderJoinTheTransferSet() throws Exception {
    Cli.Result pool =
        distill(
            "pool", "--labels-per-class", "2", "--unlabeled-pool", "--augment", "flip", "--json");
    assertThat(pool.code()).as(pool.err()).isZero();
    JsonObject c = json(dir.resolve("pool").resolve("config.json"));
    assertThat(c.getAsJsonObject("splitSizes").get("unlabeledUsed").getAsInt()).isPositive();
    assertThat(c.getAsJsonObject("distill").get("teacherLogits").getAsString())
        .isEqualTo("per augmented view");
    JsonObject out = JsonParser.parseString(pool.out()).getAsJsonObject();
    assertThat(out.get("testAccuracy").getAsDouble()).isBetween(0.0, 1.0);

    Path extra = dir.resolve("extra");
    Random rng = new Random(3);
    for (int i = 0; i < 4; i++) {
      Cli.png(extra.resolve("batch" + (i % 2)).resolve(i + ".png"), i % 2 == 0, rng);
    }
    Cli.Result folder = distill("folder", "--unlabeled", extra.toString());
    assertThat(folder.code()).as(folder.err()).isZero();
    JsonObject f = json(dir.resolve("folder").resolve("config.json"));
    assertThat(f.getAsJsonObject("splitSizes").get("unlabeledUsed").getAsInt()).isEqualTo(4);
  }

  @Test
  void anEnsembleOfTeachersIsAccepted() throws Exception {
    // A second, different teacher: a linear model on the same data.
    Path second = dir.resolve("second-teacher");
    Cli.Result t =
        Cli.run(
            "train",
            "--data",
            images.toString(),
            "--model",
            "linear",
            "--epochs",
            "1",
            "--out",
            second.toString());
    assertThat(t.code()).as(t.err()).isZero();
    Cli.Result r = distill("ensemble", "--teacher", second.resolve("model.pupil").toString());
    assertThat(r.code()).as(r.err()).isZero();
    Path run = dir.resolve("ensemble");
    List<String> both =
        List.of(
            teacher.toAbsolutePath().normalize().toString(),
            second.resolve("model.pupil").toAbsolutePath().normalize().toString());
    for (String file : new String[] {"config.json", "run.json"}) {
      List<String> recorded = new ArrayList<>();
      json(run.resolve(file))
          .getAsJsonObject("distill")
          .getAsJsonArray("teachers")
          .forEach(e -> recorded.add(e.getAsString()));
      assertThat(recorded).as(file).containsExactlyElementsOf(both);
    }
    // run.json's teacher accuracy is the ensemble's: the two models' logits averaged, on the
    // run's test split.
    ImageSet test = Data.load(RunConfig.read(run.resolve("config.json")).data()).test();
    float[][] sum = new float[test.size()][];
    for (Path model : new Path[] {teacher.resolve("model.pupil"), second.resolve("model.pupil")}) {
      try (ClassifierModel m = ClassifierModel.load(model, Device.cpu())) {
        float[][] z = m.logits(test, 16);
        for (int i = 0; i < z.length; i++) {
          if (sum[i] == null) {
            sum[i] = z[i].clone();
          } else {
            for (int c = 0; c < z[i].length; c++) {
              sum[i][c] += z[i][c];
            }
          }
        }
      }
    }
    int right = 0;
    for (int i = 0; i < sum.length; i++) {
      right += EvalReport.argmax(sum[i]) == test.labels()[i] ? 1 : 0;
    }
    assertThat(json(run.resolve("run.json")).get("teacherTestAccuracy").getAsDouble())
        .isCloseTo((double) right / test.size(), Offset.offset(1e-9));
  }

  @Test
  void badOptionsExitTwoNamingTheOption() throws Exception {
    Cli.assertBadInput(distill("bad1", "--temperature", "0"), "--temperature");
    Cli.assertBadInput(distill("bad2", "--alpha", "1.5"), "--alpha", "1.5");
    Cli.assertBadInput(
        distill("bad3", "--unlabeled-pool", "--unlabeled", dir.toString()),
        "--unlabeled",
        "--unlabeled-pool");
    Cli.assertBadInput(
        distill("bad4", "--unlabeled-pool"), "--unlabeled-pool", "--labels-per-class");
    Cli.assertBadInput(distill("bad5", "--augment", "spin:3"), "spin");
    Cli.assertBadInput(distill("bad6", "--student", "resnet9000"), "resnet9000");
    Cli.assertBadInput(
        Cli.run(
            "distill", "--teacher", dir.resolve("nowhere").toString(), "--data", images.toString()),
        "--teacher",
        "nowhere");
    Cli.assertBadInput(Cli.run("distill", "--data", images.toString()), "--teacher");
    Cli.assertBadInput(
        Cli.run("distill", "--resume", teacher.toString(), "--alpha", "0.5"), "drop --alpha");
    Cli.assertBadInput(Cli.run("distill", "--resume", teacher.toString()), "is not a distill run");
  }

  @Test
  void aTeacherOfOtherClassesIsBadInput() throws Exception {
    Path other = dir.resolve("other");
    Random rng = new Random(4);
    for (String c : new String[] {"a", "b", "c"}) {
      for (int i = 0; i < 4; i++) {
        Cli.png(other.resolve(c).resolve(i + ".png"), i % 2 == 0, rng);
      }
    }
    Path otherTeacher = dir.resolve("other-teacher");
    Cli.Result t =
        Cli.run(
            "train",
            "--data",
            other.toString(),
            "--model",
            "linear",
            "--epochs",
            "1",
            "--out",
            otherTeacher.toString());
    assertThat(t.code()).as(t.err()).isZero();
    Cli.assertBadInput(
        Cli.run(
            "distill",
            "--teacher",
            otherTeacher.toString(),
            "--data",
            images.toString(),
            "--out",
            dir.resolve("bad7").toString()),
        "--teacher",
        "classes");
  }
}
