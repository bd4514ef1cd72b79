package dev.pupil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pupil.io.FaultPoints;
import dev.pupil.train.Checkpoint;
import dev.pupil.train.TrainingLoop;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real {@code pupil train} process with SIGKILL (mid-epoch, and once between writing a
 * checkpoint's temporary file and renaming it), resumes it with {@code --resume}, and checks that
 * the final model is bit-identical to an uninterrupted run with the same seed; likewise {@code
 * pupil fixmatch}, whose checkpoint also holds the EMA weights, {@code pupil distill}, and
 * {@code pupil noisy-student} killed in its student's round, and {@code pupil transfer}. {@link FaultPoints}
 * stops the child at the chosen point so that the kill lands there deterministically. Five JVM
 * starts take about 30 s; it runs in CI, since it is the proof that resume is exact.
 */
class CrashResumeTest {
  private static final int EPOCHS = 4;

  @TempDir static Path dir;

  private static Path data;
  private static byte[] reference;

  @BeforeAll
  static void uninterruptedRun() throws Exception {
    data = Cli.imageFolder(dir.resolve("images"), 16);
    Path run = dir.resolve("reference");
    Process p = pupil(null, null, train(run));
    assertFinished(p);
    reference = Files.readAllBytes(run.resolve("model.pupil"));
  }

  @Test
  void killedMidEpochResumesBitIdentical() throws Exception {
    Path run = dir.resolve("killed-mid-epoch");
    Path marker = dir.resolve("mid-epoch.reached");
    Process p = pupil("batch:3:2", marker, train(run));
    killWhenReached(p, marker);
    Checkpoint.Contents last = Checkpoint.read(TrainingLoop.lastCheckpoint(run.resolve("checkpoints")));
    assertThat(last.state().epochsDone()).isEqualTo(2);
    assertThat(last.state().steps()).isEqualTo(2L * last.state().batchesPerEpoch());
    assertThat(last.optimizerState()).isNotEmpty();
    assertThat(run.resolve("model.pupil")).doesNotExist();

    assertFinished(pupil(null, null, List.of("train", "--resume", run.toString())));
    assertThat(Files.readAllBytes(run.resolve("model.pupil"))).isEqualTo(reference);
    assertThat(Files.readAllLines(run.resolve("metrics.jsonl"))).hasSize(EPOCHS);
  }

  @Test
  void killedDuringCheckpointWriteKeepsThePreviousOneAndResumesBitIdentical() throws Exception {
    Path run = dir.resolve("killed-in-write");
    Path ckpts = run.resolve("checkpoints");
    Path marker = dir.resolve("rename.reached");
    Process p = pupil("rename:last.ckpt#3", marker, train(run));
    killWhenReached(p, marker);
    // The third epoch's checkpoint was fully written to a temporary file but never renamed.
    try (Stream<Path> s = Files.list(ckpts)) {
      assertThat(s.map(f -> f.getFileName().toString()))
          .anyMatch(n -> n.startsWith(".last.ckpt.") && n.endsWith(".tmp"));
    }
    Checkpoint.Contents last = Checkpoint.read(TrainingLoop.lastCheckpoint(ckpts));
    assertThat(last.state().epochsDone()).isEqualTo(2);

    assertFinished(pupil(null, null, List.of("train", "--resume", run.toString())));
    assertThat(Files.readAllBytes(run.resolve("model.pupil"))).isEqualTo(reference);
    assertThat(Checkpoint.read(TrainingLoop.lastCheckpoint(ckpts)).state().epochsDone())
        .isEqualTo(EPOCHS);
    try (Stream<Path> s = Files.list(ckpts)) {
      assertThat(s.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  @Test
  void aKilledFixMatchRunResumesToTheUninterruptedEmaModel() throws Exception {
    Path whole = dir.resolve("fixmatch-whole");
    assertFinished(pupil(null, null, fixMatch(whole)));
    Path run = dir.resolve("fixmatch-killed");
    Path marker = dir.resolve("fixmatch.reached");
    Process p = pupil("batch:2:1", marker, fixMatch(run));
    killWhenReached(p, marker);
    Checkpoint.Contents last =
        Checkpoint.read(TrainingLoop.lastCheckpoint(run.resolve("checkpoints")));
    assertThat(last.state().epochsDone()).isEqualTo(1);
    assertThat(last.evaluatedParams()).as("the EMA weights are in the checkpoint").isNotEmpty();

    assertFinished(pupil(null, null, List.of("fixmatch", "--resume", run.toString())));
    assertThat(Files.readAllBytes(run.resolve("model.pupil")))
        .isEqualTo(Files.readAllBytes(whole.resolve("model.pupil")));
    assertThat(Files.readString(run.resolve("eval.json")))
        .isEqualTo(Files.readString(whole.resolve("eval.json")));
  }

  @Test
  void aKilledDistillRunResumesToTheUninterruptedStudent() throws Exception {
    Path whole = dir.resolve("distill-whole");
    assertFinished(pupil(null, null, distill(whole)));
    Path run = dir.resolve("distill-killed");
    Path marker = dir.resolve("distill.reached");
    Process p = pupil("batch:2:1", marker, distill(run));
    killWhenReached(p, marker);
    assertThat(Checkpoint.read(TrainingLoop.lastCheckpoint(run.resolve("checkpoints")))
        .state().epochsDone()).isEqualTo(1);

    assertFinished(pupil(null, null, List.of("distill", "--resume", run.toString())));
    assertThat(Files.readAllBytes(run.resolve("model.pupil")))
        .isEqualTo(Files.readAllBytes(whole.resolve("model.pupil")));
  }

  @Test
  void aNoisyStudentRunKilledInItsStudentsRoundResumesToTheUninterruptedStudent()
      throws Exception {
    Path whole = dir.resolve("noisy-whole");
    assertFinished(pupil(null, null, noisyStudent(whole)));
    Path run = dir.resolve("noisy-killed");
    Path marker = dir.resolve("noisy.reached");
    // The second time any loop reaches epoch 2, batch 1: round 1's student (round 0 is the first).
    Process p = pupil("batch:2:1#2", marker, noisyStudent(run));
    killWhenReached(p, marker);
    assertThat(run.resolve("round-0/model.pupil")).isRegularFile();
    assertThat(Checkpoint.read(TrainingLoop.lastCheckpoint(run.resolve("round-1/checkpoints")))
        .state().epochsDone()).isEqualTo(1);

    assertFinished(pupil(null, null, List.of("noisy-student", "--resume", run.toString())));
    assertThat(Files.readAllBytes(run.resolve("model.pupil")))
        .isEqualTo(Files.readAllBytes(whole.resolve("model.pupil")));
    assertThat(Files.readString(run.resolve("round-1/pseudo-labels.csv")))
        .isEqualTo(Files.readString(whole.resolve("round-1/pseudo-labels.csv")));
  }

  @Test
  void aKilledTransferRunWithGradualUnfreezingResumesToTheUninterruptedModel() throws Exception {
    Path whole = dir.resolve("transfer-whole");
    assertFinished(pupil(null, null, transfer(whole)));
    Path run = dir.resolve("transfer-killed");
    Path marker = dir.resolve("transfer.reached");
    Process p = pupil("batch:2:1", marker, transfer(run));
    killWhenReached(p, marker);

    assertFinished(pupil(null, null, List.of("transfer", "--resume", run.toString())));
    assertThat(Files.readAllBytes(run.resolve("model.pupil")))
        .isEqualTo(Files.readAllBytes(whole.resolve("model.pupil")));
    assertThat(Files.readString(run.resolve("transfer.json")))
        .isEqualTo(Files.readString(whole.resolve("transfer.json")).replace(
            whole.toString(), run.toString()));
  }

  private static List<String> transfer(Path run) {
    return List.of(
        "transfer", "--from", dir.resolve("reference").toString(), "--data", data.toString(),
        "--approach", "finetune", "--unfreeze-every", "1", "--epochs", "3", "--batch-size", "4",
        "--seed", "9", "--out", run.toString());
  }

  private static List<String> noisyStudent(Path run) {
    return List.of(
        "noisy-student", "--data", data.toString(), "--labels-per-class", "6", "--models",
        "cnn-tiny,cnn-tiny", "--threshold", "0.2", "--epochs", "3", "--batch-size", "4",
        "--seed", "3", "--out", run.toString());
  }

  private static List<String> distill(Path run) {
    return List.of(
        "distill", "--teacher", dir.resolve("reference").toString(), "--data", data.toString(),
        "--labels-per-class", "8", "--unlabeled-pool", "--augment", "flip", "--student",
        "cnn-tiny", "--epochs", "3", "--batch-size", "4", "--seed", "7", "--out",
        run.toString());
  }

  private static List<String> fixMatch(Path run) {
    return List.of(
        "fixmatch", "--data", data.toString(), "--labels-per-class", "4", "--model", "cnn-tiny",
        "--epochs", "3", "--batch-size", "2", "--mu", "2", "--threshold", "0.5", "--ema", "0.9",
        "--seed", "5", "--out", run.toString());
  }

  private static List<String> train(Path run) {
    return List.of(
        "train", "--data", data.toString(), "--model", "cnn-tiny", "--epochs",
        String.valueOf(EPOCHS), "--batch-size", "4", "--seed", "11", "--out", run.toString());
  }

  /** Starts {@code pupil ARGS} in a new JVM, optionally stopping at a fault point. */
  private static Process pupil(String faultPoint, Path marker, List<String> args)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Dai.djl.offline=true");
    cmd.add("-Djava.awt.headless=true");
    cmd.add("-XX:+UseSerialGC");
    if (faultPoint != null) {
      cmd.add("-D" + FaultPoints.PROPERTY + "=" + faultPoint);
      cmd.add("-D" + FaultPoints.MARKER + "=" + marker);
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Pupil.class.getName());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("OPT_OUT_TRACKING", "true");
    File log = dir.resolve("child-" + System.nanoTime() + ".log").toFile();
    pb.redirectOutput(log);
    Process p = pb.start();
    logs.put(p, log.toPath());
    return p;
  }

  private static final java.util.Map<Process, Path> logs = new java.util.concurrent.ConcurrentHashMap<>();

  private static String log(Process p) throws IOException {
    return Files.readString(logs.get(p));
  }

  private static void killWhenReached(Process p, Path marker) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!Files.exists(marker)) {
      assertThat(p.isAlive()).as("child ended before the fault point: %s", log(p)).isTrue();
      assertThat(System.nanoTime()).as("fault point not reached in time").isLessThan(deadline);
      Thread.sleep(20);
    }
    p.destroyForcibly(); // SIGKILL on Linux
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(137);
  }

  private static void assertFinished(Process p) throws Exception {
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("child timed out").isTrue();
    assertThat(p.exitValue()).as(log(p)).isZero();
  }
}
