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

class ImageFolderReaderTest {
  @TempDir Path root;

  private FolderReadResult read(int channels, BadImagePolicy policy) {
    return ImageFolderReader.builder()
        .setRoot(root)
        .optChannels(channels)
        .optOnBadImage(policy)
        .build()
        .read();
  }

  @Test
  void readsEveryFormatIntoSortedClasses() throws IOException {
    Images.rgb(root.resolve("zebra/a.png"), "png", 4, 4, 0xFF0000);
    Images.rgb(root.resolve("zebra/b.BMP"), "bmp", 4, 4, 0x00FF00);
    Images.rgb(root.resolve("cat/sub/c.gif"), "gif", 4, 4, 0x0000FF);
    Images.rgb(root.resolve("cat/d.jpg"), "jpg", 4, 4, 0x808080);
    Images.rgb(root.resolve("cat/e.JPEG"), "jpeg", 4, 4, 0x808080);
    ImageSet set = read(3, BadImagePolicy.FAIL).images();
    assertThat(set.classes()).containsExactly("cat", "zebra");
    assertThat(set.size()).isEqualTo(5);
    assertThat(List.of(set.id(0), set.id(1), set.id(2), set.id(3), set.id(4)))
        .containsExactly("cat/d.jpg", "cat/e.JPEG", "cat/sub/c.gif", "zebra/a.png", "zebra/b.BMP");
    assertThat(set.labels()).containsExactly(0, 0, 0, 1, 1);
    assertThat(set.pixel(2, 2, 0, 0)).isEqualTo(255);
    assertThat(set.pixel(3, 0, 3, 3)).isEqualTo(255);
    assertThat(set.pixel(4, 1, 1, 1)).isEqualTo(255);
    assertThat(set.pixel(0, 1, 2, 2)).isBetween(126, 130);
  }

  @Test
  void grayImagesBecomeRgbWhenThreeChannelsAreAsked() throws IOException {
    Images.gray(root.resolve("a/x.png"), "png", 2, 3, 77);
    ImageSet set = read(3, BadImagePolicy.FAIL).images();
    assertThat(set.channels()).isEqualTo(3);
    for (int c = 0; c < 3; c++) {
      assertThat(set.pixel(0, c, 1, 2)).isEqualTo(77);
    }
  }

  @Test
  void rgbImagesBecomeLumaWhenOneChannelIsAsked() throws IOException {
    Images.rgb(root.resolve("a/x.png"), "png", 2, 2, 0x00FF00);
    ImageSet set = read(1, BadImagePolicy.FAIL).images();
    assertThat(set.channels()).isEqualTo(1);
    assertThat(set.pixel(0, 0, 0, 0)).isEqualTo(150);
  }

  @Test
  void uniformImagesKeepTheirShapeWithoutAWarning() throws IOException {
    Images.gray(root.resolve("a/1.png"), "png", 3, 5, 10);
    Images.gray(root.resolve("b/2.png"), "png", 3, 5, 200);
    FolderReadResult r = read(0, BadImagePolicy.FAIL);
    assertThat(r.images().channels()).isEqualTo(1);
    assertThat(r.images().height()).isEqualTo(3);
    assertThat(r.images().width()).isEqualTo(5);
    assertThat(r.shape().uniform()).isTrue();
    assertThat(r.shape().warning()).isNull();
  }

  @Test
  void theMostCommonSizeIsChosenNotTheFirstFiles() throws IOException {
    Images.gray(root.resolve("a/1.png"), "png", 48, 64, 10);
    Images.gray(root.resolve("a/2.png"), "png", 28, 28, 20);
    Images.gray(root.resolve("b/3.png"), "png", 28, 28, 30);
    FolderReadResult r = read(0, BadImagePolicy.FAIL);
    assertThat(r.images().height()).isEqualTo(28);
    assertThat(r.images().width()).isEqualTo(28);
    assertThat(r.images().pixel(0, 0, 27, 27)).isEqualTo(10);
    assertThat(r.shape().resized()).isEqualTo(1);
    assertThat(r.shape().converted()).isZero();
    assertThat(r.shape().warning())
        .contains(root.toString(), "28x28x1", "1 of 3 images are not 28x28", "set imageSize HxW")
        .doesNotContain("channels 1|3");
    assertThat(r.shape().warning(f -> "<" + f + ">")).contains("set <imageSize> HxW");
  }

  @Test
  void rgbIsChosenWhenAnyImageIsColour() throws IOException {
    Images.gray(root.resolve("a/1.png"), "png", 4, 4, 77);
    Images.gray(root.resolve("a/2.png"), "png", 4, 4, 77);
    Images.rgb(root.resolve("b/3.png"), "png", 4, 4, 0xFF0000);
    FolderReadResult r = read(0, BadImagePolicy.FAIL);
    assertThat(r.images().channels()).isEqualTo(3);
    assertThat(r.images().pixel(0, 2, 1, 1)).isEqualTo(77);
    assertThat(r.images().pixel(2, 0, 1, 1)).isEqualTo(255);
    assertThat(r.shape().converted()).isEqualTo(2);
    assertThat(r.shape().resized()).isZero();
    assertThat(r.shape().warning())
        .contains("4x4x3", "2 of 3 images are gray", "set channels 1|3")
        .doesNotContain("imageSize");
    assertThat(r.shape().warning(f -> "<" + f + ">")).contains("set <channels> 1|3");
  }

