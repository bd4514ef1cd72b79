package dev.pupil.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.pupil.BadInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import org.junit.jupiter.api.Test;

/** The small blocks the architectures are made of. */
class LayersTest {
  @Test
  void lrnDividesByLocalChannelEnergy() {
    try (NDManager m = NDManager.newBaseManager()) {
      float[] v = {1, 2, 3, 4, 5, 6, 7};
      NDArray x = m.create(v, new Shape(1, 7, 1, 1));
      Lrn lrn = new Lrn(5, 0.5f, 0.75f, 2f);
      float[] y =
          lrn.forward(new ParameterStore(m, false), new NDList(x), false).head().toFloatArray();
      for (int c = 0; c < 7; c++) {
        double sum = 0;
        for (int j = Math.max(0, c - 2); j <= Math.min(6, c + 2); j++) {
          sum += v[j] * v[j];
        }
        double expected = v[c] / Math.pow(2 + 0.5 / 5 * sum, 0.75);
        assertThat((double) y[c]).isCloseTo(expected, within(1e-5));
      }
    }
  }

  @Test
  void poolBlockShapesAndValues() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.arange(0f, 16f, 1f).reshape(1, 1, 4, 4);
      PoolBlock max = PoolBlock.max(2, 2, 0);
      assertThat(
              max.forward(new ParameterStore(m, false), new NDList(x), false).head().toFloatArray())
          .containsExactly(5, 7, 13, 15);
      assertThat(PoolBlock.max(3, 2, 1).getOutputShapes(new Shape[] {new Shape(1, 8, 112, 112)}))
          .containsExactly(new Shape(1, 8, 56, 56));
      assertThat(
              PoolBlock.globalAvg()
                  .forward(new ParameterStore(m, false), new NDList(x), false)
                  .head()
                  .toFloatArray())
          .containsExactly(7.5f);
      assertThat(
              PoolBlock.globalAvg()
                  .forward(new ParameterStore(m, false), new NDList(x), false)
                  .head()
                  .getShape())
          .isEqualTo(new Shape(1, 1));
    }
  }

  @Test
  void stridedMaxPoolEqualsLibtorchsInValuesAndGradients() {
    int[][] geometries = {{2, 2}, {3, 2}, {3, 3}, {2, 1}, {1, 1}};
    for (int[] g : geometries) {
      for (long side : new long[] {7, 8}) {
        try (NDManager m = NDManager.newBaseManager();
            GradientCollector c = Engine.getInstance().newGradientCollector()) {
          // Continuous values: no two window elements tie, so the gradients must match exactly.
          NDArray x = m.randomNormal(new Shape(2, 3, side, side + 1));
          NDArray x2 = x.duplicate();
          x.setRequiresGradient(true);
          x2.setRequiresGradient(true);
          Shape k = new Shape(g[0], g[0]);
          Shape st = new Shape(g[1], g[1]);
          // Outside training: the strided path (training uses max_pool2d itself).
          NDArray ours =
              PoolBlock.max(g[0], g[1], 0)
                  .forward(new ParameterStore(m, false), new NDList(x), false)
                  .head();
          NDArray theirs = Pool.maxPool2d(x2, k, st, new Shape(0, 0), false);
          assertThat(ours.getShape())
              .as("k%d s%d side %d", g[0], g[1], side)
              .isEqualTo(theirs.getShape());
          assertThat(ours.toFloatArray()).isEqualTo(theirs.toFloatArray());
          NDArray w = m.randomNormal(theirs.getShape());
          c.backward(ours.mul(w).sum().add(theirs.mul(w).sum()));
          assertThat(x.getGradient().toFloatArray())
              .as("gradient k%d s%d", g[0], g[1])
              .containsExactly(x2.getGradient().toFloatArray(), within(1e-6f));
        }
      }
    }
  }

  @Test
  void poolBlockReadsWeightsSavedWithDjlPooling() throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      SequentialBlock old =
          new SequentialBlock()
              .add(Layers.conv(2, 3, 1, 1, true))
              .add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
      old.initialize(m, DataType.FLOAT32, new Shape(1, 1, 4, 4));
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      old.saveParameters(new DataOutputStream(bytes));
      SequentialBlock now =
          new SequentialBlock().add(Layers.conv(2, 3, 1, 1, true)).add(PoolBlock.max(2, 2, 0));
      now.initialize(m, DataType.FLOAT32, new Shape(1, 1, 4, 4));
      now.loadParameters(m, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
      ByteArrayOutputStream again = new ByteArrayOutputStream();
      now.saveParameters(new DataOutputStream(again));
      assertThat(again.toByteArray()).isEqualTo(bytes.toByteArray());
    }
  }

  @Test
  void efficientNetRoundingFollowsTheReferenceCode() {
    assertThat(EfficientNet.roundFilters(32, 1.0)).isEqualTo(32);
    assertThat(EfficientNet.roundFilters(32, 1.1)).isEqualTo(32);
    assertThat(EfficientNet.roundFilters(32, 1.2)).isEqualTo(40);
    assertThat(EfficientNet.roundFilters(1280, 1.1)).isEqualTo(1408);
    assertThat(EfficientNet.roundFilters(1280, 1.2)).isEqualTo(1536);
    assertThat(EfficientNet.roundRepeats(3, 1.4)).isEqualTo(5);
    assertThat(EfficientNet.roundRepeats(1, 1.1)).isEqualTo(2);
  }

  @Test
  void optionsNameTheBadField() {
    assertThatThrownBy(() -> ModelOptions.DEFAULTS.withWidth(0))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("widthMultiplier");
    assertThatThrownBy(() -> ModelOptions.DEFAULTS.withDropout(1.5))
        .hasMessageContaining("dropout must be in [0, 1)");
    assertThatThrownBy(() -> ModelOptions.DEFAULTS.withStochasticDepth(-0.1))
        .hasMessageContaining("stochasticDepth");
  }

  @Test
  void smallAlexNetAndVggStillBuildWithFewerPools() {
    for (String name : new String[] {"alexnet", "vgg16"}) {
      ClassifierBlock b =
          ModelRegistry.create(
              name, new ModelSpec(1, 28, 28, 10), ModelOptions.DEFAULTS.withWidth(0.125));
      try (NDManager m = NDManager.newBaseManager()) {
        b.initialize(m, DataType.FLOAT32, new Shape(1, 1, 28, 28));
        assertThat(b.getOutputShapes(new Shape[] {new Shape(2, 1, 28, 28)}))
            .containsExactly(new Shape(2, 10));
      }
    }
  }
}
