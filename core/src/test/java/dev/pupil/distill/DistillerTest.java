package dev.pupil.distill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.pupil.BadInputException;
import dev.pupil.augment.AugmentSpec;
import dev.pupil.data.ImageSet;
import dev.pupil.data.Normalization;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.FrozenModel;
import dev.pupil.train.ClassifierTrainer;
import dev.pupil.train.EpochMetrics;
import dev.pupil.train.LabeledImages;
import dev.pupil.train.SyntheticData;
import dev.pupil.train.TrainConfig;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Distilling on tiny bar images from a cnn-small teacher (batch norm and dropout) trained once. */
class DistillerTest {
  private static final ImageSet TRAIN = SyntheticData.bars(64, 4, 12, 1);
  private static final ImageSet VAL = SyntheticData.bars(32, 4, 12, 2);
  private static ClassifierModel teacherModel;
  private static FrozenModel teacher;

  @BeforeAll
  static void trainTeacher() {
    TrainConfig cfg = TrainConfig.builder().optEpochs(5).optBatchSize(16).optLr(0.01f).build();
    teacherModel =
        ClassifierTrainer.builder()
            .setArchitecture("cnn-small")
            .setConfig(cfg)
            .build()
            .train(TRAIN, null)
            .model();
    teacher = FrozenModel.of(teacherModel);
  }

  @AfterAll
  static void close() {
    teacherModel.close();
  }

  private static TrainConfig studentConfig(int epochs) {
    return TrainConfig.builder().optEpochs(epochs).optBatchSize(16).optLr(0.01f).optSeed(3).build();
  }

  private static Distiller.Builder distiller(int epochs) {
    return Distiller.builder()
        .setTeacher(teacher)
        .setArchitecture("cnn-tiny")
        .setConfig(studentConfig(epochs));
  }

  @Test
  void teacherWeightsAreBitIdenticalAfterDistillationAndGetNoGradients() {
    byte[] before = teacherModel.parameterBytes();
    ImageSet mixed = TransferImages.join(TRAIN.subset(range(0, 32)), TRAIN.subset(range(32, 64)));
    // Per-view teacher logits (augmented): the teacher runs inside the student's gradient scope.
    distiller(1)
        .optAugmentation(AugmentSpec.parse("vflip:0.5"))
        .build()
        .train(mixed, VAL)
        .model()
        .close();
    // Cached teacher logits.
    distiller(1).build().train(mixed, null).model().close();
    assertThat(Arrays.equals(teacherModel.parameterBytes(), before))
        .as("teacher weights and batch-norm statistics unchanged")
        .isTrue();
    for (Pair<String, Parameter> p : teacherModel.block().getParameters()) {
      assertThat(p.getValue().getArray().hasGradient()).as(p.getKey()).isFalse();
    }
  }

  @Test
  void atAlphaZeroAndTemperatureOneTrainsExactlyAsSupervised() {
    TrainConfig cfg = studentConfig(2);
    byte[] supervised;
    try (ClassifierModel m =
        ClassifierTrainer.builder()
            .setArchitecture("cnn-tiny")
            .setConfig(cfg)
            .optNormalization(teacherModel.metadata().normalization())
            .build()
            .train(TRAIN, null)
            .model()) {
      supervised = m.parameterBytes();
    }
    try (ClassifierModel m =
        distiller(2).optTemperature(1f).optAlpha(0f).build().train(TRAIN, null).model()) {
      assertThat(Arrays.equals(m.parameterBytes(), supervised))
          .as("bit-identical weights")
          .isTrue();
    }
  }

  @Test
  void withoutLabelsTheStudentLearnsFromTheTeacherAloneAndLogsEachTerm() {
    ClassifierTrainer.Trained t = distiller(6).build().train(TRAIN.withLabelsHidden(), VAL);
    t.model().close();
    List<EpochMetrics> h = t.result().history();
    assertThat(h.get(0).losses()).containsOnlyKeys("total", "kl", "ce");
    EpochMetrics last = h.get(h.size() - 1);
    assertThat(last.losses().get("ce")).isZero();
    assertThat(last.losses().get("kl")).isPositive().isEqualTo(last.losses().get("total"));
    assertThat(last.losses().get("kl")).isLessThan(h.get(0).losses().get("kl"));
    assertThat(last.trainAccuracy()).isNaN();
    assertThat(t.result().bestValAccuracy()).isGreaterThan(0.9);
  }

  @Test
  void mixedBatchesCountTrainingAccuracyOnlyOnTheirLabeledRows() {
    // Half the rows unlabeled: counted as wrong, training accuracy could not pass 50%.
    ImageSet mixed = TransferImages.join(TRAIN.subset(range(0, 32)), TRAIN.subset(range(32, 64)));
    ClassifierTrainer.Trained t = distiller(6).build().train(mixed, null);
    t.model().close();
    List<EpochMetrics> h = t.result().history();
    assertThat(h.get(h.size() - 1).trainAccuracy()).isGreaterThan(0.75);
    assertThat(h.get(h.size() - 1).losses().get("ce")).isPositive();
  }

