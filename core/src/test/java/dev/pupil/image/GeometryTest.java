package dev.pupil.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GeometryTest {
  /** A 2×3×4 image whose bytes are 0..23. */
  private static byte[] ramp(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) i;
    }
    return b;
  }

  @Test
  void flippingTwiceIsTheIdentity() {
    byte[] img = ramp(24);
    assertThat(Geometry.flipHorizontal(Geometry.flipHorizontal(img, 2, 3, 4), 2, 3, 4))
        .isEqualTo(img);
    assertThat(Geometry.flipVertical(Geometry.flipVertical(img, 2, 3, 4), 2, 3, 4)).isEqualTo(img);
  }

  @Test
  void horizontalFlipMirrorsEachRow() {
    byte[] img = ramp(6); // 1×2×3: rows 0 1 2 / 3 4 5
    assertThat(Geometry.flipHorizontal(img, 1, 2, 3)).containsExactly(2, 1, 0, 5, 4, 3);
    assertThat(Geometry.flipVertical(img, 1, 2, 3)).containsExactly(3, 4, 5, 0, 1, 2);
  }

  @Test
  void fourQuarterTurnsAreTheIdentity() {
    byte[] img = ramp(24);
    byte[] a = Geometry.rotate90(img, 2, 3, 4, 1); // now 4×3
    byte[] b = Geometry.rotate90(a, 2, 4, 3, 1);
    byte[] c = Geometry.rotate90(b, 2, 3, 4, 1);
    byte[] d = Geometry.rotate90(c, 2, 4, 3, 1);
    assertThat(d).isEqualTo(img);
    assertThat(b).isEqualTo(Geometry.rotate90(img, 2, 3, 4, 2));
    assertThat(Geometry.rotate90(img, 2, 3, 4, -1)).isEqualTo(Geometry.rotate90(img, 2, 3, 4, 3));
  }

  @Test
  void quarterTurnIsCounterClockwiseAsTorchRot90() {
    // 0 1 2 / 3 4 5 turned counter-clockwise: 2 5 / 1 4 / 0 3
    assertThat(Geometry.rotate90(ramp(6), 1, 2, 3, 1)).containsExactly(2, 5, 1, 4, 0, 3);
  }

  @Test
  void cropOutsideTheImageReadsThePadding() {
    byte[] img = ramp(4); // 2×2: 0 1 / 2 3
    assertThat(Geometry.crop(img, 1, 2, 2, -1, -1, 2, 2, 9)).containsExactly(9, 9, 9, 0);
    assertThat(Geometry.crop(img, 1, 2, 2, 1, 0, 2, 2, 7)).containsExactly(2, 3, 7, 7);
    assertThat(Geometry.crop(img, 1, 2, 2, 0, 0, 2, 2, 0)).isEqualTo(img);
  }

  @Test
  void eraseFillsTheRectangleClippedAtTheBorder() {
    byte[] img = ramp(9); // 3×3
    assertThat(Geometry.erase(img, 1, 3, 3, -1, 2, 2, 5, new int[] {200}))
        .containsExactly(0, 1, (byte) 200, 3, 4, 5, 6, 7, 8);
  }

  @Test
  void resizedCropOfTheWholeImageAtItsSizeIsTheIdentity() {
    byte[] img = ramp(24);
    assertThat(Geometry.resizedCrop(img, 2, 3, 4, 0, 0, 3, 4, 3, 4)).isEqualTo(img);
    // The right half, 2 columns, stretched to 4: 2 2.25.. bilinear with half-pixel centres.
    byte[] row = {0, 10, 20, 30};
    assertThat(Geometry.resizedCrop(row, 1, 1, 4, 0, 2, 1, 2, 1, 4))
        .containsExactly(20, 23, 28, 30);
  }
}
