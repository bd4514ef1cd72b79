package dev.pupil.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pupil.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnlabeledFolderReaderTest {
  @TempDir Path root;

  @Test
  void readsTheWholeTreeSortedAndUnlabeled() throws IOException {
    Images.gray(root.resolve("b/2.png"), "png", 2, 2, 2);
    Images.gray(root.resolve("1.png"), "png", 2, 2, 1);
    Images.gray(root.resolve("a/deep/3.bmp"), "bmp", 4, 4, 3);
    FolderReadResult r =
        UnlabeledFolderReader.builder().setRoot(root).optClasses(List.of("x", "y")).build().read();
    ImageSet set = r.images();
    assertThat(List.of(set.id(0), set.id(1), set.id(2)))
        .containsExactly("1.png", "a/deep/3.bmp", "b/2.png");
    assertThat(set.labels()).containsOnly(ImageSet.UNLABELED);
    assertThat(set.classes()).containsExactly("x", "y");
    assertThat(set.height()).isEqualTo(2);
    assertThat(set.pixel(1, 0, 1, 1)).isEqualTo(3);
  }

  @Test
  void badFileIsSkippedUnderSkip() throws IOException {
    Images.gray(root.resolve("1.png"), "png", 2, 2, 1);
    Path bad = Files.write(root.resolve("2.gif"), new byte[] {1, 2, 3});
    FolderReadResult r =
        UnlabeledFolderReader.builder()
            .setRoot(root)
            .optOnBadImage(BadImagePolicy.SKIP)
            .build()
            .read();
    assertThat(r.images().size()).isEqualTo(1);
    assertThat(r.skipped()).containsExactly(bad);
  }

  @Test
  void folderWithoutImagesIsNamed() throws IOException {
    Files.writeString(root.resolve("a.txt"), "x");
    assertThatThrownBy(() -> UnlabeledFolderReader.builder().setRoot(root).build().read())
        .isInstanceOf(BadInputException.class)
        .hasMessage(root + " holds no images (png, jpg, jpeg, bmp or gif)");
  }

  @Test
  void allFilesBadUnderSkipIsAnError() throws IOException {
    Files.writeString(root.resolve("a.png"), "x");
    assertThatThrownBy(
            () ->
                UnlabeledFolderReader.builder()
                    .setRoot(root)
                    .optOnBadImage(BadImagePolicy.SKIP)
                    .build()
                    .read())
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("none of the 1 image files");
  }
}
