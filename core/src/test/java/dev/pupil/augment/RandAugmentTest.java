package dev.pupil.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RandAugmentTest {
  private static final ImageShape RGB = new ImageShape(3, 8, 8);

  private static byte[] noise(ImageShape s, long seed) {
    byte[] b = new byte[s.bytes()];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void theSpaceIsTorchvisionsFourteenOpsWithIdentity() {
    assertThat(RandAugmentOp.values()).hasSize(14).contains(RandAugmentOp.IDENTITY);
    assertThat(RandAugmentOp.BINS).isEqualTo(31);
  }

  @Test
  void magnitudeZeroIsTheIdentityWhereThePaperSaysSo() {
    byte[] img = noise(RGB, 5);
    EnumSet<RandAugmentOp> identityAtZero = EnumSet.allOf(RandAugmentOp.class);
    identityAtZero.removeAll(
        EnumSet.of(RandAugmentOp.AUTOCONTRAST, RandAugmentOp.EQUALIZE, RandAugmentOp.SOLARIZE));
    for (RandAugmentOp op : identityAtZero) {
      double v = op.value(0, RGB);
      assertThat(op.apply(img, RGB, v, 0)).as(op.name()).isEqualTo(img);
      if (op.signed()) {
        assertThat(op.apply(img, RGB, -v, 0)).as(op.name() + " negated").isEqualTo(img);
      }
    }
  }

  @Test
  void solarizeAtMagnitudeZeroOnlyInvertsWhiteAsTorchvision() {
    // torchvision's threshold at bin 0 is 255 and it inverts v >= threshold, so 255 becomes 0.
    ImageShape g = new ImageShape(1, 1, 3);
    byte[] img = {0, (byte) 254, (byte) 255};
    double v = RandAugmentOp.SOLARIZE.value(0, g);
    assertThat(RandAugmentOp.SOLARIZE.apply(img, g, v, 0)).containsExactly(0, (byte) 254, 0);
  }

  @Test
  void valuesAtMagnitudeNineMatchTorchvision() {
    ImageShape s = new ImageShape(3, 32, 32);
    assertThat(RandAugmentOp.ROTATE.value(9, s)).isCloseTo(9.0, within(1e-5));
    assertThat(RandAugmentOp.SHEAR_X.value(9, s)).isCloseTo(0.09, within(1e-6));
    assertThat(RandAugmentOp.BRIGHTNESS.value(9, s)).isCloseTo(0.27, within(1e-6));
    assertThat(RandAugmentOp.POSTERIZE.value(9, s)).isEqualTo(7.0);
    assertThat(RandAugmentOp.POSTERIZE.value(30, s)).isEqualTo(4.0);
    assertThat(RandAugmentOp.SOLARIZE.value(9, s)).isCloseTo(178.5, within(1e-4));
    assertThat(RandAugmentOp.SOLARIZE.value(30, s)).isEqualTo(0.0);
    assertThat((int) RandAugmentOp.TRANSLATE_X.value(9, s)).isEqualTo(4); // 150/331·32·9/30
    assertThat(RandAugmentOp.TRANSLATE_X.value(30, s)).isCloseTo(150.0 / 331 * 32, within(1e-4));
  }

  @Test
  void translateMovesWholePixelsAndFillsTheGap() {
    ImageShape g = new ImageShape(1, 1, 4);
    byte[] img = {1, 2, 3, 4};
    assertThat(RandAugmentOp.TRANSLATE_X.apply(img, g, 1.7, 0)).containsExactly(0, 1, 2, 3);
    assertThat(RandAugmentOp.TRANSLATE_X.apply(img, g, -2.0, 9)).containsExactly(3, 4, 9, 9);
  }

  @Test
  void shearXShiftsRowsInProportionToTheirDistanceFromTheTopEdge() {
    ImageShape g = new ImageShape(1, 3, 4);
    byte[] img = new byte[12];
    for (int i = 0; i < 12; i++) {
      img[i] = (byte) (i + 1);
    }
    // torchvision's shear about the top edge: row y reads x + v·(y + 0.5), to the nearest pixel;
    // with v = 0.3 rows 0 and 1 stay, row 2 reads one pixel to the right.
    byte[] out = RandAugmentOp.SHEAR_X.apply(img, g, 0.3, 0);
    assertThat(out).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 0);
  }

  @Test
  void sampledParamsReplayToTheSameImage() {
    RandAugment ra = new RandAugment(2, 9, 0.5, 0);
    byte[] img = noise(RGB, 7);
    RandAugment.Params p = ra.sample(new Random(3), RGB);
    assertThat(p.steps()).hasSize(2);
    assertThat(ra.augment(img, RGB, new Random(3))).isEqualTo(ra.apply(img, RGB, p));
  }

  @Test
  void fixedStepsApplyInOrder() {
    RandAugment ra = new RandAugment(2, 9, 0, 0);
    byte[] img = {10, 20, 30, 40};
    ImageShape g = new ImageShape(1, 2, 2);
    var steps =
        List.of(
            new RandAugment.Step(RandAugmentOp.SOLARIZE, 25),
            new RandAugment.Step(RandAugmentOp.POSTERIZE, 4));
    // solarize ≥ 25: 10 20 225 215; posterize 4 bits: 0 16 224 208
    assertThat(ra.apply(img, g, new RandAugment.Params(steps)))
        .containsExactly(0, 16, (byte) 224, (byte) 208);
  }

  @Test
  void zeroOpsLeaveTheImageAlone() {
    byte[] img = noise(RGB, 9);
    assertThat(new RandAugment(0, 9, 0, 0).augment(img, RGB, new Random(1))).isEqualTo(img);
  }
}
