package dev.pupil.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class SoftTargetCrossEntropyTest {
  private static final float[] LOGITS = {2f, 0f, -1f, 0.5f, 0.5f, 3f};

  @Test
  void hardLabelsGiveTextbookCrossEntropy() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray z = m.create(LOGITS, new Shape(2, 3));
      float loss =
          new SoftTargetCrossEntropy()
              .evaluate(new NDList(m.create(new int[] {0, 2})), new NDList(z))
              .getFloat();
      double l0 = -Math.log(Math.exp(2) / (Math.exp(2) + 1 + Math.exp(-1)));
      double l1 = -Math.log(Math.exp(3) / (2 * Math.exp(0.5) + Math.exp(3)));
      assertThat((double) loss).isCloseTo((l0 + l1) / 2, Offset.offset(1e-5));
    }
  }

  @Test
  void oneHotSoftTargetsEqualHardLabels() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray z = m.create(LOGITS, new Shape(2, 3));
      SoftTargetCrossEntropy ce = new SoftTargetCrossEntropy();
      float hard = ce.evaluate(new NDList(m.create(new int[] {1, 0})), new NDList(z)).getFloat();
      NDArray soft = m.create(new float[] {0, 1, 0, 1, 0, 0}, new Shape(2, 3));
      float viaSoft = ce.evaluate(new NDList(soft), new NDList(z)).getFloat();
      assertThat(viaSoft).isCloseTo(hard, Offset.offset(1e-6f));
    }
  }

  @Test
  void labelSmoothingMixesInTheUniformTarget() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray z = m.create(LOGITS, new Shape(2, 3));
      NDArray y = m.create(new int[] {0, 2});
      float eps = 0.1f;
      float smoothed =
          new SoftTargetCrossEntropy("ce", eps).evaluate(new NDList(y), new NDList(z)).getFloat();
      NDArray target = y.oneHot(3).mul(1 - eps).add(eps / 3);
      float manual =
          new SoftTargetCrossEntropy().evaluate(new NDList(target), new NDList(z)).getFloat();
      assertThat(smoothed).isCloseTo(manual, Offset.offset(1e-6f));
    }
  }

  @Test
  void smoothingOutOfRangeIsRejected() {
    assertThatThrownBy(() -> new SoftTargetCrossEntropy("ce", 1f))
        .hasMessageContaining("labelSmoothing");
  }
}
