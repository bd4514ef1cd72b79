package dev.pupil.data;

import static dev.pupil.data.TestFiles.gzip;
import static dev.pupil.data.TestFiles.idxImages;
import static dev.pupil.data.TestFiles.idxLabels;
import static dev.pupil.data.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pupil.BadInputException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
  private static final List<String> CLASSES = List.of("a", "b", "c");

  @TempDir Path dir;

  @Test
  void rawFilesRoundTrip() throws IOException {
    Path img = write(dir.resolve("img"), idxImages(3, 2, 4));
    Path lab = write(dir.resolve("lab"), idxLabels(2, 0, 1));
    ImageSet set = IdxReader.read(img, lab, CLASSES);
    assertThat(set.size()).isEqualTo(3);
    assertThat(set.channels()).isEqualTo(1);
    assertThat(set.height()).isEqualTo(2);
    assertThat(set.width()).isEqualTo(4);
    assertThat(set.labels()).containsExactly(2, 0, 1);
    assertThat(set.pixel(1, 0, 1, 3)).isEqualTo(10 + 7);
    assertThat(Arrays.copyOfRange(set.pixelsView(), 0, 24))
        .containsExactly(Arrays.copyOfRange(idxImages(3, 2, 4), 16, 40));
  }

  @Test
  void gzippedFilesAreDetectedByContent() throws IOException {
    Path img = write(dir.resolve("img.gz"), gzip(idxImages(2, 3, 3)));
    Path lab = write(dir.resolve("lab.gz"), gzip(idxLabels(1, 1)));
    ImageSet set = IdxReader.read(img, lab, CLASSES);
    assertThat(set.size()).isEqualTo(2);
    assertThat(set.pixel(1, 0, 2, 2)).isEqualTo(18);
  }

  @Test
  void wrongMagicIsNamed() throws IOException {
    Path img = write(dir.resolve("img"), idxLabels(1, 2));
    Path lab = write(dir.resolve("lab"), idxLabels(1, 2));
    assertThatThrownBy(() -> IdxReader.read(img, lab, CLASSES))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(img.toString())
        .hasMessageContaining("magic 0x801");
  }

  @Test
  void truncatedImagesFileIsNamed() throws IOException {
    byte[] full = idxImages(3, 2, 2);
    Path img = write(dir.resolve("img"), Arrays.copyOf(full, full.length - 1));
    Path lab = write(dir.resolve("lab"), idxLabels(0, 1, 2));
    assertThatThrownBy(() -> IdxReader.read(img, lab, CLASSES))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(img.toString())
        .hasMessageContaining("truncated");
  }

  @Test
  void countMismatchNamesBothFiles() throws IOException {
    Path img = write(dir.resolve("img"), idxImages(3, 2, 2));
    Path lab = write(dir.resolve("lab"), idxLabels(0, 1));
    assertThatThrownBy(() -> IdxReader.read(img, lab, CLASSES))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("3 images")
        .hasMessageContaining("2 labels")
        .hasMessageContaining(lab.toString());
  }

  @Test
  void labelBeyondTheClassesIsRefused() throws IOException {
    Path img = write(dir.resolve("img"), idxImages(1, 1, 1));
    Path lab = write(dir.resolve("lab"), idxLabels(7));
    assertThatThrownBy(() -> IdxReader.read(img, lab, CLASSES))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("label 7");
  }

  @Test
  void headerPromisingMoreThanAnArrayHoldsIsRefused() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(0x00000803);
      out.writeInt(2);
      out.writeInt(1 << 15);
      out.writeInt(1 << 15);
    }
    Path img = write(dir.resolve("img"), bytes.toByteArray());
    Path lab = write(dir.resolve("lab"), idxLabels(0, 1));
    assertThatThrownBy(() -> IdxReader.read(img, lab, CLASSES))
        .isInstanceOf(BadInputException.class)
        .hasMessage(img + " has impossible dimensions 2x32768x32768");
  }

  @Test
  void missingFileIsNamed() {
    Path img = dir.resolve("nope");
    assertThatThrownBy(() -> IdxReader.read(img, img, CLASSES))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(img + " does not exist");
  }
}
