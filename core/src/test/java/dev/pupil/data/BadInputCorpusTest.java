package dev.pupil.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pupil.BadInputException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A corpus of broken inputs, generated here: every case is refused with one message naming the
 * file, or under {@link BadImagePolicy#SKIP} skipped and listed, never read as garbage.
 */
class BadInputCorpusTest {
  private static final List<String> CLASSES = List.of("a", "b", "c");

  @TempDir Path root;

  private FolderReadResult read(BadImagePolicy policy) {
    return ImageFolderReader.builder()
        .setRoot(root)
        .optChannels(1)
        .optSize(4, 4)
        .optOnBadImage(policy)
        .build()
        .read();
  }

  /** Bad image files, each beside one good image of its class. */
  private List<Path> badImages() throws IOException {
    Images.gray(root.resolve("a/good.png"), "png", 4, 4, 1);
    byte[] png = Files.readAllBytes(Images.gray(root.resolve("b/good.png"), "png", 8, 8, 2));
    byte[] jpg = Files.readAllBytes(Images.rgb(root.resolve("c/good.jpg"), "jpg", 8, 8, 0x808080));
    List<Path> bad = new ArrayList<>();
    bad.add(Files.write(root.resolve("a/empty.png"), new byte[0]));
    bad.add(Files.write(root.resolve("a/empty.jpg"), new byte[0]));
    bad.add(Files.write(root.resolve("b/truncated.png"), Arrays.copyOf(png, png.length / 2)));
    bad.add(Files.write(root.resolve("b/header-only.png"), Arrays.copyOf(png, 20)));
    bad.add(Files.write(root.resolve("c/truncated.jpg"), Arrays.copyOf(jpg, 40)));
    bad.add(Files.writeString(root.resolve("c/text.jpg"), "GIF89a but not really"));
    bad.add(Images.pngHeaderOnly(root.resolve("c/bomb.png"), 100_000, 100_000));
    return bad;
  }

  @Test
  void everyBadImageIsNamedUnderFail() throws IOException {
    int cases = badImages().size();
    for (int i = 0; i < cases; i++) {
      List<Path> all = badImages();
      Path bad = all.remove(i);
      for (Path other : all) {
        Files.delete(other); // one bad file at a time: the error names exactly that one
      }
      assertThatThrownBy(() -> read(BadImagePolicy.FAIL))
          .as(bad.toString())
          .isInstanceOf(BadInputException.class)
          .hasMessageStartingWith(bad.toString());
      Files.delete(bad);
    }
  }

  @Test
  void everyBadImageIsSkippedAndListedUnderSkip() throws IOException {
    List<Path> bad = badImages();
    FolderReadResult r = read(BadImagePolicy.SKIP);
    assertThat(r.skipped()).containsExactlyInAnyOrderElementsOf(bad);
    assertThat(r.images().size()).isEqualTo(3);
    assertThat(r.images().labels()).containsExactly(0, 1, 2);
  }

  @Test
  void wrongExtensionIsReadByContent() throws IOException {
    // A PNG named .jpg and a JPEG named .png decode by their content.
    Path png = Images.gray(root.resolve("a/x.png"), "png", 4, 4, 9);
    Files.move(png, root.resolve("a/really-png.jpg"));
    Path jpg = Images.rgb(root.resolve("b/x.jpg"), "jpg", 4, 4, 0xFFFFFF);
    Files.move(jpg, root.resolve("b/really-jpeg.png"));
    ImageSet set = read(BadImagePolicy.FAIL).images();
    assertThat(set.size()).isEqualTo(2);
    assertThat(set.pixel(0, 0, 0, 0) & 0xFF).isEqualTo(9);
    assertThat(set.pixel(1, 0, 0, 0) & 0xFF).isGreaterThan(240);
  }

  @Test
  void oddFileAndFolderNamesAreRead() throws IOException {
    Images.gray(root.resolve("with space/a b.png"), "png", 4, 4, 1);
    Images.gray(root.resolve("ünïcødé 猫/-leading-dash.png"), "png", 4, 4, 2);
    Images.gray(root.resolve("-dash/'quote\".png"), "png", 4, 4, 3);
    ImageSet set = read(BadImagePolicy.FAIL).images();
    assertThat(set.classes()).containsExactly("-dash", "with space", "ünïcødé 猫");
    assertThat(set.id(2)).isEqualTo("ünïcødé 猫/-leading-dash.png");
  }

  @Test
  void emptyFolderTreeIsRefused() throws IOException {
    Files.createDirectories(root.resolve("a"));
    Files.createDirectories(root.resolve("b/sub"));
    assertThatThrownBy(() -> read(BadImagePolicy.SKIP))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(root.resolve("a").toString());
  }

  @Test
  void idxWithZeroOrNegativeDimensionsOrCountIsRefused() throws IOException {
    Path lab = TestFiles.write(root.resolve("lab"), TestFiles.idxLabels(0));
    int[][] headers = {
      {1, 0, 4},
      {1, 4, 0},
      {-1, 2, 2},
      {1, -2, 2},
      {48166, 33554432, 33581160},
      {1 << 30, 1 << 30, 1}
    };
    for (int[] h : headers) {
      Path img = TestFiles.write(root.resolve("img"), idx3(h[0], h[1], h[2]));
      assertThatThrownBy(() -> IdxReader.read(img, lab, CLASSES))
          .as(Arrays.toString(h))
          .isInstanceOf(BadInputException.class)
          .hasMessageStartingWith(img.toString());
    }
  }

  @Test
  void idxImagesWithTwoDimensionsOrALabelsFileWithThreeAreRefused() throws IOException {
    Path img = TestFiles.write(root.resolve("img"), TestFiles.idxImages(1, 2, 2));
    Path lab = TestFiles.write(root.resolve("lab"), TestFiles.idxLabels(0));
    assertThatThrownBy(() -> IdxReader.read(img, img, CLASSES))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(img.toString());
    assertThatThrownBy(() -> IdxReader.read(lab, lab, CLASSES))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(lab.toString());
    Path empty = TestFiles.write(root.resolve("empty"), new byte[0]);
    assertThatThrownBy(() -> IdxReader.read(empty, lab, CLASSES))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(empty.toString());
  }

  @Test
  void cifarFilesOfWrongLengthAreRefused() throws IOException {
    for (int length : new int[] {0, 1, 3072, 3074, 3073 * 2 - 1}) {
      Path f = TestFiles.write(root.resolve("batch-" + length + ".bin"), new byte[length]);
      assertThatThrownBy(() -> CifarReader.readCifar10(List.of(f)))
          .as("length %d", length)
          .isInstanceOf(BadInputException.class)
          .hasMessageContaining(f.toString());
    }
  }

  private static byte[] idx3(int n, int h, int w) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(0x00000803);
      out.writeInt(n);
      out.writeInt(h);
      out.writeInt(w);
    }
    return bytes.toByteArray();
  }
}
