package dev.pupil.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pupil.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Jazzer fuzz tests of the IDX and CIFAR-binary readers: any bytes either read as images or are
 * refused with a {@link BadInputException}; any other exception, an {@link OutOfMemoryError} or a
 * hang is a finding. {@code mvn test} runs the seeds under {@code DataFileFuzzTestInputs/}; {@code
 * bench/fuzz} fuzzes for a set time.
 */
class DataFileFuzzTest {
  private static final List<String> CLASSES =
      List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
  private static final Path DIR = tempDir();

  /** The first byte says where the images file ends and the labels file begins. */
  @FuzzTest(maxDuration = "10m")
  void idx(byte[] data) throws IOException {
    int cut = data.length < 2 ? data.length : 1 + (data[0] & 0xFF) * (data.length - 1) / 255;
    Path images =
        Files.write(DIR.resolve("images"), Arrays.copyOfRange(data, Math.min(1, data.length), cut));
    Path labels = Files.write(DIR.resolve("labels"), Arrays.copyOfRange(data, cut, data.length));
    try {
      ImageSet set = IdxReader.read(images, labels, CLASSES);
      if (set.size() < 0 || set.pixelsView().length != set.size() * set.height() * set.width()) {
        throw new IllegalStateException("inconsistent image set");
      }
    } catch (BadInputException expected) {
      // refused with a message
    }
  }

  /** Whole input as one CIFAR-10 batch and as one CIFAR-100 file. */
  @FuzzTest(maxDuration = "10m")
  void cifar(byte[] data) throws IOException {
    Path file = Files.write(DIR.resolve("data_batch_1.bin"), data);
    try {
      ImageSet set = CifarReader.readCifar10(List.of(file));
      if (set.size() * 3073L != data.length) {
        throw new IllegalStateException(set.size() + " records from " + data.length + " bytes");
      }
    } catch (BadInputException expected) {
      // refused with a message
    }
    try {
      CifarReader.readCifar100(List.of(file));
    } catch (BadInputException expected) {
      // refused with a message
    }
  }

  private static Path tempDir() {
    try {
      Path d = Files.createTempDirectory("pupil-fuzz");
      d.toFile().deleteOnExit();
      return d;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