  @Test
  void cachedTeacherLogitsEqualTheTeacherOnTheSameImages() {
    float[][] cache = teacher.logits(TRAIN, 64);
    // The student normalizes differently from the teacher: the teacher renormalizes.
    var studentNorm = Normalization.of(new float[] {0.5f}, new float[] {0.25f});
    TransferImages source = new TransferImages(TRAIN, studentNorm, 16, null, cache);
    source.startEpoch(3, 1);
    try (NDManager m = NDManager.newBaseManager()) {
      var batch = source.batch(2, m);
      float[] cached = batch.teacherLogits().toFloatArray();
      float[] perView = teacher.logits(batch.images(), studentNorm).toFloatArray();
      assertThat(cached).hasSize(16 * 4);
      assertThat(cached).containsExactly(perView, Offset.offset(1e-4f));
    }
  }

  @Test
  void withAugmentationTheTeacherSeesEachAugmentedView() {
    var norm = teacherModel.metadata().normalization();
    TransferImages source =
        new TransferImages(TRAIN, norm, 16, AugmentSpec.parse("vflip:1.0"), null);
    DistillationTask task =
        DistillationTask.builder().setTeacher(teacher).setInputNormalization(norm).build();
    float[][] flipped = teacher.logits(flipVertically(TRAIN), 64);
    float[][] plain = teacher.logits(TRAIN, 64);
    source.startEpoch(3, 0);
    int[] order = LabeledImages.epochOrder(TRAIN.size(), 3, 0);
    try (NDManager m = NDManager.newBaseManager()) {
      var batch = source.batch(0, m);
      assertThat(batch.teacherLogits()).isNull();
      float[] perView = task.teacherLogits(batch).toFloatArray();
      double offFlipped = 0;
      double offPlain = 0;
      for (int k = 0; k < 16; k++) {
        for (int c = 0; c < 4; c++) {
          offFlipped = Math.max(offFlipped, Math.abs(perView[k * 4 + c] - flipped[order[k]][c]));
          offPlain = Math.max(offPlain, Math.abs(perView[k * 4 + c] - plain[order[k]][c]));
        }
      }
      assertThat(offFlipped).isLessThan(1e-4);
      assertThat(offPlain).isGreaterThan(0.5);
    }
  }

  @Test
  void anEnsembleAveragesItsMembersLogits() {
    TrainConfig cfg = TrainConfig.builder().optEpochs(1).optBatchSize(16).optSeed(9).build();
    try (ClassifierModel other =
        ClassifierTrainer.builder()
            .setArchitecture("mlp")
            .setConfig(cfg)
            .build()
            .train(TRAIN, null)
            .model()) {
      FrozenModel ensemble = FrozenModel.of(teacherModel, other);
      float[][] a = teacherModel.logits(VAL, 64);
      float[][] b = other.logits(VAL, 64);
      float[][] avg = ensemble.logits(VAL, 64);
      for (int i = 0; i < VAL.size(); i++) {
        for (int c = 0; c < 4; c++) {
          assertThat(avg[i][c]).isCloseTo((a[i][c] + b[i][c]) / 2, within());
        }
      }
    }
  }

  @Test
  void badSettingsAreRejectedNamingThem() {
    assertThatThrownBy(() -> distiller(1).optTemperature(0f).build())
        .hasMessageContaining("temperature");
    assertThatThrownBy(() -> distiller(1).optAlpha(-0.1f).build()).hasMessageContaining("alpha");
    assertThatThrownBy(
            () ->
                distiller(1)
                    .optAugmentation(AugmentSpec.parse("flip"))
                    .optTeacherLogits(new float[64][4])
                    .build())
        .hasMessageContaining("teacherLogits");
    ImageSet otherClasses = SyntheticData.bars(16, 2, 12, 5);
    assertThatThrownBy(() -> distiller(1).build().train(otherClasses, null))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("classes");
  }

  private static Offset<Float> within() {
    return Offset.offset(1e-5f);
  }

  private static int[] range(int from, int to) {
    int[] r = new int[to - from];
    for (int i = 0; i < r.length; i++) {
      r[i] = from + i;
    }
    return r;
  }

  private static ImageSet flipVertically(ImageSet s) {
    int h = s.height();
    int w = s.width();
    byte[] src = s.pixelsView();
    byte[] px = new byte[src.length];
    for (int i = 0; i < s.size(); i++) {
      for (int y = 0; y < h; y++) {
        System.arraycopy(src, (i * h + y) * w, px, (i * h + (h - 1 - y)) * w, w);
      }
    }
    return ImageSet.of(px, s.labels(), 1, h, w, s.classes(), null);
  }
}
