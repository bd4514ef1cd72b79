package dev.pupil.data;

import static dev.pupil.data.TestFiles.cifarRecords;
import static dev.pupil.data.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pupil.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarReaderTest {
  @TempDir Path dir;

  @Test
  void cifar10BatchesAreConcatenatedInOrder() throws IOException {
    Path a = write(dir.resolve("data_batch_1.bin"), cifarRecords(new int[][] {{3}, {9}}));
    Path b = write(dir.resolve("data_batch_2.bin"), cifarRecords(new int[][] {{0}}));
    ImageSet set = CifarReader.readCifar10(List.of(a, b));
    assertThat(set.size()).isEqualTo(3);
    assertThat(set.labels()).containsExactly(3, 9, 0);
    assertThat(set.classes()).startsWith("airplane", "automobile").endsWith("truck");
    assertThat(set.pixel(1, 0, 31, 31)).isEqualTo(1);
    assertThat(set.pixel(1, 1, 0, 0)).isEqualTo(101);
    assertThat(set.pixel(1, 2, 5, 5)).isEqualTo(201);
    assertThat(set.pixel(2, 2, 5, 5)).isEqualTo(200);
  }

  @Test
  void fileLengthNotAMultipleOfTheRecordIsNamed() throws IOException {
    byte[] two = cifarRecords(new int[][] {{1}, {2}});
    Path f = write(dir.resolve("train.bin"), Arrays.copyOf(two, two.length - 3));
    assertThatThrownBy(() -> CifarReader.readCifar10(List.of(f)))
        .isInstanceOf(BadInputException.class)
        .hasMessage(f + " has 6143 bytes, not a multiple of the 3073-byte CIFAR-10 record");
  }

  @Test
  void cifar10LabelAboveNineIsRefused() throws IOException {
    Path f = write(dir.resolve("x.bin"), cifarRecords(new int[][] {{10}}));
    assertThatThrownBy(() -> CifarReader.readCifar10(List.of(f)))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("label 10");
  }

  @Test
  void cifar100UsesFineLabelsAndNamesFromTheFileBeside() throws IOException {
    Path f = write(dir.resolve("train.bin"), cifarRecords(new int[][] {{1, 42}, {19, 99}}));
    String names =
        IntStream.range(0, 100).mapToObj(i -> "fine" + i).collect(Collectors.joining("\n"));
    Files.writeString(dir.resolve("fine_label_names.txt"), names + "\n");
    ImageSet fine = CifarReader.readCifar100(List.of(f));
    assertThat(fine.labels()).containsExactly(42, 99);
    assertThat(fine.classes()).hasSize(100).startsWith("fine0");
    ImageSet coarse = CifarReader.readCifar100(List.of(f), CifarReader.Cifar100Label.COARSE);
    assertThat(coarse.labels()).containsExactly(1, 19);
    assertThat(coarse.classes()).hasSize(20).startsWith("class-0");
  }

  @Test
  void cifar100RecordIsThreeThousandSeventyFourBytes() throws IOException {
    Path f = write(dir.resolve("train.bin"), cifarRecords(new int[][] {{1}}));
    assertThatThrownBy(() -> CifarReader.readCifar100(List.of(f)))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("3074-byte CIFAR-100 record");
  }

  @Test
  void missingFileIsNamed() {
    Path f = dir.resolve("data_batch_9.bin");
    assertThatThrownBy(() -> CifarReader.readCifar10(List.of(f)))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(f.toString());
  }
}
