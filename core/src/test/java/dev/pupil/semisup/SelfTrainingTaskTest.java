package dev.pupil.semisup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import dev.pupil.augment.AugmentSpec;
import dev.pupil.data.ImageSet;
import dev.pupil.data.Normalization;
import dev.pupil.loss.SoftTargetCrossEntropy;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.ModelMetadata;
import dev.pupil.models.ModelOptions;
import dev.pupil.train.CombinedSource;
import dev.pupil.train.LabeledImages;
import dev.pupil.train.SyntheticData;
import dev.pupil.train.TrainBatch;
import dev.pupil.train.TrainingTask;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pseudo-labeled batches and the loss that tells their rows from labeled ones. */
class SelfTrainingTaskTest {
  private static final ImageSet LABELED = SyntheticData.bars(8, 4, 8, 1);
  private static final ImageSet POOL = SyntheticData.bars(12, 4, 8, 2).withLabelsHidden();
  private static final Normalization NORM = Normalization.fromImages(LABELED);

  private static PseudoLabels labels(boolean soft) {
    float[][] p = new float[POOL.size()][4];
    for (int i = 0; i < p.length; i++) {
      p[i][i % 4] = 0.7f;
      p[i][(i + 1) % 4] = 0.3f;
    }
    return PseudoLabeler.builder().optSoft(soft).build().select(p, POOL);
  }

  @Test
  void pseudoBatchesMarkEveryRowUnlabeledAndCarrySoftTargets() {
    PseudoLabeledImages src = new PseudoLabeledImages(POOL, labels(true), NORM, 5, null);
    assertThat(src.batchesPerEpoch()).isEqualTo(3); // 5 + 5 + 2
    src.startEpoch(4, 0);
    int[] order = LabeledImages.epochOrder(12, 4, 0);
    try (NDManager m = NDManager.newBaseManager()) {
      TrainBatch b = src.batch(0, m);
      assertThat(b.hardLabels()).containsOnly(ImageSet.UNLABELED).hasSize(5);
      assertThat(b.targets().getShape()).isEqualTo(new Shape(5, 4));
      float[] t = b.targets().toFloatArray();
      int first = order[0];
      assertThat(t[first % 4]).isEqualTo(0.7f);
      assertThat(t[(first + 1) % 4]).isEqualTo(0.3f);
    }
  }

  @Test
  void augmentationNoisesThePseudoLabeledImages() {
    PseudoLabeledImages plain = new PseudoLabeledImages(POOL, labels(false), NORM, 4, null);
    PseudoLabeledImages noisy =
        new PseudoLabeledImages(POOL, labels(false), NORM, 4, AugmentSpec.parse("vflip:1.0"));
    plain.startEpoch(1, 0);
    noisy.startEpoch(1, 0);
    try (NDManager m = NDManager.newBaseManager()) {
      var a = plain.batch(0, m).images();
      var b = noisy.batch(0, m).images();
      assertThat(a.flip(2).toFloatArray()).containsExactly(b.toFloatArray());
      assertThat(a.toFloatArray()).isNotEqualTo(b.toFloatArray());
    }
  }

  @Test
  void lossAveragesLabeledAndPseudoRowsSeparatelyAndWeighsPseudoByTheRamp() {
    ModelMetadata meta =
        new ModelMetadata(
            "cnn-tiny", LABELED.classes(), 1, 8, 8, NORM, "test", 1, ModelOptions.DEFAULTS);
    CombinedSource source =
        new CombinedSource(
            List.of(
                new LabeledImages(LABELED, NORM, 4),
                new PseudoLabeledImages(POOL, labels(true), NORM, 6, null)),
            4);
    SelfTrainingTask task = new SelfTrainingTask(new RampUp(1, 3, 2f), 0f);
    assertThat(task.weight()).isZero();
    task.onEpochStart(2);
    assertThat(task.weight()).isEqualTo(1f);
    source.startEpoch(7, 0);
    try (ClassifierModel model = ClassifierModel.create(meta, Device.cpu());
        Trainer trainer =
            model.djlModel().newTrainer(new DefaultTrainingConfig(new SoftTargetCrossEntropy()));
        NDManager m = NDManager.newBaseManager()) {
      trainer.initialize(new Shape(1, 1, 8, 8));
      TrainBatch b = source.batch(0, m);
      assertThat(b.size()).isEqualTo(10);
      TrainingTask.Output out = task.forward(trainer, b);
      float[] per =
          new SoftTargetCrossEntropy().perSample(b.targets(), out.logits()).toFloatArray();
      double ce = 0;
      double pseudo = 0;
      for (int i = 0; i < 10; i++) {
        if (i < 4) {
          ce += per[i] / 4;
        } else {
          pseudo += per[i] / 6;
        }
      }
      assertThat(b.hardLabels()).startsWith(LABELED.label(LabeledImages.epochOrder(8, 7, 0)[0]));
      assertThat(out.losses().get("ce").getFloat()).isCloseTo((float) ce, within(1e-5f));
      assertThat(out.losses().get("pseudo").getFloat()).isCloseTo((float) pseudo, within(1e-5f));
      assertThat(out.losses().get("total").getFloat())
          .isCloseTo((float) (ce + 1.0 * pseudo), within(1e-5f));
      assertThat(task.lossNames()).containsExactly("total", "ce", "pseudo");
    }
  }

  @Test
  void anEpochIsAPassOverWhicheverPartNeedsMoreBatches() {
    LabeledImages labeled = new LabeledImages(LABELED, NORM, 4); // 2 batches
    PseudoLabeledImages small = new PseudoLabeledImages(POOL, labels(false), NORM, 12, null);
    PseudoLabeledImages large = new PseudoLabeledImages(POOL, labels(false), NORM, 2, null);
    assertThat(SelfTrainer.combine(labeled, small, 4).batchesPerEpoch()).isEqualTo(2);
    assertThat(SelfTrainer.combine(labeled, large, 4).batchesPerEpoch()).isEqualTo(6);
    CombinedSource c = SelfTrainer.combine(labeled, large, 4);
    c.startEpoch(1, 0);
    int pseudoRows = 0;
    try (NDManager m = NDManager.newBaseManager()) {
      for (int i = 0; i < c.batchesPerEpoch(); i++) {
        try (NDManager bm = m.newSubManager()) {
          for (int l : c.batch(i, bm).hardLabels()) {
            pseudoRows += l == ImageSet.UNLABELED ? 1 : 0;
          }
        }
      }
    }
    assertThat(pseudoRows).as("every pseudo-labeled image once per epoch").isEqualTo(12);
  }
}
