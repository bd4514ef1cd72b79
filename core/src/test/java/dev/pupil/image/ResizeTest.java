package dev.pupil.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
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
    assertThat(Arrays.copyOfRange(out, 0, 8))
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
  void extremeValuesNeitherWrapNorDriftFromTheHalfPixelReference() {
    // A byte that overflowed (255 + rounding -> 256 -> 0) would show up as 0 in a white image.
    byte[] white = bytes(255, 255, 255, 255, 255, 255);
    for (int size : new int[] {1, 2, 3, 5, 7, 11}) {
      for (byte b : Resize.bilinear(white, 1, 2, 3, size, size + 2)) {
        assertThat(b & 0xFF).as("white resized to %d", size).isEqualTo(255);
      }
    }
    byte[] src = bytes(255, 0, 0, 255);
    int outH = 5;
    int outW = 7;
    byte[] out = Resize.bilinear(src, 1, 2, 2, outH, outW);
    for (int y = 0; y < outH; y++) {
      for (int x = 0; x < outW; x++) {
        double expected = reference(new double[] {255, 0, 0, 255}, 2, 2, outH, outW, y, x);
        assertThat((double) (out[y * outW + x] & 0xFF))
            .as("pixel %d,%d", y, x)
            .isCloseTo(expected, within(0.51));
      }
    }
    assertThat(out[0] & 0xFF).isEqualTo(255);
    assertThat(out[outW - 1] & 0xFF).isEqualTo(0);
  }

  /**
   * PyTorch's interpolate(mode="bilinear", align_corners=False) at one output pixel, in doubles.
   */
  private static double reference(double[] src, int h, int w, int outH, int outW, int y, int x) {
    double sy = Math.max(0, (y + 0.5) * h / outH - 0.5);
    double sx = Math.max(0, (x + 0.5) * w / outW - 0.5);
    int y0 = Math.min((int) sy, h - 1);
    int x0 = Math.min((int) sx, w - 1);
    int y1 = Math.min(y0 + 1, h - 1);
    int x1 = Math.min(x0 + 1, w - 1);
    double fy = sy - y0;
    double fx = sx - x0;
    double top = src[y0 * w + x0] * (1 - fx) + src[y0 * w + x1] * fx;
    double bottom = src[y1 * w + x0] * (1 - fx) + src[y1 * w + x1] * fx;
    return top * (1 - fy) + bottom * fy;
  }

  @Test
  void nonPositiveSizeIsRefused() {
    assertThatThrownBy(() -> Resize.bilinear(new byte[4], 1, 2, 2, 0, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
  }
}
