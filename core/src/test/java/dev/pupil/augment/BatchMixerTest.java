package dev.pupil.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchMixerTest {
  /** n images of 1×h×w, image i filled with the value i + 1. */
  private static float[] constantImages(int n, int h, int w) {
    float[] x = new float[n * h * w];
    for (int i = 0; i < x.length; i++) {
      x[i] = i / (h * w) + 1;
    }
    return x;
  }

  @Test
  void cutmixLabelWeightEqualsThePastedAreaRatio() {
    BatchMixer.Params p = BatchMixer.cutmixBox(4, 5, 1, 1, 3, 4); // 2×3 box of 20 pixels
    assertThat(p.lambda()).isCloseTo(1 - 6.0 / 20, within(1e-12));
    float[] x = constantImages(2, 4, 5);
    float[] t = BatchMixer.apply(x, 2, 1, 4, 5, new int[] {0, 1}, 2, p);
    int pasted = 0;
    for (int k = 0; k < 20; k++) {
      pasted += x[20 + k] == 1f ? 1 : 0; // image 1 now holds image 0's pixels in the box
    }
    assertThat(pasted / 20.0).isCloseTo(1 - p.lambda(), within(1e-12));
    assertThat(t[2 + 1]).isCloseTo(0.7f, within(1e-6f)); // image 1: own label 1 at λ
    assertThat(t[2]).isCloseTo(0.3f, within(1e-6f)); // image 0's label at 1 − λ
  }

  @Test
  void cutmixBoxClippedAtTheBorderCountsOnlyTheVisiblePart() {
    // A 4×4 box centred on the corner (0, 0) of a 6×6 image: only 2×2 = 4 of 36 pixels remain.
    BatchMixer.Params p = BatchMixer.cutmixBox(6, 6, -2, -2, 2, 2);
    assertThat(p.height()).isEqualTo(2);
    assertThat(p.width()).isEqualTo(2);
    assertThat(p.lambda()).isCloseTo(1 - 4.0 / 36, within(1e-12));
    float[] x = constantImages(3, 6, 6);
    BatchMixer.apply(x, 3, 1, 6, 6, new int[] {0, 1, 2}, 3, p);
    // image 0 receives the original last image (value 3) in its top-left 2×2
    assertThat(x[0]).isEqualTo(3f);
    assertThat(x[7]).isEqualTo(3f);
    assertThat(x[2]).isEqualTo(1f);
    assertThat(x[36]).isEqualTo(1f); // image 1 got image 0's pixel
  }

  @Test
  void sampledCutmixLambdaMatchesItsBoxEverywhere() {
    BatchMixer m = new BatchMixer(1.0, 0, 1, 0);
    Random r = new Random(11);
    for (int i = 0; i < 200; i++) {
      BatchMixer.Params p = m.sample(r, 7, 9);
      assertThat(p.kind()).isEqualTo(BatchMixer.Kind.CUTMIX);
      assertThat(p.lambda()).isCloseTo(1 - p.height() * p.width() / 63.0, within(1e-12));
      assertThat(p.top() + p.height()).isLessThanOrEqualTo(7);
      assertThat(p.left() + p.width()).isLessThanOrEqualTo(9);
    }
  }

  @Test
  void mixedLabelsSumToOne() {
    BatchMixer m = BatchMixer.parse("cutmix:1.0,mixup:0.4,p:0.8,switch:0.5");
    Random r = new Random(2);
    int[] labels = {0, 2, 2, 1};
    for (int i = 0; i < 50; i++) {
      BatchMixer.Params p = m.sample(r, 4, 4);
      float[] t = BatchMixer.apply(constantImages(4, 4, 4), 4, 1, 4, 4, labels, 3, p);
      for (int k = 0; k < 4; k++) {
        assertThat(t[3 * k] + t[3 * k + 1] + t[3 * k + 2]).isCloseTo(1f, within(1e-6f));
      }
    }
  }

  @Test
  void mixupBlendsEachImageWithThePreviousOne() {
    BatchMixer.Params p = new BatchMixer.Params(BatchMixer.Kind.MIXUP, 0.75, 0, 0, 0, 0);
    float[] x = constantImages(2, 1, 2);
    float[] t = BatchMixer.apply(x, 2, 1, 1, 2, new int[] {1, 0}, 2, p);
    assertThat(x)
        .containsExactly(
            0.75f * 1 + 0.25f * 2, 0.75f * 1 + 0.25f * 2, 0.75f * 2 + 0.25f, 0.75f * 2 + 0.25f);
    assertThat(t).containsExactly(0.25f, 0.75f, 0.75f, 0.25f);
  }

  @Test
  void unmixedBatchesKeepOneHotTargets() {
    BatchMixer m = new BatchMixer(1.0, 0, 0, 0);
    BatchMixer.Params p = m.sample(new Random(1), 3, 3);
    assertThat(p.kind()).isEqualTo(BatchMixer.Kind.NONE);
    float[] x = constantImages(2, 3, 3);
    float[] before = x.clone();
    assertThat(BatchMixer.apply(x, 2, 1, 3, 3, new int[] {1, 0}, 2, p)).containsExactly(0, 1, 1, 0);
    assertThat(x).isEqualTo(before);
  }

  @Test
  void betaSamplesHaveTheRightMeanAndRange() {
    Random r = new Random(5);
    double sum = 0;
    for (int i = 0; i < 4000; i++) {
      double v = Beta.sample(r, 0.4, 1.2);
      assertThat(v).isBetween(0.0, 1.0);
      sum += v;
    }
    assertThat(sum / 4000).isCloseTo(0.25, within(0.02));
    double g = 0;
    for (int i = 0; i < 4000; i++) {
      g += Beta.gamma(r, 3.0);
    }
    assertThat(g / 4000).isCloseTo(3.0, within(0.1));
  }
}
