package dev.pupil.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pupil.BadInputException;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitFoldersTest {
  @TempDir Path root;

  private void image(String path) throws IOException {
    Images.gray(root.resolve(path), "png", 2, 2, 9);
  }

  @Test
  void trainValAndTestFoldersAreFound() throws IOException {
    image("train/cat/1.png");
    image("Valid/cat/2.png");
    image("test/dog/3.png");
    SplitFolders s = SplitFolders.detect(root).orElseThrow();
    assertThat(s.train()).isEqualTo(root.resolve("train"));
    assertThat(s.validation()).isEqualTo(root.resolve("Valid"));
    assertThat(s.test()).isEqualTo(root.resolve("test"));
  }

  @Test
  void trainAloneIsALayoutWithoutValidationOrTest() throws IOException {
    image("train/cat/1.png");
    SplitFolders s = SplitFolders.detect(root).orElseThrow();
    assertThat(s.validation()).isNull();
    assertThat(s.test()).isNull();
  }

  @Test
  void aPlainImageFolderIsNoLayout() throws IOException {
    image("cat/1.png");
    image("dog/2.png");
    assertThat(SplitFolders.detect(root)).isEmpty();
  }

  @Test
  void splitFoldersBesideClassFoldersAreRefused() throws IOException {
    image("train/cat/1.png");
    image("test/cat/2.png");
    image("dog/3.png");
    assertThatThrownBy(() -> SplitFolders.detect(root))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(
            root + " mixes split folders (test/, train/) with other folders (dog)")
        .hasMessageContaining("lay it out as " + root.resolve("train").resolve("<class>"));
  }

  @Test
  void trainWithoutClassFoldersIsRefused() throws IOException {
    image("train/1.png");
    image("test/cat/2.png");
    assertThatThrownBy(() -> SplitFolders.detect(root))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(root.resolve("train") + " has no class subfolders; lay it out as");
  }

  @Test
  void splitFoldersWithoutTrainOrWithTwoValidationFoldersAreRefused() throws IOException {
    image("val/cat/1.png");
    image("test/cat/2.png");
    assertThatThrownBy(() -> SplitFolders.detect(root))
        .hasMessageContaining("test/, val/ but no train folder");
    image("train/cat/3.png");
    image("validation/cat/4.png");
    assertThatThrownBy(() -> SplitFolders.detect(root))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("two validation folders (val, validation)");
  }

  @Test
  void aMissingRootIsNamed() {
    Path missing = root.resolve("nope");
    assertThatThrownBy(() -> SplitFolders.detect(missing)).hasMessage(missing + " does not exist");
  }
}
