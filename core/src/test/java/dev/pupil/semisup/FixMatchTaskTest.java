package dev.pupil.semisup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import dev.pupil.data.ImageSet;
import dev.pupil.data.Normalization;
import dev.pupil.loss.SoftTargetCrossEntropy;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.ModelMetadata;
import dev.pupil.models.ModelOptions;
import dev.pupil.train.Seeds;
import dev.pupil.train.SupervisedTask;
import dev.pupil.train.SyntheticData;
import dev.pupil.train.TrainBatch;
import dev.pupil.train.TrainingTask;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * FixMatch's loss (Sohn et al. 2020) against a hand computation, on the "linear" network (no batch
 * norm, no dropout), so that one forward over the whole batch equals separate forwards per part.
 */
class FixMatchTaskTest {
  private static final ImageSet IMAGES = SyntheticData.bars(16, 4, 8, 11);
  private static final Normalization NORM = Normalization.fromImages(IMAGES);
  private static final int L = 4;
  private static final int U = 5;

  @Test
  void theThresholdMasksExactlyTheRowsBelowTau() {
    float[][] probs = {{0.95f, 0.05f}, {0.949f, 0.051f}, {0.02f, 0.98f}, {0.5f, 0.5f}};
    try (NDManager m = NDManager.newBaseManager()) {
      float[] logits = new float[8];
      for (int i = 0; i < 4; i++) {
        logits[2 * i] = (float) Math.log(probs[i][0]);
        logits[2 * i + 1] = (float) Math.log(probs[i][1]);
      }
      FixMatchTask.Guess g = FixMatchTask.guess(m.create(logits, new Shape(4, 2)), 0.95f);
      assertThat(g.mask().toFloatArray()).containsExactly(1f, 0f, 1f, 0f);
      assertThat(g.labels().toIntArray()).containsExactly(0, 0, 1, 0);
      FixMatchTask.Guess all = FixMatchTask.guess(m.create(logits, new Shape(4, 2)), 0.5f);
      assertThat(all.mask().toFloatArray()).containsExactly(1f, 1f, 1f, 1f);
    }
  }

  @Test
  void lossAndGradientMatchAHandComputationWithPseudoLabelsFromTheWeakView() {
    try (NDManager m = NDManager.newBaseManager();
        ClassifierModel a = model(1);
        ClassifierModel b =
            ClassifierModel.fromParameters(a.metadata(), a.parameterBytes(), Device.cpu());
        Trainer ta = trainer(a);
        Trainer tb = trainer(b)) {
      Parts p = parts(m);
      // Pseudo-labels and mask from the weak views, by hand, as constants.
      float[][] weakProbs = softmax(forwardRows(tb, p.weak));
      float[][] strongProbs = softmax(forwardRows(tb, p.strong));
      int[] pseudo = new int[U];
      float[] top = new float[U];
      boolean differs = false;
      for (int i = 0; i < U; i++) {
        pseudo[i] = argmax(weakProbs[i]);
        top[i] = weakProbs[i][pseudo[i]];
        differs |= argmax(strongProbs[i]) != pseudo[i];
      }
      assertThat(differs).as("weak and strong views disagree somewhere").isTrue();
      float[] sorted = top.clone();
      Arrays.sort(sorted);
      float tau = (sorted[1] + sorted[2]) / 2; // two rows below τ, three above
      float[] mask = new float[U];
      for (int i = 0; i < U; i++) {
        mask[i] = top[i] >= tau ? 1f : 0f;
      }
      float lambda = 0.7f;
      TrainingTask task = new FixMatchTask(tau, lambda, 0f);
      float[] lossA = new float[3];
      TrainingTask.Output[] outA = new TrainingTask.Output[1];
      float[][] gradA =
          gradients(
              ta,
              a,
              () -> {
                TrainingTask.Output out = task.forward(ta, p.batch());
                outA[0] = out;
                lossA[0] = out.losses().get("total").getFloat();
                lossA[1] = out.losses().get("ce").getFloat();
                lossA[2] = out.losses().get("unlabeled").getFloat();
                return out.losses().get("total");
              });
      assertThat(outA[0].counts().get(FixMatchTask.MASK)).isEqualTo(new TrainingTask.Count(3, U));
      float[] manual = new float[3];
      float[][] gradB =
          gradients(
              tb,
              b,
              () -> {
                SoftTargetCrossEntropy ce = new SoftTargetCrossEntropy();
                NDArray lab = tb.forward(new NDList(p.labeled)).head();
                NDArray strong = tb.forward(new NDList(p.strong)).head();
                NDArray c = ce.perSample(p.labels, lab).mean();
                NDArray u = ce.perSample(m.create(pseudo), strong).mul(m.create(mask)).sum().div(U);
                NDArray total = c.add(u.mul(lambda));
                manual[0] = total.getFloat();
                manual[1] = c.getFloat();
                manual[2] = u.getFloat();
                return total;
              });
      assertThat(lossA[1]).isCloseTo(manual[1], within(1e-5f));
      assertThat(lossA[2]).as("mean over all μB rows").isCloseTo(manual[2], within(1e-5f));
      assertThat(lossA[2]).isGreaterThan(0f);
      assertThat(lossA[0]).isCloseTo(manual[0], within(1e-5f));
      assertClose(gradA, gradB);
    }
  }

