package dev.pupil.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.pupil.loss.KlDivergence;
import dev.pupil.loss.SoftTargetCrossEntropy;
import org.junit.jupiter.api.Test;

class DistillationLossTest {
  private static final float[] TEACHER = {2f, 0f, -1f, 0.5f, 0.5f, 3f, -1f, 2f, 0f, 1f, 1f, 1f};
  private static final float[] STUDENT = {1f, 1f, 0f, -0.5f, 2f, 1f, 0f, 0f, 3f, 2f, -2f, 0f};

  @Test
  void atTemperatureOneAndAlphaZeroItIsPlainCrossEntropy() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray s = m.create(STUDENT, new Shape(4, 3));
      NDArray y = m.create(new int[] {0, 2, 1, 1});
      DistillationLoss.Terms t =
          new DistillationLoss(1f, 0f).compute(s, m.create(TEACHER, new Shape(4, 3)), y);
      float ce = new SoftTargetCrossEntropy().evaluate(new NDList(y), new NDList(s)).getFloat();
      assertThat(t.total().getFloat()).isEqualTo(ce);
      assertThat(t.ce().getFloat()).isEqualTo(ce);
    }
  }

  @Test
  void klTermIsZeroWhenStudentAndTeacherLogitsAreEqual() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray z = m.create(TEACHER, new Shape(4, 3));
      DistillationLoss.Terms t = new DistillationLoss(4f, 1f).compute(z, z.duplicate(), null);
      assertThat(t.kl().getFloat()).isZero();
      assertThat(t.total().getFloat()).isZero();
    }
  }

  @Test
  void unlabeledRowsGetOnlyTheKlTermAndLabeledRowsBoth() {
    float temperature = 3f;
    float alpha = 0.7f;
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray s = m.create(STUDENT, new Shape(4, 3));
      NDArray teacher = m.create(TEACHER, new Shape(4, 3));
      int[] labels = {1, -1, 0, -1};
      DistillationLoss.Terms t =
          new DistillationLoss(temperature, alpha).compute(s, teacher, m.create(labels));
      float[] kl = new KlDivergence(temperature).perSample(teacher, s).toFloatArray();
      float[] ce =
          new SoftTargetCrossEntropy()
              .perSample(m.create(new int[] {1, 0, 0, 0}), s)
              .toFloatArray();
      double expected =
          (alpha * kl[0]
                  + (1 - alpha) * ce[0]
                  + kl[1]
                  + alpha * kl[2]
                  + (1 - alpha) * ce[2]
                  + kl[3])
              / 4;
      assertThat((double) t.total().getFloat()).isCloseTo(expected, offset(1e-5));
      assertThat((double) t.ce().getFloat()).isCloseTo((ce[0] + ce[2]) / 2.0, offset(1e-5));
      assertThat((double) t.kl().getFloat())
          .isCloseTo((kl[0] + kl[1] + kl[2] + kl[3]) / 4.0, offset(1e-5));
    }
  }

  @Test
  void withoutLabelsTheLossIsTheDistillationTermAlone() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray s = m.create(STUDENT, new Shape(4, 3));
      NDArray teacher = m.create(TEACHER, new Shape(4, 3));
      DistillationLoss loss = new DistillationLoss(2f, 0.5f);
      DistillationLoss.Terms none = loss.compute(s, teacher, null);
      DistillationLoss.Terms allMarked =
          loss.compute(s, teacher, m.create(new int[] {-1, -1, -1, -1}));
      float kl = new KlDivergence(2f).evaluate(new NDList(teacher), new NDList(s)).getFloat();
      assertThat(none.total().getFloat()).isEqualTo(kl);
      assertThat(allMarked.total().getFloat()).isCloseTo(kl, offset(1e-6f));
      assertThat(allMarked.ce().getFloat()).isZero();
    }
  }

  @Test
  void softTargetsCountAsLabeled() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray s = m.create(STUDENT, new Shape(4, 3));
      NDArray teacher = m.create(TEACHER, new Shape(4, 3));
      NDArray hard = m.create(new int[] {0, 2, 1, 1});
      DistillationLoss loss = new DistillationLoss(2f, 0.4f);
      float viaHard = loss.compute(s, teacher, hard).total().getFloat();
      float viaSoft = loss.compute(s, teacher, hard.oneHot(3)).total().getFloat();
      assertThat(viaSoft).isCloseTo(viaHard, offset(1e-6f));
    }
  }

  @Test
  void alphaOutsideTheUnitIntervalIsRejected() {
    assertThatThrownBy(() -> new DistillationLoss(4f, 1.5f)).hasMessageContaining("alpha", "1.5");
  }
}
