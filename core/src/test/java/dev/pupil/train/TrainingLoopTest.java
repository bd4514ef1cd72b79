package dev.pupil.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import dev.pupil.data.ImageSet;
import dev.pupil.data.Normalization;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.ModelMetadata;
import dev.pupil.optim.LearningRates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingLoopTest {
  private static final ImageSet TRAIN = SyntheticData.bars(64, 4, 12, 1);
  private static final ImageSet VAL = SyntheticData.bars(32, 4, 12, 2);

  private static ClassifierModel newModel(String arch, long seed) {
    Seeds.seedEngine(seed);
    Normalization norm = Normalization.fromImages(TRAIN);
    return ClassifierModel.create(
        new ModelMetadata(arch, TRAIN.classes(), 1, 12, 12, norm, "test", seed), Device.cpu());
  }

  private static TrainingLoop.Result train(
      ClassifierModel m, TrainConfig cfg, Path ckpt, boolean resume) {
    return TrainingLoop.builder()
        .setModel(m)
        .setConfig(cfg)
        .setSource(new LabeledImages(TRAIN, m.metadata().normalization(), cfg.batchSize()))
        .optValidation(VAL)
        .optCheckpointDir(ckpt)
        .optResume(resume)
        .build()
        .run();
  }

  @Test
  void learnsSeparableClasses() {
    TrainConfig cfg = TrainConfig.builder().optEpochs(6).optBatchSize(16).optLr(0.01f).build();
    try (ClassifierModel m = newModel("cnn-small", 7)) {
      TrainingLoop.Result r = train(m, cfg, null, false);
      assertThat(r.history()).hasSize(6);
      assertThat(r.history().get(5).losses().get("total"))
          .isLessThan(r.history().get(0).losses().get("total"));
      assertThat(r.bestValAccuracy()).isGreaterThan(0.9);
    }
  }

  @Test
  void validationIntervalKeepsValidationUnderAboutAThirdOfTraining() {
    assertThat(TrainingLoop.validationInterval(6000, 54000)).isEqualTo(1);
    assertThat(TrainingLoop.validationInterval(400, 400)).isEqualTo(1);
    assertThat(TrainingLoop.validationInterval(400, 100)).isEqualTo(4);
    assertThat(TrainingLoop.validationInterval(6000, 100)).isEqualTo(60);
    assertThat(TrainingLoop.validationInterval(401, 100)).isEqualTo(5);
    assertThat(TrainingLoop.validationInterval(10, 0)).isEqualTo(1);
  }

  @Test
  void tinyEpochsValidateEveryFewEpochsAndAfterTheLastWithoutStoppingEarlyBeforeTheFirst() {
    int[] eight = {0, 1, 2, 3, 16, 17, 18, 19};
    ImageSet few = TRAIN.subset(eight);
    // 8 images per epoch, 32 validation images: every 4th epoch and the last (9).
    TrainConfig cfg =
        TrainConfig.builder()
            .optEpochs(9)
            .optBatchSize(8)
            .optLr(0.01f)
            .optEarlyStopPatience(1)
            .optSeed(5)
            .build();
    try (ClassifierModel m = newModel("cnn-small", 5)) {
      TrainingLoop.Result r =
          TrainingLoop.builder()
              .setModel(m)
              .setConfig(cfg)
              .setSource(new LabeledImages(few, m.metadata().normalization(), cfg.batchSize()))
              .optValidation(VAL)
              .build()
              .run();
      List<Integer> validated = new ArrayList<>();
      for (EpochMetrics e : r.history()) {
        if (!Double.isNaN(e.valAccuracy())) {
          validated.add(e.epoch());
        }
      }
      int last = r.history().get(r.history().size() - 1).epoch();
      assertThat(last).isGreaterThanOrEqualTo(8);
      assertThat(validated).startsWith(4, 8);
      assertThat(validated).allMatch(e -> e % 4 == 0 || e == 9);
      assertThat(validated).contains(r.bestEpoch());
      assertThat(r.bestValAccuracy()).isNotNaN();
    }
  }

  @Test
  void listenersHearOfEveryBatchWithImagesDoneAndTheRunningLoss() {
    TrainConfig cfg = TrainConfig.builder().optEpochs(2).optBatchSize(16).optSeed(3).build();
    List<BatchProgress> seen = new ArrayList<>();
    List<Double> legacy = new ArrayList<>();
    try (ClassifierModel m = newModel("linear", 3)) {
      TrainingLoop.Result r =
          TrainingLoop.builder()
              .setModel(m)
              .setConfig(cfg)
              .setSource(new LabeledImages(TRAIN, m.metadata().normalization(), 16))
              .addListener(
                  new TrainingLoop.Listener() {
                    @Override
                    public void onBatch(BatchProgress p) {
                      seen.add(p);
                    }
                  })
              .addListener(
                  new TrainingLoop.Listener() {
                    @Override
                    public void onBatch(int epoch, int batch, int batches, double loss) {
                      legacy.add(loss);
                    }
                  })
              .build()
              .run();
      // 64 images in batches of 16: four per epoch, two epochs.
      assertThat(seen).hasSize(8);
      assertThat(seen)
          .extracting(BatchProgress::images)
          .containsExactly(16L, 32L, 48L, 64L, 16L, 32L, 48L, 64L);
      assertThat(seen).extracting(BatchProgress::batch).containsExactly(1, 2, 3, 4, 1, 2, 3, 4);
      assertThat(seen)
          .allSatisfy(
              p -> {
                assertThat(p.batches()).isEqualTo(4);
                assertThat(p.imagesPerEpoch()).isEqualTo(64);
                assertThat(p.seconds()).isPositive();
              });
      // The running mean over the first two batches, and over the epoch the epoch's loss.
      assertThat(seen.get(1).meanLoss())
          .isCloseTo((seen.get(0).loss() + seen.get(1).loss()) / 2, within(1e-6));
      assertThat(seen.get(3).meanLoss())
          .isCloseTo(r.history().get(0).losses().get("total"), within(1e-6));
      assertThat(seen.get(3).last()).isTrue();
      assertThat(seen.get(3).total()).isEqualTo(64);
      // A listener with only the older per-batch method still hears of each batch.
      assertThat(legacy).containsExactlyElementsOf(seen.stream().map(BatchProgress::loss).toList());
    }
  }

  @Test
  void aDivergedRunStopsSayingWhereTheNonFiniteValuesAre() {
    TrainConfig cfg =
        TrainConfig.builder().optEpochs(30).optBatchSize(16).optOptimizer("sgd").optLr(10f).build();
    // With validation: the weights stay finite but overflow the logits of the validation images.
    try (ClassifierModel m = newModel("mlp", 4)) {
      assertThatThrownBy(() -> train(m, cfg, null, false))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(
              "training diverged in epoch 1 (on the validation images, the model's logits "
                  + "for image 0 are not finite (Infinity)); try a smaller lr")
          .satisfies(
              e ->
                  assertThat(((TrainingDivergedException) e).message(f -> "<" + f + ">"))
                      .endsWith("(Infinity)); try a smaller <lr>"));
    }
    // Without: the next batch's loss is not finite; the message names each term and the inputs.
    try (ClassifierModel m = newModel("mlp", 4)) {
      TrainingLoop loop =
          TrainingLoop.builder()
              .setModel(m)
              .setConfig(cfg)
              .setSource(new LabeledImages(TRAIN, m.metadata().normalization(), 16))
              .build();
      assertThatThrownBy(loop::run)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("training diverged at epoch ")
          .hasMessageContaining(" (total ")
          .hasMessageContaining("; non-finite inputs: none; non-finite outputs: logits ")
          .hasMessageContaining("; non-finite weights after the step: ")
          .hasMessageEndingWith("); try a smaller lr");
    }
  }

  @Test
  void clippingBoundsTheStepByNormOrByValueAndReportsHowOftenItActed() {
    // One step of plain SGD at lr 1 (the 64 images in one batch): the weights move by exactly
    // the gradient, so clipping it bounds the step.
    TrainConfig sgd =
        TrainConfig.builder()
            .optEpochs(1)
            .optBatchSize(64)
            .optOptimizer("sgd")
            .optMomentum(0f)
            .optWeightDecay(0f)
            .optLr(1f)
            .optSchedule(LearningRates.Schedule.CONSTANT)
            .build();
    float[] free = step(sgd);
    double freeNorm = norm(free);
    assertThat(freeNorm).isGreaterThan(0.05);
    float[] byNorm = step(sgd.toBuilder().optClipGrad(0.05f).build());
    assertThat(norm(byNorm)).isCloseTo(0.05, Offset.offset(1e-4));
    for (int i = 0; i < free.length; i++) {
      // The same direction, scaled.
      assertThat((double) byNorm[i]).isCloseTo(free[i] * 0.05 / freeNorm, Offset.offset(1e-5));
    }
    float[] byValue = step(sgd.toBuilder().optClipGrad(0.001f).optClipMode("value").build());
    for (int i = 0; i < free.length; i++) {
      assertThat((double) byValue[i])
          .isCloseTo(Math.max(-0.001, Math.min(0.001, free[i])), Offset.offset(1e-6));
    }
  }

  /**
   * @return the change of every weight after one epoch (one step) with this config
   */
  private static float[] step(TrainConfig cfg) {
    try (ClassifierModel m = newModel("mlp", 8)) {
      float[] before = weights(m);
      TrainingLoop.Result r =
          TrainingLoop.builder()
              .setModel(m)
              .setConfig(cfg)
              .setSource(new LabeledImages(TRAIN, m.metadata().normalization(), 64))
              .build()
              .run();
      if (cfg.clipGrad() > 0) {
        assertThat(r.history().get(0).rates()).containsEntry("clipped", 1.0);
      } else {
        assertThat(r.history().get(0).rates()).doesNotContainKey("clipped");
      }
      float[] after = weights(m);
      float[] d = new float[before.length];
      for (int i = 0; i < d.length; i++) {
        d[i] = before[i] - after[i];
      }
      return d;
    }
  }

  private static float[] weights(ClassifierModel m) {
    List<Float> all = new ArrayList<>();
    for (var p : m.block().getParameters()) {
      for (float v : p.getValue().getArray().toFloatArray()) {
        all.add(v);
      }
    }
    float[] w = new float[all.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = all.get(i);
    }
    return w;
  }

  private static double norm(float[] v) {
    double s = 0;
    for (float x : v) {
      s += (double) x * x;
    }
    return Math.sqrt(s);
  }

  @Test
  void sameSeedGivesBitIdenticalWeights() {
    TrainConfig cfg = TrainConfig.builder().optEpochs(2).optBatchSize(16).optSeed(3).build();
    byte[] a;
    byte[] b;
    try (ClassifierModel m = newModel("cnn-small", 3)) {
      train(m, cfg, null, false);
      a = m.parameterBytes();
    }
    try (ClassifierModel m = newModel("cnn-small", 3)) {
      train(m, cfg, null, false);
      b = m.parameterBytes();
    }
    assertThat(a).isEqualTo(b);
  }

  @Test
  void resumedRunEndsBitIdenticalToUninterruptedOne(@TempDir Path dir) throws Exception {
    TrainConfig full =
        TrainConfig.builder()
            .optEpochs(3)
            .optBatchSize(16)
            .optOptimizer("sgd")
            .optLr(0.05f)
            .optNesterov(true)
            .build();
    byte[] uninterrupted;
    try (ClassifierModel m = newModel("mlp", 5)) {
      train(m, full, dir.resolve("a"), false);
      uninterrupted = Checkpoint.read(TrainingLoop.lastCheckpoint(dir.resolve("a"))).params();
    }
    try (ClassifierModel m = newModel("mlp", 5)) {
      // Stop after 2 of 3 epochs (the schedule still spans 3), then resume in a fresh model.
      TrainConfig two = full.toBuilder().build();
      TrainingLoop.builder()
          .setModel(m)
          .setConfig(two)
          .setSource(new LabeledImages(TRAIN, m.metadata().normalization(), 16))
          .optValidation(VAL)
          .optCheckpointDir(dir.resolve("b"))
          .addListener(new StopAfter(2))
          .build()
          .run();
    } catch (StopAfter.Stop expected) {
      // simulated crash after epoch 2's checkpoint
    }
    assertThat(Files.exists(TrainingLoop.lastCheckpoint(dir.resolve("b")))).isTrue();
    try (ClassifierModel m = newModel("mlp", 99)) {
      List<Integer> seen = new ArrayList<>();
      List<Integer> started = new ArrayList<>();
      TrainingLoop.Result r =
          TrainingLoop.builder()
              .setModel(m)
              .setConfig(full)
              .setSource(new LabeledImages(TRAIN, m.metadata().normalization(), full.batchSize()))
              .optValidation(VAL)
              .optCheckpointDir(dir.resolve("b"))
              .optResume(true)
              .addListener(
                  new TrainingLoop.Listener() {
                    @Override
                    public void onEpochStart(int epoch) {
                      started.add(epoch);
                    }

                    @Override
                    public void onEpoch(EpochMetrics e, List<EpochMetrics> history) {
                      seen.add(history.size());
                    }
                  })
              .build()
              .run();
      // The resumed epoch's listener sees the epochs from before the crash too.
      assertThat(seen).containsExactly(3);
      // Epoch-start listeners (gradual unfreezing) hear of the resumed epoch before it runs.
      assertThat(started).containsExactly(3);
      assertThat(r.history()).hasSize(3);
      byte[] resumed = Checkpoint.read(TrainingLoop.lastCheckpoint(dir.resolve("b"))).params();
      assertThat(resumed).isEqualTo(uninterrupted);
    }
  }

  @Test
  void checkpointRecordsStepsAndDataOrderAndRefusesAnotherSeedOrBatchSize(@TempDir Path dir) {
    TrainConfig cfg = TrainConfig.builder().optEpochs(1).optBatchSize(16).optSeed(4).build();
    try (ClassifierModel m = newModel("linear", 4)) {
      train(m, cfg, dir, false);
    }
    Checkpoint.State s = Checkpoint.read(TrainingLoop.lastCheckpoint(dir)).state();
    assertThat(s.seed()).isEqualTo(4);
    assertThat(s.batchesPerEpoch()).isEqualTo(TRAIN.size() / 16);
    assertThat(s.steps()).isEqualTo(s.batchesPerEpoch());
    assertThat(s.imagesPerEpoch()).isEqualTo(TRAIN.size());
    for (TrainConfig other :
        new TrainConfig[] {
          cfg.toBuilder().optEpochs(2).optSeed(5).build(),
          cfg.toBuilder().optEpochs(2).optBatchSize(8).build()
        }) {
      try (ClassifierModel m = newModel("linear", 4)) {
        Assertions.assertThatThrownBy(() -> train(m, other, dir, true))
            .isInstanceOf(dev.pupil.BadInputException.class)
            .hasMessageContaining("last.ckpt")
            .hasMessageContaining(other.seed() == 5 ? "seed 5" : "batches per epoch");
      }
    }
  }

  /** Throws after the given epoch's checkpoint has been written. */
  private static final class StopAfter implements TrainingLoop.Listener {
    static final class Stop extends RuntimeException {
      private static final long serialVersionUID = 1L;
    }

    private final int epoch;

    StopAfter(int epoch) {
      this.epoch = epoch;
    }

    @Override
    public void onEpoch(EpochMetrics metrics) {
      if (metrics.epoch() == epoch) {
        throw new Stop();
      }
    }
  }
}
