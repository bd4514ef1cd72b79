package dev.pupil.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResizeTest {
  private static byte[] bytes(int... v) {
    byte[] b = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = (byte) v[i];
    }
    return b;
  }

  @Test
  void upscalingTwoPixelsUsesHalfPixelCentres() {
    // torch.nn.functional.interpolate([[0, 100]], size=4, mode="linear", align_corners=False)
    // gives 0, 25, 75, 100.
    byte[] out = Resize.bilinear(bytes(0, 100), 1, 1, 2, 1, 4);
    assertThat(out).containsExactly(bytes(0, 25, 75, 100));
  }

  @Test
  void downscalingByTwoAveragesPairs() {
    byte[] src = bytes(10, 20, 30, 40, 50, 60, 70, 80);
    byte[] out = Resize.bilinear(src, 1, 2, 4, 1, 2);
    // Sample points fall midway between pixels in both axes.
    assertThat(out).containsExactly(bytes(35, 55));
  }

  @Test
  void floatPlanesUseTheSameHalfPixelSampling() {
    // interpolate([[1, 3], [5, 7]], size=(4, 4), mode="bilinear", align_corners=False), first row:
    // 1, 1.5, 2.5, 3; second row: 2, 2.5, 3.5, 4.
    float[] out = Resize.bilinear(new float[] {1, 3, 5, 7}, 2, 2, 4, 4);
    assertThat(out).hasSize(16);
    assertThat(java.util.Arrays.copyOfRange(out, 0, 8))
        .containsExactly(1f, 1.5f, 2.5f, 3f, 2f, 2.5f, 3.5f, 4f);
  }

  @Test
  void sameSizeIsACopy() {
    byte[] src = bytes(1, 2, 3, 4, 5, 6);
    byte[] out = Resize.bilinear(src, 3, 1, 2, 1, 2);
    assertThat(out).containsExactly(src).isNotSameAs(src);
  }

  @Test
  void channelsAreResizedIndependently() {
    byte[] src = bytes(0, 0, 0, 0, 200, 200, 200, 200);
    byte[] out = Resize.bilinear(src, 2, 2, 2, 3, 3);
    assertThat(out).hasSize(18);
    for (int i = 0; i < 9; i++) {
      assertThat(out[i]).isEqualTo((byte) 0);
      assertThat(out[9 + i] & 0xFF).isEqualTo(200);
    }
  }

  @Test
  void extremeValuesStayInByteRange() {
    byte[] src = bytes(255, 0, 0, 255);
    byte[] out = Resize.bilinear(src, 1, 2, 2, 5, 7);
    for (byte b : out) {
      assertThat(b & 0xFF).isBetween(0, 255);
    }
    assertThat(out[0] & 0xFF).isEqualTo(255);
  }

  @Test
  void nonPositiveSizeIsRefused() {
    assertThatThrownBy(() -> Resize.bilinear(new byte[4], 1, 2, 2, 0, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
  }
}
