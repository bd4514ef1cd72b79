package dev.pupil.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ColorConvertTest {
  @Test
  void rgbToGrayIsRoundedBt601Luma() {
    // BT.601 in Pillow's fixed point: (19595 R + 38470 G + 7471 B + 32768) >> 16.
    // red 76, green 150, blue 29, white 255, (10, 200, 90) -> 130.65 -> 131.
    int[] planes = {255, 0, 0, 255, 10, 0, 255, 0, 255, 200, 0, 0, 255, 255, 90};
    byte[] rgb = new byte[planes.length];
    for (int i = 0; i < planes.length; i++) {
      rgb[i] = (byte) planes[i];
    }
    byte[] gray = ColorConvert.rgbToGray(rgb, 1, 5);
    int[] values = new int[gray.length];
    for (int i = 0; i < gray.length; i++) {
      values[i] = gray[i] & 0xFF;
    }
    assertThat(values).containsExactly(76, 150, 29, 255, 131);
  }

  @Test
  void grayToRgbRepeatsThePlane() {
    byte[] gray = {1, 2, 3, 4};
    assertThat(ColorConvert.grayToRgb(gray, 2, 2))
        .containsExactly(1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4);
  }

  @Test
  void grayRoundTripsThroughRgb() {
    byte[] gray = {0, 17, (byte) 128, (byte) 255};
    byte[] back = ColorConvert.rgbToGray(ColorConvert.grayToRgb(gray, 1, 4), 1, 4);
    assertThat(back).containsExactly(gray);
  }
}
