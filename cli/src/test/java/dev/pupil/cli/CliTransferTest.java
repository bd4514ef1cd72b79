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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pupil transfer} from a tiny cnn-small run (top/bottom, 12×12) to new classes (left/right),
 * and from the TorchScript fixture of the core tests.
 */
class CliTransferTest {
  static final Path FIXTURE = Path.of("../core/src/test/resources/dev/pupil/transfer/tiny-cnn.pt");

  @TempDir static Path dir;
  static Path source;
  static Path target;

  @BeforeAll
  static void pretrain() throws Exception {
    Path images = Cli.imageFolder(dir.resolve("source-images"), 8);
    source = dir.resolve("source");
    Cli.Result r =
        Cli.run(
            "train",
            "--data",
            images.toString(),
            "--model",
            "cnn-small",
            "--epochs",
            "1",
            "--batch-size",
            "4",
            "--out",
            source.toString());
    assertThat(r.code()).as(r.err()).isZero();
    target = sides(dir.resolve("target-images"), 8);
  }

  /** 12×12 gray PNGs: "left" bright in the left half, "right" in the right half. */
  static Path sides(Path root, int perClass) throws Exception {
    Random r = new Random(3);
    for (String side : new String[] {"left", "right"}) {
      for (int i = 0; i < perClass; i++) {
        BufferedImage img = new BufferedImage(12, 12, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 12; y++) {
          for (int x = 0; x < 12; x++) {
            boolean lit = (x < 6) == side.equals("left");
            img.getRaster().setSample(x, y, 0, r.nextInt(60) + (lit ? 170 : 0));
          }
        }
        Path f = root.resolve(side).resolve(i + ".png");
        Files.createDirectories(f.getParent());
        ImageIO.write(img, "png", f.toFile());
      }
    }
    return root;
  }

  static JsonObject json(Path file) throws Exception {
    return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
  }

