package dev.pupil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.pupil.models.ClassifierModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pupil pseudo-label} and {@code pupil noisy-student} on a tiny folder (2 classes × 10). */
class CliSelfTrainTest {
  @TempDir static Path dir;
  static Path images;

  @BeforeAll
  static void writeImages() throws Exception {
    images = Cli.imageFolder(dir.resolve("images"), 10);
  }

  private static Cli.Result run(String command, String out, String... more) {
    String[] base = {
      command,
      "--data",
      images.toString(),
      "--labels-per-class",
      "3",
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
  void pseudoLabelWritesEachRoundsAuditableLabelsAndPerRoundSummaries() throws Exception {
    Cli.Result r =
        run(
            "pseudo-label",
            "pl",
            "--model",
            "cnn-tiny",
            "--rounds",
            "2",
            "--threshold",
            "0",
            "--max-per-class",
            "0",
            "--ramp-up",
            "0:2:3");
    assertThat(r.code()).as(r.err()).isZero();
    Path run = dir.resolve("pl");
    for (String f :
        new String[] {
          "config.json",
          "run.json",
          "rounds.json",
          "model.pupil",
          "eval.json",
          "round-0/model.pupil",
          "round-1/metrics.jsonl",
          "round-2/model.pupil"
        }) {
      assertThat(run.resolve(f)).as(f).isRegularFile();
    }
    JsonArray rounds =
        JsonParser.parseString(Files.readString(run.resolve("rounds.json"))).getAsJsonArray();
    assertThat(rounds).hasSize(2);
    for (int k = 1; k <= 2; k++) {
      List<String> csv = Files.readAllLines(run.resolve("round-" + k + "/pseudo-labels.csv"));
      assertThat(csv.get(0)).isEqualTo("index,id,label,class,confidence");
      int kept = rounds.get(k - 1).getAsJsonObject().get("pseudoLabels").getAsInt();
      assertThat(csv).hasSize(1 + kept);
      assertThat(kept)
          .as("threshold 0 without a cap keeps the whole pool")
          .isEqualTo(rounds.get(k - 1).getAsJsonObject().get("poolSize").getAsInt());
    }
    for (int k = 1; k <= 2; k++) {
      // The split's pool keeps its true labels for the audit: the id's folder is the class.
      List<String> csv = Files.readAllLines(run.resolve("round-" + k + "/pseudo-labels.csv"));
      long right =
          csv.stream()
              .skip(1)
              .map(l -> l.split(","))
              .filter(f -> f[1].startsWith(f[3] + "/"))
              .count();
      assertThat(rounds.get(k - 1).getAsJsonObject().get("pseudoLabelAccuracy").getAsDouble())
          .isEqualTo((double) right / (csv.size() - 1));
    }
    assertThat(Files.readString(run.resolve("rounds.json"))).doesNotContain("NaN");
    // Round 2 learns from the best model so far: round 1's student if it was kept.
    JsonObject first = rounds.get(0).getAsJsonObject();
    assertThat(rounds.get(1).getAsJsonObject().get("teacherSha256"))
        .isEqualTo(first.get(first.get("kept").getAsBoolean() ? "studentSha256" : "teacherSha256"));
    Cli.assertSplitRecorded(run);
    JsonObject s = json(run.resolve("config.json")).getAsJsonObject("selfTraining");
    assertThat(s.get("method").getAsString()).isEqualTo("pseudo-label");
    assertThat(s.get("shareCap").getAsBoolean()).as("--max-per-class 0: no cap").isFalse();
    assertThat(s.get("maxPerClass").getAsInt()).isZero();
    assertThat(s.get("rampUp").getAsJsonObject().get("finalWeight").getAsFloat()).isEqualTo(3f);
    String metrics = Files.readString(run.resolve("round-1/metrics.jsonl"));
    assertThat(metrics).contains("\"pseudo\"");
    assertThat(r.out())
        .contains(
            "round 1/2: the teacher kept",
            "round 1: teacher cnn-tiny",
            "round 2: teacher cnn-tiny",
            "test accuracy");
    Cli.Result e = Cli.run("eval", "--model", run.toString());
    assertThat(e.code()).as(e.err()).isZero();
  }

  private static byte[] parameters(Path model) {
    try (ClassifierModel m = ClassifierModel.load(model, Device.cpu())) {
      return m.parameterBytes();
    }
  }

  @Test
  void byDefaultEachClassIsCappedAtItsShareAndModelPupilIsTheBestRound() throws Exception {
    Cli.Result r =
        run("pseudo-label", "cap", "--model", "cnn-tiny", "--rounds", "2", "--threshold", "0");
    assertThat(r.code()).as(r.err()).isZero();
    Path run = dir.resolve("cap");
    JsonObject s = json(run.resolve("config.json")).getAsJsonObject("selfTraining");
    assertThat(s.get("shareCap").getAsBoolean()).isTrue();
    assertThat(s.get("maxPerClass").getAsInt()).isZero();
    JsonArray rounds =
        JsonParser.parseString(Files.readString(run.resolve("rounds.json"))).getAsJsonArray();
    double best = Double.NaN;
    int keptRound = 0;
    for (int k = 0; k < 2; k++) {
      JsonObject round = rounds.get(k).getAsJsonObject();
      JsonObject balance = round.getAsJsonObject("classBalance");
      int pool = round.get("poolSize").getAsInt();
      int confident =
          balance.getAsJsonObject("confidentPerClass").entrySet().stream()
              .mapToInt(e -> e.getValue().getAsInt())
              .sum();
      assertThat(confident).as("threshold 0: every image is confident").isEqualTo(pool);
      JsonObject caps = balance.getAsJsonObject("capPerClass");
      assertThat(caps.keySet()).containsExactly("bottom", "top");
      for (String c : caps.keySet()) {
        assertThat(caps.get(c).getAsInt())
            .as("half of the pool: 3 labels per class")
            .isEqualTo((pool + 1) / 2);
        assertThat(round.getAsJsonObject("perClass").get(c).getAsInt())
            .isLessThanOrEqualTo(caps.get(c).getAsInt());
      }
      assertThat(balance.get("totalVariation").getAsDouble()).isBetween(0.0, 0.5);
      assertThat(balance.has("collapsed")).isTrue();
      double teacher = round.get("teacherValAccuracy").getAsDouble();
      double student = round.get("studentValAccuracy").getAsDouble();
      if (k == 0) {
        best = teacher;
      }
      boolean kept = student > best;
      assertThat(round.get("kept").getAsBoolean()).as("round %d", k + 1).isEqualTo(kept);
      if (kept) {
        best = student;
        keptRound = k + 1;
      } else {
        assertThat(r.out()).contains("round " + (k + 1) + " student ");
      }
      assertThat(round.get("keptRound").getAsInt()).isEqualTo(keptRound);
    }
    assertThat(parameters(run.resolve("model.pupil")))
        .as("model.pupil is round %d's model", keptRound)
        .isEqualTo(parameters(run.resolve("round-" + keptRound + "/model.pupil")));
    assertThat(json(run.resolve("run.json")).get("keptRound").getAsInt()).isEqualTo(keptRound);
    assertThat(r.out())
        .contains(
            "(confident {",
            ", caps {",
            "total variation",
            "(model.pupil: " + (keptRound == 0 ? "the first teacher" : "round " + keptRound));
  }

  @Test
  void withoutAValidationSplitTheLastRoundIsKeptWithAWarning() throws Exception {
    Cli.Result r =
        run(
            "pseudo-label",
            "noval",
            "--model",
            "cnn-tiny",
            "--threshold",
            "0",
            "--val-fraction",
            "0");
    assertThat(r.code()).as(r.err()).isZero();
    Path run = dir.resolve("noval");
    assertThat(r.out()).contains("warning: no validation split");
    JsonObject round =
        JsonParser.parseString(Files.readString(run.resolve("rounds.json")))
            .getAsJsonArray()
            .get(0)
            .getAsJsonObject();
    assertThat(round.has("studentValAccuracy")).isFalse();
    assertThat(round.get("kept").getAsBoolean()).isTrue();
    assertThat(round.get("keptRound").getAsInt()).isEqualTo(1);
    assertThat(parameters(run.resolve("model.pupil")))
        .isEqualTo(parameters(run.resolve("round-1/model.pupil")));
  }

  @Test
  void noisyStudentNoisesTheStudentsAndCapsEachClass() throws Exception {
    Cli.Result r =
        run(
            "noisy-student",
            "ns",
            "--models",
            "cnn-tiny,cnn-tiny",
            "--augment",
            "flip",
            "--threshold",
            "0",
            "--max-per-class",
            "2",
            "--soft",
            "--ratio",
            "1",
            "--json");
    assertThat(r.code()).as(r.err()).isZero();
    Path run = dir.resolve("ns");
    JsonObject out = JsonParser.parseString(r.out()).getAsJsonObject();
    assertThat(out.get("testAccuracy").getAsDouble()).isBetween(0.0, 1.0);
    JsonObject round = out.getAsJsonArray("rounds").get(0).getAsJsonObject();
    assertThat(round.get("pseudoLabels").getAsInt()).isBetween(1, 4);
    assertThat(Files.readAllLines(run.resolve("round-1/pseudo-labels.csv")))
        .hasSize(1 + round.get("pseudoLabels").getAsInt());
    JsonObject c = json(run.resolve("config.json"));
    JsonObject s = c.getAsJsonObject("selfTraining");
    assertThat(s.get("labels").getAsString()).isEqualTo("soft");
    assertThat(s.get("studentAugment").getAsString()).isEqualTo("flip");
    assertThat(c.getAsJsonObject("modelOptions").get("dropout").getAsDouble()).isEqualTo(0.5);
    assertThat(c.getAsJsonObject("modelOptions").get("stochasticDepth").isJsonNull())
        .as(
            "cnn-tiny takes no drop-path, so Noisy Student's default 0.2 is not applied (null: "
                + "not set)")
        .isTrue();
    assertThat(s.getAsJsonObject("noise").get("stochasticDepth").getAsDouble()).isEqualTo(0.2);
    try (ClassifierModel m =
        ClassifierModel.load(run.resolve("model.pupil"), ai.djl.Device.cpu())) {
      assertThat(m.metadata().options().dropout())
          .as("the student's file records it")
          .isEqualTo(0.5);
    }
  }

  @Test
  void anUnlabeledFolderHasNoTrueLabelsSoTheAuditIsLeftOut() throws Exception {
    Cli.Result r =
        run(
            "pseudo-label",
            "plu",
            "--model",
            "cnn-tiny",
            "--threshold",
            "0",
            "--unlabeled",
            images.toString());
    assertThat(r.code()).as(r.err()).isZero();
    String rounds = Files.readString(dir.resolve("plu/rounds.json"));
    assertThat(rounds).contains("\"pseudoLabels\"").doesNotContain("pseudoLabelAccuracy", "NaN");
    assertThat(Files.readString(dir.resolve("plu/run.json")))
        .doesNotContain("pseudoLabelAccuracy", "NaN");
  }

  @Test
  void badOptionsExitTwoNamingTheOption() {
    Cli.assertBadInput(run("pseudo-label", "b1", "--threshold", "1.5"), "--threshold", "1.5");
    Cli.assertBadInput(run("pseudo-label", "b2", "--ratio", "0"), "--ratio");
    Cli.assertBadInput(run("pseudo-label", "b3", "--ramp-up", "5:2:1"), "--ramp-up", "end");
    Cli.assertBadInput(run("pseudo-label", "b4", "--ramp-up", "soon"), "--ramp-up", "soon");
    Cli.assertBadInput(run("pseudo-label", "b5", "--rounds", "0"), "--rounds");
    Cli.assertBadInput(run("pseudo-label", "b6", "--max-per-class", "-1"), "--max-per-class");
    Cli.assertBadInput(run("noisy-student", "b7", "--models", "cnn-tiny"), "--models");
    Cli.assertBadInput(run("noisy-student", "b8", "--models", "cnn-tiny,resnet9000"), "resnet9000");
    Cli.assertBadInput(run("noisy-student", "b9", "--augment", "spin:3"), "spin");
    Cli.assertBadInput(
        run("noisy-student", "b11", "--models", "cnn-tiny,resnet20", "--drop-path", "0.1"),
        "model 'cnn-tiny' does not support stochasticDepth (--drop-path)");
    Cli.assertBadInput(
        run("pseudo-label", "b12", "--model", "lenet5", "--drop", "0.2"),
        "model 'lenet5' does not support dropout (--drop)",
        "it takes none");
    Cli.assertBadInput(
        Cli.run(
            "pseudo-label", "--data", images.toString(), "--out", dir.resolve("b10").toString()),
        "--labels-per-class",
        "--unlabeled");
    Cli.assertBadInput(
        Cli.run("noisy-student", "--resume", dir.resolve("none").toString(), "--epochs", "3"),
        "--resume continues",
        "drop --epochs");
    Cli.assertBadInput(Cli.run("pseudo-label", "--resume", dir.resolve("none").toString()), "none");
    Cli.assertBadInput(Cli.run("pseudo-label", "--resume", images.toString()), "config.json");
  }
}
