package dev.pupil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input exits 2 with one line on stderr that names the file or option, never a trace. */
class CliBadInputTest {
  @TempDir Path dir;

  private Cli.Result train(String data, String... more) {
    String[] args = new String[4 + more.length];
    args[0] = "train";
    args[1] = "--data";
    args[2] = data;
    args[3] = "--out=" + dir.resolve("run");
    System.arraycopy(more, 0, args, 4, more.length);
    return Cli.run(args);
  }

  @Test
  void unknownModelNameIsBadInput() throws Exception {
    Path data = Cli.imageFolder(dir.resolve("images"), 4);
    Cli.assertBadInput(train(data.toString(), "--model", "resnet9000"), "resnet9000", "cnn-small");
  }

  @Test
  void unknownDatasetIsBadInput() {
    Cli.assertBadInput(train("imagenet-1k"), "imagenet-1k", "fashion-mnist");
  }

  @Test
  void missingFolderIsBadInput() {
    Cli.assertBadInput(train(dir.resolve("nowhere").toString()), "nowhere", "does not exist");
  }

  @Test
  void negativeLearningRateNamesTheOption() throws Exception {
    Path data = Cli.imageFolder(dir.resolve("images"), 4);
    Cli.assertBadInput(train(data.toString(), "--lr", "-1"), "--lr");
  }

  @Test
  void malformedNormalizationNamesTheOption() throws Exception {
    Path data = Cli.imageFolder(dir.resolve("images"), 4);
    Cli.assertBadInput(train(data.toString(), "--normalize", "0.5"), "--normalize", "MEAN/STD");
    Cli.assertBadInput(train(data.toString(), "--normalize", "0.5/0"), "--normalize", "std");
    Cli.assertBadInput(train(data.toString(), "--normalize", "0.5/x"), "--normalize", "'x'");
  }

  @Test
  void zeroEpochsNamesTheOption() throws Exception {
    Path data = Cli.imageFolder(dir.resolve("images"), 4);
    Cli.assertBadInput(train(data.toString(), "--epochs", "0"), "--epochs");
  }

  @Test
  void aCoreFieldErrorReachesTheUserAsItsFlag() throws Exception {
    Path data = Cli.imageFolder(dir.resolve("images"), 4);
    Cli.Result r = train(data.toString(), "--epochs", "0");
    Cli.assertBadInput(r, "--epochs");
    assertThat(r.err().strip()).isEqualTo("pupil: --epochs must be in [1, 100000], got 0");
    Cli.Result patience = train(data.toString(), "--early-stop", "-1");
    assertThat(patience.err().strip()).isEqualTo("pupil: --early-stop must be >= 0, got -1");
    assertThat(dir.resolve("run")).doesNotExist();
  }

  @Test
  void unparsableNumberNamesTheOption() throws Exception {
    Cli.assertBadInput(train("images", "--epochs", "many"), "--epochs", "many");
  }

  @Test
  void emptyClassFolderIsNamed() throws Exception {
    Path data = Cli.imageFolder(dir.resolve("images"), 4);
    Files.createDirectories(data.resolve("zebra"));
    Cli.assertBadInput(train(data.toString()), "zebra");
  }

  @Test
  void nonImageInClassFolderIsNamed() throws Exception {
    Path data = Cli.imageFolder(dir.resolve("images"), 4);
    Files.writeString(data.resolve("top").resolve("notes.png"), "not a picture");
    Cli.assertBadInput(train(data.toString()), "notes.png");
  }

  @Test
  void corruptModelFileIsNamed() throws Exception {
    Path model = Files.write(dir.resolve("model.pupil"), "PUPILMDL garbage".getBytes());
    Path img = Cli.png(dir.resolve("x.png"), true, new Random(1));
    Cli.assertBadInput(
        Cli.run("predict", "--model", model.toString(), img.toString()), "model.pupil");
    Cli.assertBadInput(
        Cli.run("eval", "--model", model.toString(), "--data", dir.toString()), "model.pupil");
  }

  @Test
  void missingImageForPredictIsNamed() throws Exception {
    Path model = Files.write(dir.resolve("model.pupil"), new byte[0]);
    Cli.assertBadInput(
        Cli.run("predict", "--model", dir.resolve("nope").toString(), "a.png"), "nope");
    assertThat(model).exists();
  }

  @Test
  void resumeOfAFolderWithoutRunIsBadInput() {
    Cli.assertBadInput(Cli.run("train", "--resume", dir.toString()), "config.json");
  }
}