  @Test
  void headApproachOnCachedFeaturesRecordsTheFrozenBackbone() throws Exception {
    Path run = dir.resolve("head");
    Cli.Result r =
        Cli.run(
            "transfer",
            "--from",
            source.toString(),
            "--data",
            target.toString(),
            "--approach",
            "head",
            "--cache-features",
            "--epochs",
            "2",
            "--batch-size",
            "4",
            "--out",
            run.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("test accuracy");
    JsonObject t = json(run.resolve("transfer.json"));
    assertThat(t.get("approach").getAsString()).isEqualTo("head");
    assertThat(t.get("cachedFeatureDimension").getAsInt()).isEqualTo(128);
    assertThat(t.getAsJsonArray("classes").toString()).contains("left", "right");
    JsonArray groups = t.getAsJsonArray("groups");
    assertThat(groups.get(0).getAsJsonObject().get("name").getAsString()).isEqualTo("head");
    // The head approach's default rate (no --lr given).
    assertThat(groups.get(0).getAsJsonObject().get("lr").getAsFloat()).isEqualTo(0.01f);
    for (int i = 1; i < groups.size(); i++) {
      JsonObject g = groups.get(i).getAsJsonObject();
      assertThat(g.get("frozen").getAsBoolean()).isTrue();
      assertThat(g.get("lr").getAsFloat()).isZero();
    }
    Cli.assertSplitRecorded(run);
    assertThat(json(run.resolve("config.json")).get("command").getAsString()).isEqualTo("transfer");
    assertThat(json(run.resolve("run.json")).get("approach").getAsString()).isEqualTo("head");
    try (ClassifierModel m = ClassifierModel.load(run.resolve("model.pupil"), Device.cpu())) {
      assertThat(m.metadata().classes()).containsExactly("left", "right");
    }
    Cli.Result e = Cli.run("eval", "--model", run.toString());
    assertThat(e.code()).as(e.err()).isZero();
    Cli.Result resume = Cli.run("train", "--resume", run.toString());
    assertThat(resume.code()).isEqualTo(2);
    assertThat(resume.err()).contains("transfer run");
  }

  @Test
  void fineTuningRecordsEachGroupsRateAndUnfreezingEpoch() throws Exception {
    Path run = dir.resolve("finetune");
    Cli.Result r =
        Cli.run(
            "transfer",
            "--from",
            source.resolve("model.pupil").toString(),
            "--data",
            target.toString(),
            "--approach",
            "finetune",
            "--lr",
            "0.002",
            "--backbone-lr-scale",
            "0.1",
            "--layer-decay",
            "0.5",
            "--unfreeze-every",
            "1",
            "--freeze-bn",
            "--epochs",
            "2",
            "--batch-size",
            "4",
            "--out",
            run.toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonArray groups = json(run.resolve("transfer.json")).getAsJsonArray("groups");
    float[] lrs = {0.002f, 0.0002f, 0.0001f, 0.00005f};
    for (int i = 0; i < groups.size(); i++) {
      JsonObject g = groups.get(i).getAsJsonObject();
      assertThat(g.get("lr").getAsFloat()).as(g.toString()).isCloseTo(lrs[i], Offset.offset(1e-9f));
      assertThat(g.get("trainsFromEpoch").getAsInt()).isEqualTo(i + 1);
      assertThat(g.get("frozen").getAsBoolean()).isFalse();
    }
    assertThat(
            json(run.resolve("transfer.json"))
                .getAsJsonObject("plan")
                .get("freezeBatchNorm")
                .getAsBoolean())
        .isTrue();
  }

  @Test
  void torchScriptNeedsTheOptInAndFineTunes() throws Exception {
    assertThat(FIXTURE).exists();
    Path run = dir.resolve("ts");
    String[] args = {
      "transfer",
      "--from",
      FIXTURE.toString(),
      "--data",
      target.toString(),
      "--torchscript-method",
      "features",
      "--epochs",
      "2",
      "--batch-size",
      "4",
      "--out",
      run.toString()
    };
    Cli.Result refused = Cli.run(args);
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err()).contains("tiny-cnn.pt", "--allow-torchscript");
    assertThat(refused.err().strip().lines()).hasSize(1);
    String[] allowed = Arrays.copyOf(args, args.length + 1);
    allowed[args.length] = "--allow-torchscript";
    Cli.Result r = Cli.run(allowed);
    assertThat(r.code()).as(r.err()).isZero();
    JsonObject t = json(run.resolve("transfer.json"));
    assertThat(t.get("architecture").getAsString()).isEqualTo("torchscript");
    assertThat(t.get("pretrainedFrom").getAsString()).contains("tiny-cnn.pt", "torchscript");
    Cli.Result e = Cli.run("eval", "--model", run.toString());
    assertThat(e.code()).isEqualTo(2);
    assertThat(e.err()).contains("--allow-torchscript");
    Cli.Result ok = Cli.run("eval", "--model", run.toString(), "--allow-torchscript");
    assertThat(ok.code()).as(ok.err()).isZero();
  }

  @Test
  void djlFolderNeedsItsArchitectureNamed() throws Exception {
    Path djl = dir.resolve("djl");
    try (ClassifierModel m = ClassifierModel.load(source.resolve("model.pupil"), Device.cpu())) {
      m.djlModel().save(djl, "net");
    }
    Cli.Result missing =
        Cli.run(
            "transfer",
            "--from",
            djl.toString(),
            "--data",
            target.toString(),
            "--out",
            dir.resolve("djl-run-a").toString());
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("--from-model");
    Cli.Result r =
        Cli.run(
            "transfer",
            "--from",
            djl.toString(),
            "--from-model",
            "cnn-small",
            "--data",
            target.toString(),
            "--approach",
            "head",
            "--epochs",
            "1",
            "--batch-size",
            "4",
            "--out",
            dir.resolve("djl-run").toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(json(dir.resolve("djl-run/transfer.json")).get("pretrainedFrom").getAsString())
        .contains("(djl)");
  }

  @Test
  void badOptionsExitTwoNamingTheOption() {
    String[][] cases = {
      {"--approach", "partial"},
      {"--approach", "finetune", "--cache-features"},
      {"--approach", "head", "--unfreeze-every", "2"},
      {"--backbone-lr-scale", "0"},
      {"--from-model", "cnn-small"},
    };
    String[] names = {
      "--approach", "--cache-features", "--unfreeze-every", "--backbone-lr-scale", "--from-model"
    };
    for (int i = 0; i < cases.length; i++) {
      List<String> args =
          new ArrayList<>(
              List.of(
                  "transfer",
                  "--from",
                  source.toString(),
                  "--data",
                  target.toString(),
                  "--out",
                  dir.resolve("bad" + i).toString()));
      args.addAll(List.of(cases[i]));
      Cli.Result r = Cli.run(args.toArray(String[]::new));
      assertThat(r.code()).as(String.join(" ", cases[i]) + ": " + r.err()).isEqualTo(2);
      assertThat(r.err()).contains(names[i]);
    }
    Cli.assertBadInput(
        Cli.run(
            "transfer",
            "--from",
            source.toString(),
            "--data",
            target.toString(),
            "--approach",
            "head",
            "--unfreeze-every",
            "2"),
        "pupil: --unfreeze-every applies to approach finetune (approach head never unfreezes)");
    Cli.Result none =
        Cli.run(
            "transfer", "--from", dir.resolve("nowhere").toString(), "--data", target.toString());
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err()).contains("nowhere");
    Cli.assertBadInput(Cli.run("transfer", "--data", target.toString()), "--from is required");
    Cli.assertBadInput(
        Cli.run("transfer", "--resume", source.toString(), "--approach", "head"),
        "--resume continues",
        "drop --approach");
    Cli.assertBadInput(Cli.run("transfer", "--resume", source.toString()), "is not a transfer run");
  }

  @Test
  void helpWarnsThatTorchScriptRunsCode() {
    Cli.Result r = Cli.run("transfer", "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains(
            "--approach",
            "--backbone-lr-scale",
            "--cache-features",
            "--unfreeze-every",
            "--allow-torchscript",
            "RUNS CODE");
    assertThat(Cli.run("eval", "--help").out()).contains("--allow-torchscript");
  }
}
