package dev.pupil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import dev.pupil.io.FaultPoints;
import dev.pupil.train.Checkpoint;
import dev.pupil.train.TrainingLoop;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingConsumer;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a real {@code pupil train} process with SIGKILL (mid-epoch, and once between writing a
 * checkpoint's temporary file and renaming it), resumes it with {@code --resume}, and checks that
 * the final model is bit-identical to an uninterrupted run with the same seed; likewise {@code
 * pupil fixmatch}, whose checkpoint also holds the EMA weights, {@code pupil distill}, {@code pupil
 * noisy-student} killed in its student's round, and {@code pupil transfer}. {@link FaultPoints}
 * stops the child at the chosen point so that the kill lands there deterministically. It runs in
 * CI, since it is the proof that resume is exact.
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
    Checkpoint.Contents last = lastCheckpoint(run.resolve("checkpoints"));
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
    Checkpoint.Contents last = lastCheckpoint(ckpts);
    assertThat(last.state().epochsDone()).isEqualTo(2);

    assertFinished(pupil(null, null, List.of("train", "--resume", run.toString())));
    assertThat(Files.readAllBytes(run.resolve("model.pupil"))).isEqualTo(reference);
    assertThat(lastCheckpoint(ckpts).state().epochsDone()).isEqualTo(EPOCHS);
    try (Stream<Path> s = Files.list(ckpts)) {
      assertThat(s.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  @Test
  void aKilledFixMatchRunResumesToTheUninterruptedEmaModel() throws Throwable {
    Runs r =
        killAndResume(
            "fixmatch",
            "batch:2:1",
            CrashResumeTest::fixMatch,
            run -> {
              Checkpoint.Contents last = lastCheckpoint(run.resolve("checkpoints"));
              assertThat(last.state().epochsDone()).isEqualTo(1);
              assertThat(last.evaluatedParams())
                  .as("the EMA weights are in the checkpoint")
                  .isNotEmpty();
            });
    r.assertSame("model.pupil");
    r.assertSame("eval.json");
  }

  @Test
  void aKilledDistillRunResumesToTheUninterruptedStudent() throws Throwable {
    Runs r =
        killAndResume(
            "distill",
            "batch:2:1",
            CrashResumeTest::distill,
            run ->
                assertThat(lastCheckpoint(run.resolve("checkpoints")).state().epochsDone())
                    .isEqualTo(1));
    r.assertSame("model.pupil");
  }

  @Test
  void aNoisyStudentRunKilledInItsStudentsRoundResumesToTheUninterruptedStudent() throws Throwable {
    // The second time any loop reaches epoch 2, batch 1: round 1's student (round 0 is the first).
    Runs r =
        killAndResume(
            "noisy-student",
            "batch:2:1#2",
            CrashResumeTest::noisyStudent,
            run -> {
              assertThat(run.resolve("round-0/model.pupil")).isRegularFile();
              assertThat(lastCheckpoint(run.resolve("round-1/checkpoints")).state().epochsDone())
                  .isEqualTo(1);
            });
    r.assertSame("model.pupil");
    r.assertSame("round-1/pseudo-labels.csv");
    r.assertSame("rounds.json");
    assertThat(Files.readString(r.resumed().resolve("rounds.json")))
        .contains("\"studentValAccuracy\"", "\"kept\"", "\"keptRound\"", "\"classBalance\"");
  }

  @Test
  void aKilledTransferRunWithGradualUnfreezingResumesToTheUninterruptedModel() throws Throwable {
    Runs r = killAndResume("transfer", "batch:2:1", CrashResumeTest::transfer, run -> {});
    r.assertSame("model.pupil");
    assertThat(
            JsonParser.parseString(Files.readString(r.resumed().resolve("run.json")))
                .getAsJsonObject()
                .get("resumed")
                .getAsBoolean())
        .isTrue();
    assertThat(
            JsonParser.parseString(Files.readString(r.whole().resolve("run.json")))
                .getAsJsonObject()
                .get("resumed")
                .getAsBoolean())
        .isFalse();
    assertThat(Files.readString(r.resumed().resolve("transfer.json")))
        .isEqualTo(
            Files.readString(r.whole().resolve("transfer.json"))
                .replace(r.whole().toString(), r.resumed().toString()));
  }

  /** An uninterrupted run and a killed-then-resumed one of the same command. */
  private record Runs(Path whole, Path resumed) {
    /** Asserts that the file is byte-identical in both runs. */
    void assertSame(String file) throws IOException {
      assertThat(Files.readAllBytes(resumed.resolve(file)))
          .as(file)
          .isEqualTo(Files.readAllBytes(whole.resolve(file)));
    }
  }

  /**
   * Runs a command to the end; runs it again, kills it with SIGKILL at the fault point, checks the
   * killed run folder with {@code afterKill}, and resumes it with {@code COMMAND --resume}.
   */
  private static Runs killAndResume(
      String name,
      String faultPoint,
      Function<Path, List<String>> args,
      ThrowingConsumer<Path> afterKill)
      throws Throwable {
    Path whole = dir.resolve(name + "-whole");
    assertFinished(pupil(null, null, args.apply(whole)));
    Path run = dir.resolve(name + "-killed");
    Path marker = dir.resolve(name + ".reached");
    killWhenReached(pupil(faultPoint, marker, args.apply(run)), marker);
    afterKill.accept(run);
    assertFinished(pupil(null, null, List.of(name, "--resume", run.toString())));
    return new Runs(whole, run);
  }

  private static Checkpoint.Contents lastCheckpoint(Path checkpoints) throws IOException {
    return Checkpoint.read(TrainingLoop.lastCheckpoint(checkpoints));
  }

  private static List<String> transfer(Path run) {
    return List.of(
        "transfer",
        "--from",
        dir.resolve("reference").toString(),
        "--data",
        data.toString(),
        "--approach",
        "finetune",
        "--unfreeze-every",
        "1",
        "--epochs",
        "3",
        "--batch-size",
        "4",
        "--seed",
        "9",
        "--out",
        run.toString());
  }

  private static List<String> noisyStudent(Path run) {
    return List.of(
        "noisy-student",
        "--data",
        data.toString(),
        "--labels-per-class",
        "6",
        "--models",
        "cnn-tiny,cnn-tiny",
        "--threshold",
        "0.2",
        "--epochs",
        "3",
        "--batch-size",
        "4",
        "--seed",
        "3",
        "--out",
        run.toString());
  }

  private static List<String> distill(Path run) {
    return List.of(
        "distill",
        "--teacher",
        dir.resolve("reference").toString(),
        "--data",
        data.toString(),
        "--labels-per-class",
        "8",
        "--unlabeled-pool",
        "--augment",
        "flip",
        "--student",
        "cnn-tiny",
        "--epochs",
        "3",
        "--batch-size",
        "4",
        "--seed",
        "7",
        "--out",
        run.toString());
  }

  private static List<String> fixMatch(Path run) {
    return List.of(
        "fixmatch",
        "--data",
        data.toString(),
        "--labels-per-class",
        "4",
        "--model",
        "cnn-tiny",
        "--epochs",
        "3",
        "--batch-size",
        "2",
        "--mu",
        "2",
        "--threshold",
        "0.5",
        "--ema",
        "0.9",
        "--seed",
        "5",
        "--out",
        run.toString());
  }

  private static List<String> train(Path run) {
    return List.of(
        "train",
        "--data",
        data.toString(),
        "--model",
        "cnn-tiny",
        "--epochs",
        String.valueOf(EPOCHS),
        "--batch-size",
        "4",
        "--seed",
        "11",
        "--out",
        run.toString());
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

  private static final Map<Process, Path> logs = new ConcurrentHashMap<>();

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
