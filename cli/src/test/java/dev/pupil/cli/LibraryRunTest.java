package dev.pupil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.pupil.models.ModelOptions;
import dev.pupil.run.DataLoader;
import dev.pupil.run.DataSpec;
import dev.pupil.run.PreparedData;
import dev.pupil.run.RunDirectory;
import dev.pupil.run.SelfTrainingConfig;
import dev.pupil.run.SelfTrainingRun;
import dev.pupil.run.SupervisedRun;
import dev.pupil.semisup.PseudoLabeler;
import dev.pupil.semisup.RampUp;
import dev.pupil.train.TrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A supervised run started through the library alone (no command class involved) makes the same run
 * folder as {@code pupil train}, and the command line's {@code report}, {@code eval} and {@code
 * --resume} accept it; the library resumes it too.
 */
class LibraryRunTest {
  @TempDir Path dir;

  @Test
  void aLibraryRunMatchesTheCommandsRunAndTheCommandsAcceptItsFolder() throws Exception {
    Path images = Cli.imageFolder(dir.resolve("images"), 20);
    Path cliRun = dir.resolve("cli-run");
    Cli.Result r =
        Cli.run(
            "train",
            "--data",
            images.toString(),
            "--model",
            "linear",
            "--epochs",
            "2",
            "--seed",
            "5",
            "--out",
            cliRun.toString());
    assertThat(r.code()).as(r.err()).isZero();

    Path libRun = dir.resolve("lib-run");
    DataSpec spec =
        new DataSpec(
            null,
            images.toAbsolutePath().normalize().toString(),
            null,
            null,
            0,
            0,
            0,
            0,
            0.1,
            0.2,
            5,
            false,
            null);
    PreparedData data = DataLoader.load(spec);
    SupervisedRun.Summary s =
        SupervisedRun.builder()
            .setData(data)
            .setArchitecture("linear")
            .setConfig(TrainConfig.builder().optEpochs(2).optSeed(5).build())
            .setRunDirectory(RunDirectory.create(libRun))
            .build()
            .run();
    assertThat(s.test().accuracy())
        .isEqualTo(
            JsonParser.parseString(Files.readString(cliRun.resolve("eval.json")))
                .getAsJsonObject()
                .get("accuracy")
                .getAsDouble());
    assertThat(Files.readAllBytes(libRun.resolve("model.pupil")))
        .isEqualTo(Files.readAllBytes(cliRun.resolve("model.pupil")));
    JsonObject cliConfig = json(cliRun.resolve("config.json"));
    JsonObject libConfig = json(libRun.resolve("config.json"));
    assertThat(libConfig.keySet()).isEqualTo(cliConfig.keySet());
    assertThat(libConfig.get("train")).isEqualTo(cliConfig.get("train"));
    assertThat(libConfig.get("data")).isEqualTo(cliConfig.get("data"));
    assertThat(json(libRun.resolve("run.json")).keySet())
        .containsAll(json(cliRun.resolve("run.json")).keySet());
    assertThat(libRun.resolve("split.json")).exists();

    assertThat(Cli.run("report", libRun.toString()).code()).isZero();
    assertThat(libRun.resolve("report.html")).exists();
    Cli.Result eval = Cli.run("eval", "--model", libRun.toString(), "--force");
    assertThat(eval.code()).as(eval.err()).isZero();
    // Resumed by the library alone, for one more epoch, then by the command line for another.
    SupervisedRun.Builder more =
        SupervisedRun.resuming(RunDirectory.open(libRun), UnaryOperator.identity());
    more.setConfig(more.config().toBuilder().optEpochs(3).build()).build().run();
    assertThat(json(libRun.resolve("run.json")).get("resumed").getAsBoolean()).isTrue();
    assertThat(Files.readAllLines(libRun.resolve("metrics.jsonl"))).hasSize(3);
    Cli.Result resumed = Cli.run("train", "--resume", libRun.toString(), "--epochs", "4");
    assertThat(resumed.code()).as(resumed.err()).isZero();
    assertThat(Files.readAllLines(libRun.resolve("metrics.jsonl"))).hasSize(4);
  }

  @Test
  void aSelfTrainingRunThroughTheLibraryAloneIsAcceptedAndResumedByTheCommands() throws Exception {
    Path images = Cli.imageFolder(dir.resolve("images"), 20);
    DataSpec spec =
        new DataSpec(
            null,
            images.toAbsolutePath().normalize().toString(),
            null,
            null,
            0,
            0,
            0,
            4,
            0.1,
            0.2,
            3,
            false,
            null);
    PreparedData data = DataLoader.load(spec, true);
    Path run = dir.resolve("self");
    SelfTrainingConfig settings =
        new SelfTrainingConfig(
            "pseudo-label",
            "linear",
            List.of("linear"),
            PseudoLabeler.builder().build(),
            1f,
            RampUp.constant(1f),
            SelfTrainingConfig.POOL,
            null,
            null,
            ModelOptions.DEFAULTS,
            ModelOptions.DEFAULTS,
            2,
            false);
    SelfTrainingRun.Summary s =
        SelfTrainingRun.builder()
            .setData(data)
            .setUnlabeled(SelfTrainingRun.unlabeled(null, data, UnaryOperator.identity()))
            .setSettings(settings)
            .setConfig(TrainConfig.builder().optEpochs(2).optSeed(3).build())
            .setRunDirectory(RunDirectory.create(run))
            .build()
            .run();
    assertThat(s.rounds()).hasSize(1);
    assertThat(run.resolve("round-1").resolve("pseudo-labels.csv")).exists();
    assertThat(
            json(run.resolve("config.json"))
                .getAsJsonObject("selfTraining")
                .get("teacherEpochs")
                .getAsInt())
        .isEqualTo(2);
    assertThat(Cli.run("report", run.toString()).code()).isZero();
    Cli.Result eval = Cli.run("eval", "--model", run.toString(), "--force");
    assertThat(eval.code()).as(eval.err()).isZero();
    Cli.Result resumed = Cli.run("pseudo-label", "--resume", run.toString());
    assertThat(resumed.code()).as(resumed.err()).isZero();
    assertThat(json(run.resolve("run.json")).get("testAccuracy").getAsDouble())
        .isEqualTo(s.test().accuracy());
  }

  private static JsonObject json(Path file) throws Exception {
    return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
  }
}
