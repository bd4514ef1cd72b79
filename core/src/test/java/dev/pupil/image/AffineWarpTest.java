package dev.pupil.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.pupil.image.AffineWarp.Interpolation;
import org.junit.jupiter.api.Test;

class AffineWarpTest {
  private static byte[] ramp(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 7);
    }
    return b;
  }

  @Test
  void identicalPointPairsGiveTheIdentity() {
    double[] pts = {0, 0, 4, 1, 1, 3};
    double[] m = AffineWarp.fromPoints(pts, pts);
    assertThat(m).containsExactly(new double[] {1, 0, 0, 0, 1, 0}, within(1e-12));
    byte[] img = ramp(30);
    for (Interpolation i : Interpolation.values()) {
      assertThat(AffineWarp.warp(img, 2, 3, 5, m, i, 0)).isEqualTo(img);
    }
  }

  @Test
  void knownThreePointAffineMapsAKnownPixel() {
    // Scale x by 2 then shift by (1, 2): (0,0)->(1,2), (1,0)->(3,2), (0,1)->(1,3).
    double[] m =
        AffineWarp.fromPoints(new double[] {0, 0, 1, 0, 0, 1}, new double[] {1, 2, 3, 2, 1, 3});
    assertThat(m).containsExactly(new double[] {2, 0, 1, 0, 1, 2}, within(1e-12));
    byte[] img = new byte[25];
    img[1 * 5 + 1] = (byte) 200; // pixel (x=1, y=1)
    byte[] out = AffineWarp.warp(img, 1, 5, 5, m, Interpolation.NEAREST, 0);
    assertThat(out[3 * 5 + 3] & 0xFF).isEqualTo(200); // lands on (x=3, y=3)
    int lit = 0;
    for (byte b : out) {
      lit += b != 0 ? 1 : 0;
    }
    assertThat(lit).isEqualTo(1);
    // Bilinear halfway between columns: (x=2, y=3) reads source x=0.5 → half of 200.
    byte[] bil = AffineWarp.warp(img, 1, 5, 5, m, Interpolation.BILINEAR, 0);
    assertThat(bil[3 * 5 + 2] & 0xFF).isEqualTo(100);
  }

  @Test
  void uncoveredPixelsGetTheFill() {
    double[] shift = {1, 0, 2, 0, 1, 0};
    byte[] out = AffineWarp.warp(ramp(4), 1, 1, 4, shift, Interpolation.NEAREST, 99);
    assertThat(out).containsExactly(99, 99, 0, 7);
  }

  @Test
  void collinearPointsAreRejected() {
    assertThatThrownBy(() -> AffineWarp.fromPoints(new double[] {0, 0, 1, 1, 2, 2}, new double[6]))
        .hasMessageContaining("collinear");
  }

  @Test
  void inverseUndoesTheMatrix() {
    double[] m = {0.8, -0.3, 2, 0.4, 1.1, -1};
    double[] back = AffineWarp.invert(AffineWarp.invert(m));
    assertThat(back).containsExactly(m, within(1e-12));
  }

  @Test
  void rotatingByNinetyDegreesEqualsAQuarterTurn() {
    byte[] img = ramp(3 * 5 * 5);
    assertThat(AffineWarp.rotate(img, 3, 5, 5, 90, Interpolation.NEAREST, 0))
        .isEqualTo(Geometry.rotate90(img, 3, 5, 5, 1));
    assertThat(AffineWarp.rotate(img, 3, 5, 5, 0, Interpolation.BILINEAR, 0)).isEqualTo(img);
  }
}
