package dev.pupil.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import dev.pupil.BadInputException;
import dev.pupil.data.ImageSet;
import dev.pupil.models.ClassifierBlock;
import dev.pupil.models.ClassifierModel;
import dev.pupil.train.ClassifierTrainer;
import dev.pupil.train.TrainConfig;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GradCamTest {
  private static final int SIZE = 16;
  private static ClassifierModel trained;

  /**
   * cnn-tiny learns "a bright square in the top-left quadrant" (class 1) against noise (class 0).
   */
  @BeforeAll
  static void train() {
    TrainConfig config =
        TrainConfig.builder().optEpochs(6).optBatchSize(8).optLr(0.01f).optSeed(3).build();
    trained =
        ClassifierTrainer.builder()
            .setArchitecture("cnn-tiny")
            .setConfig(config)
            .build()
            .train(quadrantImages(48, 1), null)
            .model();
  }

  @AfterAll
  static void close() {
    trained.close();
  }

  @Test
  void theMapMatchesAHandComputationOnAHandSetNetwork() {
    // conv 1x1 (2 maps: A0 = x, A1 = 0.5 - x) -> ReLU -> global mean -> linear W (no bias).
    // Hooked before the ReLU, dy^c/dA^k_ij = W[c][k] / hw * [A^k_ij > 0]; alpha_k is its mean.
    Conv2d conv = Conv2d.builder().setFilters(2).setKernelShape(new Shape(1, 1)).build();
    Linear linear = Linear.builder().setUnits(2).optBias(false).build();
    SequentialBlock backbone =
        new SequentialBlock()
            .add(conv)
            .add(Activation.reluBlock())
            .add(Pool.globalAvgPool2dBlock());
    ClassifierBlock block = new ClassifierBlock(backbone, linear);
    float[] x = {-1f, 0.2f, 0.5f, 1f, -0.3f, 2f, 0.1f, -2f, 0.7f};
    float[][] w = {{2f, -1f}, {-1f, 3f}};
    try (Model model = Model.newInstance("hand")) {
      model.setBlock(block);
      block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1, 3, 3));
      conv.getParameters().get("weight").getArray().set(new float[] {1f, -1f});
      conv.getParameters().get("bias").getArray().set(new float[] {0f, 0.5f});
      linear.getParameters().get("weight").getArray().set(new float[] {2f, -1f, -1f, 3f});
      List<GradCam.Layer> layers = GradCam.layers(block, 1, 3, 3);
      assertThat(layers)
          .extracting(GradCam.Layer::name)
          .containsExactly("backbone/01Conv2d", "backbone/02LambdaBlock");
      // The default follows the convolution through its ReLU.
      assertThat(GradCam.defaultLayer(layers).name()).isEqualTo("backbone/02LambdaBlock");
      try (NDManager m = model.getNDManager().newSubManager()) {
        NDArray input = m.create(x, new Shape(1, 1, 3, 3));
        for (int c = 0; c < 2; c++) {
          Heatmap h = GradCam.compute(block, "backbone/01Conv2d", input, c).get(0);
          float[] expected = manual(x, w[c]);
          assertThat(h.target()).isEqualTo(c);
          assertThat(h.mapHeight()).isEqualTo(3);
          for (int j = 0; j < 9; j++) {
            assertThat(h.map()[j])
                .as("class %d cell %d", c, j)
                .isCloseTo(expected[j], offset(1e-5f));
          }
        }
        // Gradients the explanation caused on the parameters are cleared.
        assertThat(
                linear
                    .getParameters()
                    .get("weight")
                    .getArray()
                    .getGradient()
                    .abs()
                    .sum()
                    .getFloat())
            .isZero();
      }
    }
  }

  @Test
  void aSaturatedSoftmaxGivesAnAllZeroMapThatIsFlaggedAndTheLogitDoesNot() {
    // conv 1x1 (A = x) -> ReLU -> global mean -> linear (+400, -400): logits +-400 mean(x), a gap
    // so large that softmax is exactly (1, 0) in float and its gradient exactly zero.
    Conv2d conv = Conv2d.builder().setFilters(1).setKernelShape(new Shape(1, 1)).build();
    Linear linear = Linear.builder().setUnits(2).optBias(false).build();
    SequentialBlock backbone =
        new SequentialBlock()
            .add(conv)
            .add(Activation.reluBlock())
            .add(Pool.globalAvgPool2dBlock());
    ClassifierBlock block = new ClassifierBlock(backbone, linear);
    float[] x = {1f, 2f, 3f, 0.5f, 1.5f, 2.5f, 1f, 1f, 4f};
    try (Model model = Model.newInstance("saturated")) {
      model.setBlock(block);
      block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 1, 3, 3));
      conv.getParameters().get("weight").getArray().set(new float[] {1f});
      conv.getParameters().get("bias").getArray().set(new float[] {0f});
      linear.getParameters().get("weight").getArray().set(new float[] {400f, -400f});
      try (NDManager m = model.getNDManager().newSubManager()) {
        NDArray input = m.create(x, new Shape(1, 1, 3, 3));
        String layer = "backbone/01Conv2d";
        Heatmap p = GradCam.compute(block, layer, input, -1, ClassScore.PROBABILITY).get(0);
        assertThat(p.predicted()).isZero();
        assertThat(p.probabilities()[0]).isEqualTo(1f);
        assertThat(p.map()).containsOnly(0f);
        assertThat(p.isBlank()).isTrue();
        assertThat(p.blank()).isEqualTo(Heatmap.Blank.NO_GRADIENT);
        assertThat(p.blank().why(ClassScore.PROBABILITY)).contains("saturates", "logit");

        Heatmap l = GradCam.compute(block, layer, input, -1, ClassScore.LOGIT).get(0);
        assertThat(l.blank()).isEqualTo(Heatmap.Blank.NONE);
        // alpha = 400 / 9 (the mean of d mean(relu(A)) / dA = 1/9 times 400), map = alpha * x.
        for (int j = 0; j < 9; j++) {
          assertThat(l.map()[j]).isCloseTo(400f / 9 * x[j], offset(1e-3f));
        }
        assertThat(l.heat()).contains(1f);
        // The same as the 4-argument form: the logit is the default.
        assertThat(GradCam.compute(block, layer, input, -1).get(0).map()).containsExactly(l.map());

        // Class 1's evidence (weight -400) is negative everywhere: ReLU leaves nothing.
        Heatmap neg = GradCam.compute(block, layer, input, 1, ClassScore.LOGIT).get(0);
        assertThat(neg.map()).containsOnly(0f);
        assertThat(neg.blank()).isEqualTo(Heatmap.Blank.NO_POSITIVE_EVIDENCE);
        assertThat(neg.blank().why(ClassScore.LOGIT)).contains("negative");
      }
    }
  }

  @Test
  void theBuilderDefaultsToTheLogit() {
    assertThat(GradCam.builder().setModel(trained).build().score()).isEqualTo(ClassScore.LOGIT);
    assertThat(GradCam.builder().setModel(trained).optScore(ClassScore.PROBABILITY).build().score())
        .isEqualTo(ClassScore.PROBABILITY);
  }

  private static float[] manual(float[] x, float[] wc) {
    float[][] a = new float[2][9];
    for (int j = 0; j < 9; j++) {
      a[0][j] = x[j];
      a[1][j] = 0.5f - x[j];
    }
    double[] alpha = new double[2];
    for (int k = 0; k < 2; k++) {
      for (int j = 0; j < 9; j++) {
        alpha[k] += a[k][j] > 0 ? wc[k] / 9.0 : 0;
      }
      alpha[k] /= 9;
    }
    float[] map = new float[9];
    for (int j = 0; j < 9; j++) {
      map[j] = (float) Math.max(0, alpha[0] * a[0][j] + alpha[1] * a[1][j]);
    }
    return map;
  }

  @Test
  void theMapHighlightsTheQuadrantThatCarriesTheSignal() {
    ImageSet test = quadrantImages(16, 99);
    List<Heatmap> maps =
        GradCam.builder().setModel(trained).optTargetClass(1).build().explain(test);
    double inside = 0;
    double outside = 0;
    int peaksInside = 0;
    int signal = 0;
    for (int i = 0; i < test.size(); i++) {
      if (test.labels()[i] != 1) {
        continue;
      }
      signal++;
      float[] heat = maps.get(i).heat();
      int best = 0;
      for (int y = 0; y < SIZE; y++) {
        for (int x = 0; x < SIZE; x++) {
          int j = y * SIZE + x;
          boolean tl = y < SIZE / 2 && x < SIZE / 2;
          inside += tl ? heat[j] : 0;
          outside += tl ? 0 : heat[j];
          best = heat[j] > heat[best] ? j : best;
        }
      }
      peaksInside += best / SIZE < SIZE / 2 && best % SIZE < SIZE / 2 ? 1 : 0;
    }
    // Per pixel, the top-left quadrant is three times smaller than the rest.
    assertThat(inside / (outside / 3)).isGreaterThan(2.0);
    assertThat(peaksInside).isGreaterThanOrEqualTo(signal - 1);
    // The network does tell the classes apart.
    long right = 0;
    for (int i = 0; i < test.size(); i++) {
      right += maps.get(i).predicted() == test.labels()[i] ? 1 : 0;
    }
    assertThat(right).isGreaterThanOrEqualTo(test.size() - 2);
  }

  @Test
  void heatIsTheImagesSizeScaledToZeroOneAndMapIsTheLayers() {
    GradCam cam = GradCam.builder().setModel(trained).build();
    GradCam.Layer layer = cam.layer();
    // cnn-tiny: conv-BN-ReLU (8) -> pool -> conv-BN-ReLU (16) -> pool: the second stage, 8x8.
    assertThat(layer.name()).isEqualTo("backbone/03SequentialBlock");
    assertThat(layer.channels()).isEqualTo(16);
    assertThat(layer.height()).isEqualTo(8);
    ImageSet images = quadrantImages(4, 5);
    List<Heatmap> maps = cam.explain(images);
    assertThat(maps).hasSize(4);
    for (Heatmap h : maps) {
      assertThat(h.map()).hasSize(64);
      assertThat(h.heat()).hasSize(SIZE * SIZE);
      assertThat(h.target()).isEqualTo(h.predicted());
      assertThat(h.probabilities()).hasSize(2);
      float min = 1;
      float max = 0;
      for (float v : h.heat()) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      for (float v : h.map()) {
        assertThat(v).isGreaterThanOrEqualTo(0f);
      }
      assertThat(min).isZero();
      assertThat(max).isIn(0f, 1f);
    }
    // The same images give the same maps.
    assertThat(cam.explain(images).get(0).map()).containsExactly(maps.get(0).map());
  }

  @Test
  void everyLayerOnTheSpineWorksAndBadLayersOrClassesAreNamed() {
    List<GradCam.Layer> layers = GradCam.layers(trained.block(), 1, SIZE, SIZE);
    assertThat(layers)
        .extracting(GradCam.Layer::name)
        .contains(
            "backbone/01SequentialBlock/01Conv2d", "backbone/02PoolBlock", "backbone/04PoolBlock");
    Heatmap first =
        GradCam.builder()
            .setModel(trained)
            .optLayer("backbone/01SequentialBlock/01Conv2d")
            .build()
            .explain(quadrantImages(1, 2))
            .get(0);
    assertThat(first.mapHeight()).isEqualTo(SIZE);
    assertThatThrownBy(() -> GradCam.builder().setModel(trained).optLayer("nope").build())
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("unknown layer 'nope'")
        .hasMessageContaining("backbone/03SequentialBlock");
    assertThatThrownBy(() -> GradCam.builder().setModel(trained).optTargetClass(2).build())
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("class 2 is out of range");
    assertThatThrownBy(() -> GradCam.builder().build()).hasMessageContaining("model is required");
  }

  @Test
  void aNetworkWithoutSpatialLayersIsRefused() {
    Block flat = new SequentialBlock().add(Blocks.batchFlattenBlock());
    ClassifierBlock block = new ClassifierBlock(flat, Linear.builder().setUnits(2).build());
    try (NDManager m = NDManager.newBaseManager()) {
      block.initialize(m, DataType.FLOAT32, new Shape(1, 1, 4, 4));
      assertThat(GradCam.layers(block, 1, 4, 4)).isEmpty();
      assertThatThrownBy(() -> GradCam.defaultLayer(GradCam.layers(block, 1, 4, 4)))
          .isInstanceOf(BadInputException.class)
          .hasMessageContaining("no layer with a spatial");
    }
  }

  /** Class 1: a bright 4x4 square somewhere in the top-left quadrant; class 0: noise only. */
  static ImageSet quadrantImages(int n, long seed) {
    Random r = new Random(seed);
    byte[] px = new byte[n * SIZE * SIZE];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 2;
      int sy = r.nextInt(SIZE / 2 - 3);
      int sx = r.nextInt(SIZE / 2 - 3);
      for (int y = 0; y < SIZE; y++) {
        for (int x = 0; x < SIZE; x++) {
          int v = r.nextInt(80);
          if (labels[i] == 1 && y >= sy && y < sy + 4 && x >= sx && x < sx + 4) {
            v += 170;
          }
          px[i * SIZE * SIZE + y * SIZE + x] = (byte) Math.min(255, v);
        }
      }
    }
    return ImageSet.of(px, labels, 1, SIZE, SIZE, List.of("noise", "square"), null);
  }
}
