package dev.pupil.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ColorKernelsTest {
  private static byte[] noise(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void enhanceFactorOneIsTheIdentity() {
    byte[] img = noise(3 * 6 * 5, 1);
    assertThat(ColorEnhance.brightness(img, 3, 6, 5, 1f)).isEqualTo(img);
    assertThat(ColorEnhance.contrast(img, 3, 6, 5, 1f)).isEqualTo(img);
    assertThat(ColorEnhance.saturation(img, 3, 6, 5, 1f)).isEqualTo(img);
    assertThat(ColorEnhance.sharpness(img, 3, 6, 5, 1f)).isEqualTo(img);
  }

  @Test
  void brightnessScalesAndTruncates() {
    byte[] img = {0, 10, (byte) 100, (byte) 200};
    assertThat(ColorEnhance.brightness(img, 1, 2, 2, 1.5f))
        .containsExactly(0, 15, (byte) 150, (byte) 255);
    assertThat(ColorEnhance.brightness(img, 1, 2, 2, 0.25f)).containsExactly(0, 2, 25, 50);
  }

  @Test
  void zeroContrastIsTheMeanGrey() {
    byte[] img = {0, 10, 20, 50}; // mean 20
    assertThat(ColorEnhance.contrast(img, 1, 2, 2, 0f)).containsExactly(20, 20, 20, 20);
    // factor 2: 2v − 20, clamped
    assertThat(ColorEnhance.contrast(img, 1, 2, 2, 2f)).containsExactly(0, 0, 20, 80);
  }

  @Test
  void zeroSaturationMakesEveryChannelTheGrey() {
    byte[] img = {(byte) 255, 0, 0, (byte) 255, 0, 0}; // 1×2 red, green, blue planes
    byte[] out = ColorEnhance.saturation(img, 3, 1, 2, 0f);
    // grey of pure red = trunc(0.2989 * 255) = 76; of pure green = trunc(0.587 * 255) = 149
    assertThat(out).containsExactly(76, (byte) 149, 76, (byte) 149, 76, (byte) 149);
    byte[] gray = {1, 2};
    assertThat(ColorEnhance.saturation(gray, 1, 1, 2, 0f)).isEqualTo(gray);
  }

  @Test
  void sharpnessZeroBlursTheInteriorAndKeepsTheBorder() {
    byte[] img = new byte[9];
    img[4] = (byte) 130; // centre of 3×3
    byte[] out = ColorEnhance.sharpness(img, 1, 3, 3, 0f);
    assertThat(out).containsExactly(0, 0, 0, 0, 50, 0, 0, 0, 0); // 5·130/13 = 50
  }

  @Test
  void posterizeKeepsHighBits() {
    byte[] img = {(byte) 255, 100, 7};
    assertThat(ColorLevels.posterize(img, 1, 1, 3, 8)).isEqualTo(img);
    assertThat(ColorLevels.posterize(img, 1, 1, 3, 1)).containsExactly((byte) 128, 0, 0);
    assertThat(ColorLevels.posterize(img, 1, 1, 3, 4)).containsExactly((byte) 240, 96, 0);
  }

  @Test
  void solarizeInvertsAtOrAboveTheThreshold() {
    byte[] img = {0, (byte) 128, (byte) 200};
    assertThat(ColorLevels.solarize(img, 1, 1, 3, 128f)).containsExactly(0, 127, 55);
    assertThat(ColorLevels.solarize(img, 1, 1, 3, 256f)).isEqualTo(img);
  }

  @Test
  void invertingTwiceIsTheIdentity() {
    byte[] img = noise(20, 3);
    assertThat(ColorLevels.invert(ColorLevels.invert(img, 1, 4, 5), 1, 4, 5)).isEqualTo(img);
    assertThat(ColorLevels.invert(new byte[] {0, 5}, 1, 1, 2))
        .containsExactly((byte) 255, (byte) 250);
  }

  @Test
  void addSaturatesAtBothEnds() {
    byte[] img = {0, 100, (byte) 250};
    assertThat(ColorLevels.add(img, 1, 1, 3, 10)).containsExactly(10, 110, (byte) 255);
    assertThat(ColorLevels.add(img, 1, 1, 3, -20)).containsExactly(0, 80, (byte) 230);
  }

  @Test
  void autocontrastStretchesEachChannelAndLeavesConstantOnes() {
    byte[] img = {50, 100, (byte) 150, 9, 9, 9};
    assertThat(ColorLevels.autocontrast(img, 2, 1, 3))
        .containsExactly(0, (byte) 127, (byte) 255, 9, 9, 9);
  }

  @Test
  void equalizeMatchesPilOnAKnownHistogram() {
    // Levels 10 ×1, 20 ×1, 30 ×2 (4 pixels); last non-empty level 30, step = (4 − 2) / 255 = 0
    byte[] flat = {10, 20, 30, 30};
    assertThat(ColorLevels.equalize(flat, 1, 2, 2)).isEqualTo(flat);
    // 512 pixels: 256 of level 0, 256 of level 1; step = 256 / 255 = 1 → lut[0] = 0,
    // lut[1] = (256 + 0) / 1 → clamped 255
    byte[] two = new byte[512];
    for (int i = 256; i < 512; i++) {
      two[i] = 1;
    }
    byte[] out = ColorLevels.equalize(two, 1, 16, 32);
    assertThat(out[0]).isEqualTo((byte) 0);
    assertThat(out[511] & 0xFF).isEqualTo(255);
  }
}
