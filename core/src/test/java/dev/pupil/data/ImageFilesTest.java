package dev.pupil.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pupil.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {
  @TempDir Path dir;

  @Test
  void readImageConvertsToGrayAndResizes() throws Exception {
    Path f = Images.rgb(dir.resolve("red.png"), "png", 8, 6, 0xFF0000);
    byte[] px = ImageFiles.readImage(f, 1, 4, 3);
    assertThat(px).hasSize(12);
    // BT.601 luma of pure red: 0.299 * 255 ≈ 76
    assertThat(px[0] & 0xFF).isBetween(75, 77);
  }

  @Test
  void readImageNamesAFileThatIsNotAnImage() throws Exception {
    Path f = Files.writeString(dir.resolve("notes.png"), "not an image");
    assertThatThrownBy(() -> ImageFiles.readImage(f, 3, 4, 4))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("notes.png");
  }

  @Test
  void readAllWalksFoldersAndKeepsFilesInTheOrderGiven() throws Exception {
    Path one = Images.gray(dir.resolve("one.png"), "png", 4, 4, 10);
    Images.gray(dir.resolve("d/b/x.png"), "png", 4, 4, 20);
    Images.gray(dir.resolve("d/a.jpg"), "jpg", 6, 6, 30);
    Files.writeString(dir.resolve("d/readme.txt"), "not an image, no image extension");
    Images.gray(dir.resolve("d/.hidden.png"), "png", 4, 4, 40);
    FolderReadResult r =
        ImageFiles.readAll(List.of(one, dir.resolve("d")), 1, 4, 4, BadImagePolicy.FAIL);
    assertThat(r.images().size()).isEqualTo(3);
    assertThat(r.images().id(0)).isEqualTo(one.toString());
    assertThat(r.images().id(1)).isEqualTo(dir.resolve("d/a.jpg").toString());
    assertThat(r.images().id(2)).isEqualTo(dir.resolve("d/b/x.png").toString());
    assertThat(r.images().pixel(2, 0, 0, 0)).isEqualTo(20);
    assertThat(r.images().label(0)).isEqualTo(ImageSet.UNLABELED);
    assertThat(r.skipped()).isEmpty();
  }

  @Test
  void readAllSkipsOrNamesABadFileByPolicy() throws Exception {
    Images.gray(dir.resolve("d/good.png"), "png", 4, 4, 10);
    Path bad = Files.writeString(dir.resolve("d/bad.png"), "not an image");
    List<Path> paths = List.of(dir.resolve("d"));
    assertThatThrownBy(() -> ImageFiles.readAll(paths, 1, 4, 4, BadImagePolicy.FAIL))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(bad.toString());
    FolderReadResult r = ImageFiles.readAll(paths, 1, 4, 4, BadImagePolicy.SKIP);
    assertThat(r.images().size()).isEqualTo(1);
    assertThat(r.images().id(0)).endsWith("good.png");
    assertThat(r.skipped()).containsExactly(bad);
    assertThatThrownBy(() -> ImageFiles.readAll(List.of(bad), 1, 4, 4, BadImagePolicy.SKIP))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("none of the 1 image files");
    assertThatThrownBy(
            () ->
                ImageFiles.readAll(
                    List.of(dir.resolve("missing.png")), 1, 4, 4, BadImagePolicy.SKIP))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("missing.png does not exist");
  }
}