  @Test
  void givenChannelsAndSizeAreKeptWithoutAWarning() throws IOException {
    Images.gray(root.resolve("a/1.png"), "png", 3, 5, 10);
    Images.rgb(root.resolve("b/2.png"), "png", 6, 10, 0xFFFFFF);
    FolderReadResult r =
        ImageFolderReader.builder().setRoot(root).optChannels(1).optSize(3, 5).build().read();
    assertThat(r.images().channels()).isEqualTo(1);
    assertThat(r.shape().uniform()).isTrue();
    assertThat(r.images().pixel(1, 0, 2, 4)).isEqualTo(255);
  }

  @Test
  void imagesAreResizedToTheRequestedSize() throws IOException {
    Images.gray(root.resolve("a/1.png"), "png", 3, 5, 40);
    Images.gray(root.resolve("a/2.png"), "png", 20, 8, 90);
    ImageSet set = ImageFolderReader.builder().setRoot(root).optSize(4, 6).build().read().images();
    assertThat(set.height()).isEqualTo(4);
    assertThat(set.width()).isEqualTo(6);
    assertThat(set.pixel(0, 0, 3, 5)).isEqualTo(40);
    assertThat(set.pixel(1, 0, 0, 0)).isEqualTo(90);
  }

  @Test
  void hiddenEntriesAndOtherExtensionsAreIgnored() throws IOException {
    Images.gray(root.resolve("a/1.png"), "png", 2, 2, 1);
    Images.gray(root.resolve("a/.2.png"), "png", 2, 2, 2);
    Images.gray(root.resolve("a/.cache/3.png"), "png", 2, 2, 3);
    Images.gray(root.resolve(".hidden/4.png"), "png", 2, 2, 4);
    Files.writeString(root.resolve("a/notes.txt"), "not an image");
    ImageSet set = read(1, BadImagePolicy.FAIL).images();
    assertThat(set.classes()).containsExactly("a");
    assertThat(set.size()).isEqualTo(1);
  }

  @Test
  void emptyClassFolderIsNamedInTheError() throws IOException {
    Images.gray(root.resolve("a/1.png"), "png", 2, 2, 1);
    Files.createDirectories(root.resolve("b"));
    Files.writeString(root.resolve("b/readme.txt"), "x");
    assertThatThrownBy(() -> read(1, BadImagePolicy.FAIL))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("class folder " + root.resolve("b"))
        .hasMessageContaining("holds no images");
  }

  @Test
  void missingRootAndRootWithoutClassFoldersAreRefused() throws IOException {
    Path missing = root.resolve("nope");
    assertThatThrownBy(() -> ImageFolderReader.builder().setRoot(missing).build().read())
        .isInstanceOf(BadInputException.class)
        .hasMessage(missing + " does not exist");
    Images.gray(root.resolve("loose.png"), "png", 2, 2, 1);
    assertThatThrownBy(() -> read(1, BadImagePolicy.FAIL))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("has no class subfolders");
  }

  @Test
  void nonImageFileIsNamedUnderFail() throws IOException {
    Images.gray(root.resolve("a/1.png"), "png", 2, 2, 1);
    Path fake = Files.writeString(root.resolve("a/2.png"), "this is text");
    assertThatThrownBy(() -> read(1, BadImagePolicy.FAIL))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(fake.toString());
  }

  @Test
  void nonImageFileIsSkippedAndListedUnderSkip() throws IOException {
    Images.gray(root.resolve("a/1.png"), "png", 2, 2, 1);
    Path fake = Files.writeString(root.resolve("a/2.png"), "this is text");
    Images.gray(root.resolve("b/3.png"), "png", 2, 2, 3);
    FolderReadResult r = read(1, BadImagePolicy.SKIP);
    assertThat(r.skipped()).containsExactly(fake);
    assertThat(r.skippedCount()).isEqualTo(1);
    assertThat(r.images().size()).isEqualTo(2);
    assertThat(r.images().labels()).containsExactly(0, 1);
    assertThat(r.images().id(1)).isEqualTo("b/3.png");
  }

  @Test
  void hugeHeaderIsRefusedBeforeDecoding() throws IOException {
    Path bomb = Images.pngHeaderOnly(root.resolve("a/bomb.png"), 100_000, 100_000);
    assertThatThrownBy(() -> read(1, BadImagePolicy.FAIL))
        .isInstanceOf(BadInputException.class)
        .hasMessage(bomb + " is 100000x100000 pixels, more than the 8192x8192 limit");
  }

  @Test
  void symlinkLoopIsNotFollowedForever() throws IOException {
    Images.gray(root.resolve("a/1.png"), "png", 2, 2, 1);
    Files.createSymbolicLink(root.resolve("a/loop"), root.resolve("a"));
    Images.gray(root.resolve("elsewhere/2.png"), "png", 2, 2, 2);
    Files.createSymbolicLink(root.resolve("a/linked"), root.resolve("elsewhere"));
    ImageSet set = read(1, BadImagePolicy.FAIL).images();
    assertThat(set.size()).isEqualTo(3);
    assertThat(List.of(set.id(0), set.id(1), set.id(2)))
        .containsExactly("a/1.png", "a/linked/2.png", "elsewhere/2.png");
  }

  @Test
  void builderNamesTheBadOption() {
    assertThatThrownBy(() -> ImageFolderReader.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("root");
    assertThatThrownBy(() -> ImageFolderReader.builder().setRoot(root).optChannels(2).build())
        .hasMessage("channels must be 1 or 3, got 2");
    assertThatThrownBy(() -> ImageFolderReader.builder().setRoot(root).optSize(0, 4).build())
        .hasMessageContaining("size");
  }
}
