package dev.pupil.augment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pupil.image.AffineWarp.Interpolation;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TransformsTest {
  private static final ImageShape G33 = new ImageShape(1, 3, 3);
  private static final byte[] IMG = {1, 2, 3, 4, 5, 6, 7, 8, 9};

  @Test
  void flipWithFixedParamsMirrorsOrKeeps() {
    RandomFlip f = new RandomFlip(RandomFlip.Axis.HORIZONTAL, 0.5);
    assertThat(f.apply(IMG, G33, new RandomFlip.Params(true)))
        .containsExactly(3, 2, 1, 6, 5, 4, 9, 8, 7);
    assertThat(f.apply(IMG, G33, new RandomFlip.Params(false))).isSameAs(IMG);
    RandomFlip v = new RandomFlip(RandomFlip.Axis.VERTICAL, 1);
    assertThat(v.augment(IMG, G33, new Random(1))).containsExactly(7, 8, 9, 4, 5, 6, 1, 2, 3);
  }

  @Test
  void paddedCropShiftsTheImageAndFillsTheBorder() {
    RandomCrop c = new RandomCrop(1, 0);
    assertThat(c.apply(IMG, G33, new RandomCrop.Params(-1, 1)))
        .containsExactly(0, 0, 0, 2, 3, 0, 5, 6, 0);
    Random r = new Random(4);
    for (int i = 0; i < 50; i++) {
      RandomCrop.Params p = c.sample(r, G33);
      assertThat(p.top()).isBetween(-1, 1);
      assertThat(p.left()).isBetween(-1, 1);
    }
  }

  @Test
  void resizedCropWindowsLieInsideTheImage() {
    RandomResizedCrop rrc = new RandomResizedCrop(0.08);
    ImageShape s = new ImageShape(3, 10, 14);
    Random r = new Random(8);
    for (int i = 0; i < 100; i++) {
      RandomResizedCrop.Params p = rrc.sample(r, s);
      assertThat(p.top() + p.height()).isLessThanOrEqualTo(10);
      assertThat(p.left() + p.width()).isLessThanOrEqualTo(14);
      assertThat(p.height()).isPositive();
    }
    assertThat(rrc.apply(new byte[s.bytes()], s, new RandomResizedCrop.Params(2, 3, 4, 4)))
        .hasSize(s.bytes());
  }

  @Test
  void cutoutWithFixedBoxBlanksItClipped() {
    RandomErasing cut = RandomErasing.cutout(2, 0);
    assertThat(cut.apply(IMG, G33, new RandomErasing.Params(-1, 2, 2, 2)))
        .containsExactly(1, 2, 0, 4, 5, 6, 7, 8, 9);
    RandomErasing never = RandomErasing.erasing(0, 0.02, 0.33, 0);
    assertThat(never.augment(IMG, G33, new Random(1))).isSameAs(IMG);
  }

  @Test
  void affineWithZeroParamsIsTheIdentity() {
    RandomAffine a = new RandomAffine(30, 0.2, 10, Interpolation.BILINEAR, 0);
    assertThat(a.apply(IMG, G33, new RandomAffine.Params(0, 0, 0, 0, 0))).isEqualTo(IMG);
    assertThat(a.apply(IMG, G33, new RandomAffine.Params(0, 1, 0, 0, 0)))
        .containsExactly(0, 1, 2, 0, 4, 5, 0, 7, 8);
  }

  @Test
  void jitterWithUnitFactorsIsTheIdentity() {
    ImageShape rgb = new ImageShape(3, 2, 2);
    byte[] img = new byte[12];
    new Random(2).nextBytes(img);
    assertThat(new ColorJitter(0.4).apply(img, rgb, new ColorJitter.Params(1, 1, 1)))
        .isEqualTo(img);
  }
}
