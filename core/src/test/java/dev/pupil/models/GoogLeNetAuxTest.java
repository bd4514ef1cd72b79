package dev.pupil.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** GoogLeNet's auxiliary classifiers exist in training and are absent at inference. */
class GoogLeNetAuxTest {
  private static final ModelSpec SPEC = new ModelSpec(3, 32, 32, 5);
  private static final ModelOptions NARROW = ModelOptions.DEFAULTS.withWidth(0.25);

  @Test
  void trainingReturnsMainThenTwoAuxLogits() {
    ClassifierBlock block = ModelRegistry.create("googlenet", SPEC, NARROW);
    assertThat(block.auxiliaryOutputs()).isEqualTo(2);
    try (NDManager m = NDManager.newBaseManager()) {
      block.initialize(m, DataType.FLOAT32, new Shape(2, 3, 32, 32));
      NDList x = new NDList(m.randomNormal(new Shape(2, 3, 32, 32)));
      NDList train = block.forward(new ParameterStore(m, false), x, true);
      assertThat(train).hasSize(3);
      for (var a : train) {
        assertThat(a.getShape()).isEqualTo(new Shape(2, 5));
      }
      NDList infer = block.forward(new ParameterStore(m, false), x, false);
      assertThat(infer).hasSize(1);
      assertThat(infer.head().getShape()).isEqualTo(new Shape(2, 5));
      assertThat(block.embed(new ParameterStore(m, false), x, false)).hasSize(1);
      assertThat(block.getOutputShapes(new Shape[] {new Shape(2, 3, 32, 32)}))
          .containsExactly(new Shape(2, 5));
    }
  }

  @Test
  void supervisedTaskAddsPointThreeTimesTheAuxLoss() {
    ModelSpec spec = new ModelSpec(1, 4, 4, 3);
    TinyTraining.Losses l =
        TinyTraining.twoSteps(
            "aux-net", new ClassifierBlock(new AuxNet(), Layers.head(spec)), spec, 2);
    assertThat(l.terms().keySet()).containsExactly("total", "ce", "aux");
    assertThat(l.terms().get("aux")).isPositive();
    assertThat(l.terms().get("total"))
        .isCloseTo(l.terms().get("ce") + 0.3 * l.terms().get("aux"), within(1e-5));
    assertThat(l.after()).isNotEqualTo(l.before());
  }

  @Tag("slow")
  @Test
  void googlenetTrainsWithItsAuxTerm() {
    TinyTraining.Losses l = TinyTraining.twoSteps("googlenet", SPEC, NARROW, 2);
    assertThat(l.terms().keySet()).containsExactly("total", "ce", "aux");
    assertThat(l.terms().get("total"))
        .isCloseTo(l.terms().get("ce") + 0.3 * l.terms().get("aux"), within(1e-4));
    assertThat(l.after()).isNotEqualTo(l.before());
  }

  /** A backbone with one auxiliary head: flatten → 8 features; in training also 3 aux logits. */
  private static final class AuxNet extends AbstractBlock implements AuxiliaryHeads {
    private final Block features = addChildBlock("features", Layers.linear(8));
    private final Block aux = addChildBlock("aux", Layers.linear(3));

    @Override
    public int auxiliaryOutputs() {
      return 1;
    }

    @Override
    protected NDList forwardInternal(
        ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
      NDList flat = new NDList(inputs.head().reshape(inputs.head().getShape().get(0), -1));
      NDList out = new NDList(features.forward(ps, flat, training).head());
      if (training) {
        out.add(aux.forward(ps, flat, training).head());
      }
      return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] in) {
      return new Shape[] {new Shape(in[0].get(0), 8)};
    }

    @Override
    protected void initializeChildBlocks(NDManager m, DataType t, Shape... in) {
      Shape flat = new Shape(in[0].get(0), in[0].size() / in[0].get(0));
      features.initialize(m, t, flat);
      aux.initialize(m, t, flat);
    }
  }

  @Test
  void otherNetworksHaveNoAuxTerm() {
    TinyTraining.Losses l = TinyTraining.twoSteps("resnet20", SPEC, NARROW, 2);
    assertThat(l.terms().keySet()).containsExactly("total", "ce");
  }
}
