package dev.pupil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.pupil.train.Checkpoint;
import dev.pupil.train.TrainingLoop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose checkpoint folder cannot be written stops with one clear line (exit 2) and leaves the
 * previous checkpoint intact and no temporary files behind.
 */
class CliUnwritableOutputTest {
  @TempDir Path dir;

  private Path run;
  private Path ckpts;

  @BeforeEach
  void oneEpoch() throws Exception {
    Path data = Cli.imageFolder(dir.resolve("images"), 4);
    run = dir.resolve("run");
    ckpts = run.resolve("checkpoints");
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
            run.toString());
    assertThat(r.code()).as(r.err()).isZero();
  }

  private void assertRefusedWithCheckpointIntact(byte[] before) throws Exception {
    Cli.Result r = Cli.run("train", "--resume", run.toString(), "--epochs", "2");
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
    assertThat(r.err())
        .startsWith("pupil: ")
        .contains(ckpts.toString())
        .doesNotContain("Exception", "\tat ");
    Path last = TrainingLoop.lastCheckpoint(ckpts);
    assertThat(Files.readAllBytes(last)).isEqualTo(before);
    assertThat(Checkpoint.read(last).state().epochsDone()).isEqualTo(1);
  }

  @Test
  void readOnlyCheckpointFolderKeepsThePreviousCheckpoint() throws Exception {
    byte[] before = Files.readAllBytes(TrainingLoop.lastCheckpoint(ckpts));
    Files.setPosixFilePermissions(ckpts, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      // root ignores permission bits: then the folder stays writable and this case cannot happen
      assumeFalse(Files.isWritable(ckpts), "running as root: chmod does not stop writes");
      assertRefusedWithCheckpointIntact(before);
      try (Stream<Path> s = Files.list(ckpts)) {
        assertThat(s.map(p -> p.getFileName().toString())).containsOnly("last.ckpt");
      }
    } finally {
      Files.setPosixFilePermissions(ckpts, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void checkpointFolderThatIsAFileIsNamed() throws Exception {
    // Works also as root (unlike chmod): the checkpoint folder is a file, so no checkpoint fits.
    try (Stream<Path> s = Files.list(ckpts)) {
      for (Path p : s.toList()) {
        Files.delete(p);
      }
    }
    Files.delete(ckpts);
    Files.writeString(ckpts, "not a folder");
    Cli.Result r = Cli.run("train", "--resume", run.toString(), "--epochs", "2");
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
    assertThat(r.err())
        .startsWith("pupil: cannot write checkpoint " + ckpts)
        .doesNotContain("\tat ");
    assertThat(Files.readString(ckpts)).isEqualTo("not a folder");
  }
}