  @Test
  void withLambdaZeroTheStepIsTheSupervisedStep() {
    try (NDManager m = NDManager.newBaseManager();
        ClassifierModel a = model(2);
        ClassifierModel b =
            ClassifierModel.fromParameters(a.metadata(), a.parameterBytes(), Device.cpu());
        Trainer ta = trainer(a);
        Trainer tb = trainer(b)) {
      Parts p = parts(m);
      FixMatchTask task = new FixMatchTask(0.01f, 0f, 0f);
      float[] la = new float[1];
      float[][] gradA =
          gradients(
              ta,
              a,
              () -> {
                NDArray t = task.forward(ta, p.batch()).losses().get("total");
                la[0] = t.getFloat();
                return t;
              });
      float[] lb = new float[1];
      float[][] gradB =
          gradients(
              tb,
              b,
              () -> {
                NDArray t =
                    new SupervisedTask(0f)
                        .forward(tb, new TrainBatch(p.labeled, p.labels, p.labelArray))
                        .losses()
                        .get("total");
                lb[0] = t.getFloat();
                return t;
              });
      assertThat(la[0]).isCloseTo(lb[0], within(1e-6f));
      assertClose(gradA, gradB);
    }
  }

  /** L labeled rows, then U weak views, then U strong views (other images than the weak ones). */
  private record Parts(
      NDArray labeled, NDArray labels, int[] labelArray, NDArray weak, NDArray strong) {
    TrainBatch batch() {
      int[] hard = new int[L + 2 * U];
      Arrays.fill(hard, ImageSet.UNLABELED);
      System.arraycopy(labelArray, 0, hard, 0, L);
      NDArray y =
          NDArrays.concat(
              new NDList(
                  labels,
                  labels.getManager().full(new Shape(2 * U), ImageSet.UNLABELED, DataType.INT32)));
      return new TrainBatch(NDArrays.concat(new NDList(labeled, weak, strong)), y, hard);
    }
  }

  private static Parts parts(NDManager m) {
    float[] all = new float[IMAGES.size() * 64];
    int[] idx = new int[IMAGES.size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    NORM.applyBatch(IMAGES, idx, all);
    NDArray x = m.create(all, new Shape(IMAGES.size(), 1, 8, 8));
    int[] labels = Arrays.copyOf(IMAGES.labels(), L);
    // Weak views: images 4..8; strong views: images 10..14, of other classes.
    return new Parts(x.get("0:4"), m.create(labels), labels, x.get("4:9"), x.get("10:15"));
  }

  private static ClassifierModel model(long seed) {
    ModelMetadata meta =
        new ModelMetadata(
            "linear", IMAGES.classes(), 1, 8, 8, NORM, "test", seed, ModelOptions.DEFAULTS);
    Seeds.seedEngine(seed);
    return ClassifierModel.create(meta, Device.cpu());
  }

  private static Trainer trainer(ClassifierModel model) {
    Trainer t =
        model.djlModel().newTrainer(new DefaultTrainingConfig(new SoftTargetCrossEntropy()));
    t.initialize(new Shape(1, 1, 8, 8));
    return t;
  }

  private static float[][] forwardRows(Trainer t, NDArray x) {
    float[] flat = t.forward(new NDList(x)).head().toFloatArray();
    int n = (int) x.getShape().get(0);
    int c = flat.length / n;
    float[][] rows = new float[n][];
    for (int i = 0; i < n; i++) {
      rows[i] = Arrays.copyOfRange(flat, i * c, (i + 1) * c);
    }
    return rows;
  }

  private static float[][] softmax(float[][] logits) {
    float[][] p = new float[logits.length][];
    for (int i = 0; i < logits.length; i++) {
      p[i] = logits[i].clone();
      ClassifierModel.softmaxInPlace(p[i]);
    }
    return p;
  }

  private static int argmax(float[] row) {
    int best = 0;
    for (int i = 1; i < row.length; i++) {
      best = row[i] > row[best] ? i : best;
    }
    return best;
  }

  private interface Loss {
    NDArray compute();
  }

  private static float[][] gradients(Trainer t, ClassifierModel model, Loss loss) {
    try (GradientCollector gc = t.newGradientCollector()) {
      gc.backward(loss.compute());
    }
    List<float[]> grads = new ArrayList<>();
    for (Parameter p : model.block().getParameters().values()) {
      if (p.requiresGradient()) {
        grads.add(p.getArray().getGradient().toFloatArray());
      }
    }
    return grads.toArray(new float[0][]);
  }

  private static void assertClose(float[][] a, float[][] b) {
    assertThat(a.length).isEqualTo(b.length).isPositive();
    for (int i = 0; i < a.length; i++) {
      assertThat(a[i]).hasSameSizeAs(b[i]);
      for (int j = 0; j < a[i].length; j++) {
        assertThat(a[i][j]).as("gradient %d[%d]", i, j).isCloseTo(b[i][j], within(1e-5f));
      }
    }
  }
}
