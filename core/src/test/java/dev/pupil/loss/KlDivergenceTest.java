package dev.pupil.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KlDivergenceTest {
  private static final float[] TEACHER = {2f, 0f, -1f, 0.5f, 0.5f, 3f};
  private static final float[] STUDENT = {1f, 1f, 0f, -0.5f, 2f, 1f};

  @Test
  void klIsZeroWhenStudentAndTeacherLogitsAreEqual() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray z = m.create(TEACHER, new Shape(2, 3));
      for (float t : new float[] {0.5f, 1f, 4f, 20f}) {
        NDArray rows = new KlDivergence(t).perSample(z, z.duplicate());
        assertThat(rows.toFloatArray()).containsOnly(0f);
      }
    }
  }

  @Test
  void matchesTheTextbookFormulaTimesTSquared() {
    float t = 2f;
    try (NDManager m = NDManager.newBaseManager()) {
      float loss =
          new KlDivergence(t)
              .evaluate(
                  new NDList(m.create(TEACHER, new Shape(2, 3))),
                  new NDList(m.create(STUDENT, new Shape(2, 3))))
              .getFloat();
      double sum = 0;
      for (int row = 0; row < 2; row++) {
        double[] p = softmax(TEACHER, row * 3, t);
        double[] q = softmax(STUDENT, row * 3, t);
        for (int c = 0; c < 3; c++) {
          sum += p[c] * Math.log(p[c] / q[c]);
        }
      }
      assertThat((double) loss).isCloseTo(t * t * sum / 2, offset(1e-5));
    }
  }

  /**
   * Hinton et al. §2.1: the soft targets' gradients scale as 1/T², so the loss is multiplied by T².
   * With it, the gradient's size stays within 25% from T = 1 to 8 (it tends to a limit); without
   * it, it would shrink about 64-fold.
   */
  @Test
  void tSquaredScalingKeepsGradientMagnitudesComparableAcrossT() {
    float[] temperatures = {1f, 2f, 4f, 8f};
    double[] norms = new double[temperatures.length];
    for (int k = 0; k < temperatures.length; k++) {
      norms[k] = gradientNorm(temperatures[k]);
    }
    for (int k = 0; k < temperatures.length; k++) {
      assertThat(norms[k] / norms[3]).as("T=%s", temperatures[k]).isBetween(0.8, 1.25);
    }
    double unscaledRatio = (norms[0] / 1) / (norms[3] / 64);
    assertThat(unscaledRatio).isGreaterThan(30);
  }

  private static double gradientNorm(float t) {
    Random r = new Random(5);
    float[] teacher = new float[8 * 10];
    float[] student = new float[8 * 10];
    for (int i = 0; i < teacher.length; i++) {
      teacher[i] = (float) r.nextGaussian();
      student[i] = (float) r.nextGaussian();
    }
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray s = m.create(student, new Shape(8, 10));
      s.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray loss =
            new KlDivergence(t)
                .evaluate(new NDList(m.create(teacher, new Shape(8, 10))), new NDList(s));
        gc.backward(loss);
      }
      return s.getGradient().square().sum().sqrt().getFloat();
    }
  }

  private static double[] softmax(float[] z, int at, float t) {
    double[] e = new double[3];
    double sum = 0;
    for (int c = 0; c < 3; c++) {
      e[c] = Math.exp(z[at + c] / t);
      sum += e[c];
    }
    for (int c = 0; c < 3; c++) {
      e[c] /= sum;
    }
    return e;
  }

  @Test
  void nonPositiveTemperatureIsRejected() {
    assertThatThrownBy(() -> new KlDivergence(0f)).hasMessageContaining("temperature");
    assertThatThrownBy(() -> new KlDivergence(Float.NaN)).hasMessageContaining("temperature");
  }
}
