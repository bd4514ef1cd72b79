package dev.pupil.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class BufferedImagesTest {
  @Test
  void rgbImageBecomesChannelPlanes() {
    BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
    img.setRGB(0, 0, 0x102030);
    img.setRGB(1, 0, 0x405060);
    assertThat(BufferedImages.toChw(img, 3)).containsExactly(0x10, 0x40, 0x20, 0x50, 0x30, 0x60);
  }

  @Test
  void grayValuesSurviveWithoutGammaShift() throws IOException {
    BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
    img.getRaster().setSample(0, 0, 0, 128);
    img.getRaster().setSample(1, 0, 0, 7);
    BufferedImage png = roundTrip(img, "png");
    assertThat(BufferedImages.isGray(png)).isTrue();
    assertThat(BufferedImages.toChw(png, 1)).containsExactly((byte) 128, 7);
    assertThat(BufferedImages.toChw(png, 3))
        .containsExactly((byte) 128, 7, (byte) 128, 7, (byte) 128, 7);
  }

  @Test
  void sixteenBitGrayKeepsTheHighByte() {
    BufferedImage img = new BufferedImage(1, 1, BufferedImage.TYPE_USHORT_GRAY);
    img.getRaster().setSample(0, 0, 0, 0xAB12);
    assertThat(BufferedImages.toChw(img, 1)).containsExactly((byte) 0xAB);
  }

  @Test
  void alphaIsDropped() {
    BufferedImage img = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
    img.setRGB(0, 0, 0x00FF8040);
    assertThat(BufferedImages.toChw(img, 3)).containsExactly((byte) 0xFF, (byte) 0x80, 0x40);
  }

  @Test
  void indexedImageIsLookedUpInItsPalette() {
    byte[] r = {0, (byte) 200};
    byte[] g = {0, 100};
    byte[] b = {0, 50};
    IndexColorModel cm = new IndexColorModel(1, 2, r, g, b);
    BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_BINARY, cm);
    img.getRaster().setSample(1, 0, 0, 1);
    assertThat(BufferedImages.isGray(img)).isFalse();
    assertThat(BufferedImages.toChw(img, 3)).containsExactly(0, (byte) 200, 0, 100, 0, 50);
  }

  @Test
  void colourToGrayUsesLuma() {
    BufferedImage img = new BufferedImage(1, 1, BufferedImage.TYPE_3BYTE_BGR);
    img.setRGB(0, 0, 0xFF0000);
    assertThat(BufferedImages.toChw(img, 1)).containsExactly((byte) 76);
  }

  private static BufferedImage roundTrip(BufferedImage img, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, format, out);
    return ImageIO.read(new ByteArrayInputStream(out.toByteArray()));
  }
}
