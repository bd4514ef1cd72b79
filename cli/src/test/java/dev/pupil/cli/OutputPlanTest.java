package dev.pupil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pupil.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link OutputPlan} refuses before anything is written, naming the file and the option. */
class OutputPlanTest {
  @TempDir Path dir;

  @Test
  void newFilesInFoldersStillToBeCreatedPass() {
    new OutputPlan(false).file(dir.resolve("a/b/c.json"), "--out").check();
    assertThat(dir.resolve("a")).doesNotExist();
  }

  @Test
  void anExistingFileIsRefusedUnlessForced() throws Exception {
    Path f = Files.writeString(dir.resolve("out.json"), "old");
    OutputPlan plan =
        new OutputPlan(false).file(dir.resolve("new.png"), "beside --out").file(f, "--out");
    assertThatThrownBy(plan::check)
        .isInstanceOf(BadInputException.class)
        .hasMessage(f + " exists (--out); use --force to replace it");
    new OutputPlan(true).file(f, "--out").check();
    assertThat(Files.readString(f)).isEqualTo("old");
  }

  @Test
  void ownFilesMayBeReplacedWithoutForce() throws Exception {
    Path f = Files.writeString(dir.resolve("eval.json"), "old");
    new OutputPlan(false).own(f, "the run folder").file(f, "--out").check();
  }

  @Test
  void aFileInTheWayOfTheFolderIsNamed() throws Exception {
    Path file = Files.writeString(dir.resolve("file.txt"), "x");
    OutputPlan plan = new OutputPlan(true).own(file.resolve("sub/eval.json"), "--out");
    assertThatThrownBy(plan::check)
        .isInstanceOf(BadInputException.class)
        .hasMessage(
            file.resolve("sub/eval.json")
                + " cannot be written (--out): "
                + file
                + " is not a folder");
  }

  @Test
  void aFolderWhereAFileGoesIsRefusedEvenWithForce() throws Exception {
    Path sub = Files.createDirectories(dir.resolve("x.png"));
    OutputPlan plan = new OutputPlan(true).files(dir, List.of("x.png"), "--out");
    assertThatThrownBy(plan::check).hasMessage(sub + " is a folder (--out); give a file");
  }
}
