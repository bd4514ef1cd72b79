package dev.pupil.nd;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.training.GradientCollector;
import dev.pupil.distill.DistillationLoss;
import dev.pupil.loss.KlDivergence;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Constants that autograd saves must outlive a garbage collection between forward and backward.
 * With DJL's {@code mul(Number)}/{@code div(Number)} the saved constant lived in a direct buffer
 * that a collection freed, and backward read freed memory (gradients of −∞ or NaN, measured); the
 * tests collect garbage and reuse the freed memory in that window, then compare the gradients with
 * those of an undisturbed run.
 */
class ScalarsTest {
  /** Runs the garbage collector and hands its freed native chunks out again, filled with NaN. */
  static void collectGarbageAndReuseNativeMemory(List<ByteBuffer> keep)
      throws InterruptedException {
    for (int round = 0; round < 3; round++) {
      System.gc();
      // The cleaner thread frees the buffers after the collection.
      Thread.sleep(50);
      for (int i = 0; i < 500; i++) {
        ByteBuffer b = ByteBuffer.allocateDirect(4 * (1 + i % 16)).order(ByteOrder.nativeOrder());
        while (b.remaining() >= 4) {
          b.putFloat(Float.NaN);
        }
        keep.add(b);
      }
    }
  }

  /** The gradient of {@code f(w).sum()} for w = [0.5, -1, 2, 3], with or without a collection. */
  private static float[] gradient(Function<NDArray, NDArray> f, boolean collect) throws Exception {
    List<ByteBuffer> keep = new ArrayList<>();
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray w = m.create(new float[] {0.5f, -1f, 2f, 3f});
      w.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray y = f.apply(w).sum();
        if (collect) {
          collectGarbageAndReuseNativeMemory(keep);
        }
        gc.backward(y);
      }
      return w.getGradient().toFloatArray();
    }
  }

  @Test
  void gradientsThroughConstantsSurviveACollectionBetweenForwardAndBackward() throws Exception {
    Function<NDArray, NDArray> f =
        w -> Scalars.pow(Scalars.div(Scalars.mul(w, 3f), 4f).add(2f), 2f).add(Scalars.swish(w));
    float[] undisturbed = gradient(f, false);
    assertThat(finite(undisturbed)).isTrue();
    assertThat(gradient(f, true)).containsExactly(undisturbed);
  }

  @Test
  void distillationLossGradientsSurviveACollection() throws Exception {
    KlDivergence kl = new KlDivergence(4f);
    DistillationLoss loss = new DistillationLoss(4f, 0.7f);
    Function<NDArray, NDArray> f =
        w -> {
          NDManager m = w.getManager();
          NDArray logits = w.reshape(2, 2);
          NDArray teacher = m.create(new float[] {1f, -1f, 0.5f, 2f}).reshape(2, 2);
          NDArray labels = m.create(new int[] {1, -1});
          return kl.perSample(teacher, logits).add(loss.compute(logits, teacher, labels).total());
        };
    float[] undisturbed = gradient(f, false);
    assertThat(finite(undisturbed)).isTrue();
    assertThat(gradient(f, true)).containsExactly(undisturbed);
  }

  private static boolean finite(float[] a) {
    for (float v : a) {
      if (!Float.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  @Test
  void resultsEqualDjlsNumberArithmetic() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.create(new float[] {0.1f, -2.5f, 3f, 7.25f});
      assertThat(Scalars.mul(x, 0.3f).toFloatArray()).containsExactly(x.mul(0.3f).toFloatArray());
      assertThat(Scalars.div(x, 0.7f).toFloatArray()).containsExactly(x.div(0.7f).toFloatArray());
      NDArray p = x.abs();
      assertThat(Scalars.pow(p, 0.75f).toFloatArray()).containsExactly(p.pow(0.75f).toFloatArray());
      assertThat(Scalars.swish(x).toFloatArray())
          .containsExactly(Activation.swish(x, 1f).toFloatArray());
      assertThat(Scalars.of(x, 2f).getShape().dimension()).isZero();
    }
  }
}
