package dev.pupil.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pupil.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
