package dev.pupil.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  private String[] names() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
    }
  }

  @Test
  void failedWriteKeepsTheOldFileAndLeavesNoTemporary() throws IOException {
    Path f = dir.resolve("last.ckpt");
    AtomicFiles.writeString(f, "old");
    assertThatThrownBy(
            () ->
                AtomicFiles.write(
                    f,
                    out -> {
                      out.write("half".getBytes());
                      throw new IOException("disk full");
                    }))
        .hasMessage("disk full");
    assertThat(Files.readString(f)).isEqualTo("old");
    assertThat(names()).containsExactly("last.ckpt");
  }

  @Test
  void leftoversOfAKilledWriteAreDeletedAndNothingElse() throws IOException {
    Path f = dir.resolve("last.ckpt");
    AtomicFiles.writeString(f, "old");
    Files.writeString(dir.resolve(".last.ckpt.123.tmp"), "new");
    Files.writeString(dir.resolve(".best.ckpt.456.tmp"), "new");
    Files.writeString(dir.resolve("last.ckpt.tmp"), "user's");
    assertThat(AtomicFiles.deleteLeftovers(f)).isEqualTo(1);
    assertThat(names()).containsExactly(".best.ckpt.456.tmp", "last.ckpt", "last.ckpt.tmp");
    assertThat(AtomicFiles.deleteLeftovers(dir.resolve("nowhere/x"))).isZero();
  }
}
