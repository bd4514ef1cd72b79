package dev.pupil.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.PairList;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class OptimizersTest {
  private static Parameter weight() {
    return Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).build();
  }

  private static PairList<String, Parameter> params(Parameter p) {
    PairList<String, Parameter> l = new PairList<>();
    l.add("w", p);
    return l;
  }

  @Test
  void nesterovSgdFollowsPytorchsRule() {
    try (NDManager m = NDManager.newBaseManager()) {
      Parameter p = weight();
      Sgd sgd =
          Sgd.builder()
              .setParameters(params(p))
              .setLearningRate(Tracker.fixed(0.1f))
              .optMomentum(0.9f)
              .optNesterov(true)
              .build();
      NDArray w = m.create(new float[] {1f});
      w.setRequiresGradient(true);
      NDArray g = m.create(new float[] {0.5f});
      sgd.update(p.getId(), w, g); // b = 0.5; step = g + 0.9 b = 0.95
      assertThat(w.getFloat()).isCloseTo(1f - 0.095f, offset(1e-6f));
      sgd.update(p.getId(), w, g); // b = 0.9*0.5 + 0.5 = 0.95; step = 0.5 + 0.855 = 1.355
      assertThat(w.getFloat()).isCloseTo(1f - 0.095f - 0.1355f, offset(1e-6f));
    }
  }

  @Test
  void adamwDecaysWeightsApartFromTheGradient() {
    try (NDManager m = NDManager.newBaseManager()) {
      Parameter p = weight();
      Adam adamw =
          Adam.builder()
              .setParameters(params(p))
              .setLearningRate(Tracker.fixed(0.01f))
              .optWeightDecay(0.1f)
              .optDecoupled(true)
              .build();
      NDArray w = m.create(new float[] {2f});
      w.setRequiresGradient(true);
      adamw.update(p.getId(), w, m.create(new float[] {0.3f}));
      // decay: 2·(1 − 0.001) = 1.998; first Adam step moves by lr·sign(g) = 0.01
      assertThat(w.getFloat()).isCloseTo(1.998f - 0.01f, offset(1e-5f));
    }
  }

  @Test
  void backboneMovesLessThanHeadForTheSameGradient() {
    // Discriminative fine-tuning: the same gradient moves a "backbone" parameter with factor 0.1
    // a tenth as far as a "head" parameter, with SGD + momentum and with Adam (without weight
    // decay, whose pull depends on the weights, which then differ).
    for (String kind : new String[] {"sgd", "adam"}) {
      try (NDManager m = NDManager.newBaseManager()) {
        Parameter back = weight();
        Parameter head = weight();
        PairList<String, Parameter> l = new PairList<>();
        l.add("backbone_w", back);
        l.add("head_w", head);
        Map<String, Float> scale = Map.of("backbone_w", 0.1f);
        StatefulOptimizer opt =
            kind.equals("sgd")
                ? Sgd.builder()
                    .setParameters(l)
                    .setLearningRate(Tracker.fixed(0.1f))
                    .optMomentum(0.9f)
                    .optLrMultipliers(scale)
                    .build()
                : Adam.builder()
                    .setParameters(l)
                    .setLearningRate(Tracker.fixed(0.1f))
                    .optLrMultipliers(scale)
                    .build();
        NDArray wb = m.create(new float[] {1f, -2f});
        NDArray wh = m.create(new float[] {1f, -2f});
        wb.setRequiresGradient(true);
        wh.setRequiresGradient(true);
        for (int step = 0; step < 3; step++) {
          NDArray g = m.create(new float[] {0.5f, 0.25f});
          opt.update(back.getId(), wb, g);
          opt.update(head.getId(), wh, g);
        }
        float[] db = wb.sub(m.create(new float[] {1f, -2f})).toFloatArray();
        float[] dh = wh.sub(m.create(new float[] {1f, -2f})).toFloatArray();
        for (int i = 0; i < 2; i++) {
          assertThat(dh[i]).as(kind).isNotZero();
          assertThat(db[i]).as(kind).isCloseTo(0.1f * dh[i], offset(1e-6f));
        }
        assertThat(opt.lrMultiplier("backbone_w")).isEqualTo(0.1f);
        assertThat(opt.lrMultiplier("head_w")).isEqualTo(1f);
      }
    }
  }

  @Test
  void multiplierOutOfRangeIsRefusedNamingTheParameter() {
    Parameter p = weight();
    Assertions.assertThatThrownBy(
            () ->
                Sgd.builder()
                    .setParameters(params(p))
                    .setLearningRate(Tracker.fixed(0.1f))
                    .optLrMultipliers(Map.of("w", -1f))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lrMultipliers")
        .hasMessageContaining("w");
  }

  @Test
  void biasesGetNoWeightDecay() {
    try (NDManager m = NDManager.newBaseManager()) {
      Parameter b = Parameter.builder().setName("b").setType(Parameter.Type.BIAS).build();
      PairList<String, Parameter> l = new PairList<>();
      l.add("b", b);
      Sgd sgd =
          Sgd.builder()
              .setParameters(l)
              .setLearningRate(Tracker.fixed(1f))
              .optWeightDecay(0.5f)
              .build();
      NDArray w = m.create(new float[] {3f});
      w.setRequiresGradient(true);
      sgd.update(b.getId(), w, m.create(new float[] {0f}));
      assertThat(w.getFloat()).isEqualTo(3f);
    }
  }

  @Test
  void savedStateRestoresIdenticalUpdates() throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      Parameter p = weight();
      Adam a =
          Adam.builder().setParameters(params(p)).setLearningRate(Tracker.fixed(0.05f)).build();
      NDArray w1 = m.create(new float[] {1f, -2f});
      w1.setRequiresGradient(true);
      NDArray g = m.create(new float[] {0.2f, -0.7f});
      a.update(p.getId(), w1, g);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      a.saveState(new DataOutputStream(bytes));
      Adam b =
          Adam.builder().setParameters(params(p)).setLearningRate(Tracker.fixed(0.05f)).build();
      b.loadState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), m);
      NDArray w2 = w1.duplicate();
      w2.setRequiresGradient(true);
      a.update(p.getId(), w1, g);
      b.update(p.getId(), w2, g);
      assertThat(w2.toFloatArray()).containsExactly(w1.toFloatArray());
    }
  }

  @Test
  void cosineScheduleWarmsUpThenDecaysToZero() {
    Tracker t = LearningRates.create(LearningRates.Schedule.COSINE, 1f, 10, 5, 1, 1, 1f);
    assertThat(t.getNewValue(0)).isEqualTo(0f);
    assertThat(t.getNewValue(10)).isCloseTo(1f, offset(1e-6f));
    assertThat(t.getNewValue(49)).isLessThan(0.01f);
  }

  @Test
  void stepScheduleDropsByGammaEveryStepEpochs() {
    Tracker t = LearningRates.create(LearningRates.Schedule.STEP, 1f, 10, 6, 0, 2, 0.1f);
    assertThat(t.getNewValue(5)).isCloseTo(1f, offset(1e-6f));
    assertThat(t.getNewValue(25)).isCloseTo(0.1f, offset(1e-6f));
    assertThat(t.getNewValue(45)).isCloseTo(0.01f, offset(1e-6f));
  }
}
