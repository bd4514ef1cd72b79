package dev.pupil.models;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Receptive fields walked from the layer definitions match Araujo et al. (Distill 2019). */
class ReceptiveFieldTest {
  @ParameterizedTest(name = "{0}: {1} px")
  @CsvSource({"alexnet, 195, 32", "vgg16, 212, 32", "resnet50, 483, 32"})
  void matchesAraujoEtAl(String name, long size, long jump) {
    ReceptiveField.Result r =
        ReceptiveField.of(
            name, new ModelSpec(3, 224, 224, 1000), ModelOptions.DEFAULTS.withWidth(0.125));
    assertThat(r.size()).isEqualTo(size);
    assertThat(r.jump()).isEqualTo(jump);
  }

  @Test
  void lenetGrowsLayerByLayer() {
    ReceptiveField.Result r =
        ReceptiveField.of("lenet5", new ModelSpec(1, 28, 28, 10), ModelOptions.DEFAULTS);
    // conv5: 5; pool2: 6 (jump 2); conv5: 6 + 4·2 = 14; pool2: 14 + 2 = 16 (jump 4)
    assertThat(r.layers()).extracting(ReceptiveField.Layer::size).containsExactly(5L, 6L, 14L, 16L);
    assertThat(r.layers()).extracting(ReceptiveField.Layer::jump).containsExactly(1L, 2L, 2L, 4L);
    assertThat(r.layers())
        .extracting(ReceptiveField.Layer::outHeight)
        .containsExactly(28L, 14L, 10L, 5L);
  }

  @Test
  void branchesTakeTheLargestField() {
    // A residual unit whose branch has two 3×3 convolutions and whose shortcut is 1×1: 5 px.
    SequentialBlock net =
        new SequentialBlock()
            .add(
                new Residual(
                    new SequentialBlock()
                        .add(Layers.convBnRelu(4, 3, 1, 1))
                        .add(Layers.convBn(4, 3, 1, 1)),
                    Layers.convBn(4, 1, 1, 0),
                    0f,
                    true))
            .add(PoolBlock.globalAvg());
    ClassifierBlock block = new ClassifierBlock(net, Layers.linear(2));
    ModelSpec spec = new ModelSpec(1, 8, 8, 2);
    try (NDManager m = NDManager.newBaseManager()) {
      block.initialize(m, DataType.FLOAT32, new Shape(1, 1, 8, 8));
      ReceptiveField.Result r = ReceptiveField.of(block, spec);
      assertThat(r.size()).isEqualTo(5);
      assertThat(r.layers()).hasSize(3);
    }
  }

  @Test
  void squeezeExcitationGatesAddNoRowsAndNoField() {
    ModelSpec spec = new ModelSpec(3, 224, 224, 1000);
    ModelOptions narrow = ModelOptions.DEFAULTS.withWidth(0.125);
    ReceptiveField.Result plain = ReceptiveField.of("resnet18", spec, narrow);
    ReceptiveField.Result se = ReceptiveField.of("se-resnet18", spec, narrow);
    assertThat(se.layers()).hasSameSizeAs(plain.layers());
    assertThat(se.size()).isEqualTo(plain.size());
  }
}
