package dev.pupil.semisup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import dev.pupil.augment.AugmentSpec;
import dev.pupil.data.ImageSet;
import dev.pupil.data.Normalization;
import dev.pupil.eval.EvalReport;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.ModelMetadata;
import dev.pupil.models.ModelOptions;
import dev.pupil.run.RunDirectory;
import dev.pupil.train.Checkpoint;
import dev.pupil.train.ClassifierTrainer;
import dev.pupil.train.EmaWeights;
import dev.pupil.train.EpochMetrics;
import dev.pupil.train.Seeds;
import dev.pupil.train.SyntheticData;
import dev.pupil.train.TrainBatch;
import dev.pupil.train.TrainConfig;
import dev.pupil.train.TrainingLoop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FixMatch's batches, EMA weights and whole runs on tiny 8×8 bar images with cnn-tiny. */
class FixMatchTrainerTest {
  private static final ImageSet LABELED = SyntheticData.bars(8, 4, 8, 1);

  /** The pool keeps its true labels: FixMatch must not use them. */
  private static final ImageSet POOL = SyntheticData.bars(16, 4, 8, 2);

  private static final ImageSet VAL = SyntheticData.bars(12, 4, 8, 3);
  private static final Normalization NORM = Normalization.fromImages(LABELED);

  private static TrainConfig config(int epochs) {
    return TrainConfig.builder()
        .optEpochs(epochs)
        .optBatchSize(4)
        .optOptimizer("sgd")
        .optLr(0.05f)
        .optNesterov(true)
        .optSeed(9)
        .build();
  }

  @Test
  void batchesHoldLabeledWeakThenStrongViewsOfTheSameUnlabeledImages() {
    try (FixMatchImages src =
            new FixMatchImages(
                LABELED,
                SyntheticData.bars(24, 4, 8, 2),
                NORM,
                4,
                2,
                null,
                AugmentSpec.parse("vflip:1"),
                0);
        NDManager m = NDManager.newBaseManager()) {
      // 8 labeled / 4 = 2 batches; 24 unlabeled / 8 = 3 batches: the pool defines the epoch.
      assertThat(src.batchesPerEpoch()).isEqualTo(3);
      src.startEpoch(1, 0);
      TrainBatch b = src.batch(0, m);
      assertThat(b.size()).isEqualTo(8 + 8 + 4);
      int[] hard = b.hardLabels();
      for (int i = 0; i < 16; i++) {
        assertThat(hard[i]).as("row %d unlabeled", i).isEqualTo(ImageSet.UNLABELED);
      }
      for (int i = 16; i < 20; i++) {
        assertThat(hard[i]).isNotEqualTo(ImageSet.UNLABELED);
      }
      var weak = b.images().get("0:8");
      var strong = b.images().get("8:16");
      assertThat(weak.flip(2).toFloatArray()).containsExactly(strong.toFloatArray());
    }
  }

  @Test
  void emaUpdateIsExactAndBatchNormStatisticsAreCopied() {
    ModelMetadata meta =
        new ModelMetadata(
            "cnn-tiny", LABELED.classes(), 1, 8, 8, NORM, "test", 1, ModelOptions.DEFAULTS);
    Seeds.seedEngine(1);
    try (ClassifierModel live = ClassifierModel.create(meta, Device.cpu())) {
      Seeds.seedEngine(2);
      try (ClassifierModel shadow = ClassifierModel.create(meta, Device.cpu())) {
        float d = 0.9f;
        EmaWeights ema = new EmaWeights(live, shadow, d);
        ParameterList lp = live.block().getParameters();
        ParameterList sp = shadow.block().getParameters();
        int stats = 0;
        for (int i = 0; i < sp.size(); i++) {
          if (isStatistic(sp.valueAt(i))) {
            sp.valueAt(i).getArray().addi(3f); // make the shadow's statistics differ
            stats++;
          }
        }
        assertThat(stats).isPositive();
        float[][] before = new float[sp.size()][];
        for (int i = 0; i < sp.size(); i++) {
          before[i] = sp.valueAt(i).getArray().toFloatArray();
        }
        ema.update();
        boolean averaged = false;
        for (int i = 0; i < sp.size(); i++) {
          float[] w = lp.valueAt(i).getArray().toFloatArray();
          float[] s = sp.valueAt(i).getArray().toFloatArray();
          for (int j = 0; j < s.length; j++) {
            float expected = isStatistic(lp.valueAt(i)) ? w[j] : d * before[i][j] + (1 - d) * w[j];
            assertThat(s[j]).as("%s[%d]", lp.keyAt(i), j).isCloseTo(expected, within(1e-6f));
            averaged |= !isStatistic(lp.valueAt(i)) && before[i][j] != w[j];
          }
        }
        assertThat(averaged).isTrue();
      }
    }
  }

  private static boolean isStatistic(Parameter p) {
    return p.getType() == Parameter.Type.RUNNING_MEAN || p.getType() == Parameter.Type.RUNNING_VAR;
  }

  @Test
  void evaluationAndTheReturnedModelUseTheEmaWeights(@TempDir Path dir) throws Exception {
    RunDirectory run = RunDirectory.create(dir.resolve("run"));
    ClassifierTrainer.Trained t =
        FixMatchTrainer.builder()
            .setArchitecture("cnn-tiny")
            .setConfig(config(2))
            .optMu(2)
            .optThreshold(0.3f)
            .optEmaDecay(0.9f)
            .optDataThreads(0)
            .optRunDirectory(run)
            .build()
            .train(LABELED, POOL, VAL);
    try (ClassifierModel m = t.model()) {
      TrainingLoop.Result r = t.result();
      assertThat(EvalReport.evaluate(m, VAL, 64).accuracy())
          .as("the returned (EMA) model is the one validated")
          .isEqualTo(r.history().get(r.bestEpoch() - 1).valAccuracy());
      byte[] live = Checkpoint.read(TrainingLoop.lastCheckpoint(run.checkpoints())).params();
      assertThat(m.parameterBytes()).as("EMA differs from the trained weights").isNotEqualTo(live);
      for (EpochMetrics e : r.history()) {
        assertThat(e.losses()).containsOnlyKeys("total", "ce", "unlabeled");
        assertThat(e.rates().get(FixMatchTask.MASK)).isBetween(0.0, 1.0);
      }
      assertThat(Files.readString(run.metricsFile())).contains("\"mask\"");
      assertThat(run.modelFile()).exists();
      try (ClassifierModel saved = ClassifierModel.load(run.modelFile(), Device.cpu())) {
        assertThat(saved.parameterBytes()).isEqualTo(m.parameterBytes());
      }
    }
  }

  @Test
  void withDecayZeroTheEmaIsTheTrainedWeights(@TempDir Path dir) {
    RunDirectory run = RunDirectory.create(dir.resolve("run"));
    ClassifierTrainer.Trained t =
        FixMatchTrainer.builder()
            .setArchitecture("cnn-tiny")
            .setConfig(config(1))
            .optMu(2)
            .optEmaDecay(0f)
            .optDataThreads(0)
            .optRunDirectory(run)
            .build()
            .train(LABELED, POOL, null);
    try (ClassifierModel m = t.model()) {
      byte[] live = Checkpoint.read(TrainingLoop.lastCheckpoint(run.checkpoints())).params();
      assertThat(m.parameterBytes()).isEqualTo(live);
    }
  }

  @Test
  void theSameSeedGivesTheSameWeightsWhateverTheThreads() {
    byte[] a;
    byte[] b;
    try (ClassifierModel m = train(0)) {
      a = m.parameterBytes();
    }
    try (ClassifierModel m = train(2)) {
      b = m.parameterBytes();
    }
    assertThat(a).isEqualTo(b);
  }

  private static ClassifierModel train(int threads) {
    return FixMatchTrainer.builder()
        .setArchitecture("cnn-tiny")
        .setConfig(config(1))
        .optMu(2)
        .optThreshold(0.3f)
        .optDataThreads(threads)
        .build()
        .train(LABELED, POOL, null)
        .model();
  }

  @Test
  void aRunStoppedAfterAnEpochResumesToTheUninterruptedWeights(@TempDir Path dir) throws Exception {
    byte[] whole;
    try (ClassifierModel m =
        fixMatch(RunDirectory.create(dir.resolve("whole")), false, null)
            .train(LABELED, POOL, VAL)
            .model()) {
      whole = m.parameterBytes();
    }
    RunDirectory run = RunDirectory.create(dir.resolve("stopped"));
    TrainingLoop.Listener crash =
        new TrainingLoop.Listener() {
          @Override
          public void onEpoch(EpochMetrics m, List<EpochMetrics> history) {
            throw new IllegalStateException("stopped after epoch " + m.epoch());
          }
        };
    assertThatThrownBy(() -> fixMatch(run, false, crash).train(LABELED, POOL, VAL))
        .hasMessage("stopped after epoch 1");
    Path last = TrainingLoop.lastCheckpoint(run.checkpoints());
    assertThat(Checkpoint.read(last).evaluatedParams())
        .as("the EMA weights are checkpointed")
        .isNotEmpty();
    try (ClassifierModel m = fixMatch(run, true, null).train(LABELED, POOL, VAL).model()) {
      assertThat(m.parameterBytes()).isEqualTo(whole);
    }
    // A checkpoint without the averaged weights (a plain training run's) cannot continue one.
    RunDirectory plain = RunDirectory.create(dir.resolve("plain"));
    Checkpoint.Contents c = Checkpoint.read(last);
    Checkpoint.write(TrainingLoop.lastCheckpoint(plain.checkpoints()), c.state(), c.params(), null);
    assertThatThrownBy(() -> fixMatch(plain, true, null).train(LABELED, POOL, VAL))
        .hasMessageContaining("holds no weights of the evaluated (averaged) model");
  }

  private static FixMatchTrainer fixMatch(
      RunDirectory run, boolean resume, TrainingLoop.Listener listener) {
    FixMatchSettings.Builder b =
        FixMatchTrainer.builder()
            .setArchitecture("cnn-tiny")
            .setConfig(config(2))
            .optMu(2)
            .optThreshold(0.3f)
            .optEmaDecay(0.9f)
            .optDataThreads(0)
            .optRunDirectory(run)
            .optResume(resume);
    if (listener != null) {
      b.addListener(listener);
    }
    return b.build();
  }

  @Test
  void buildRejectsBadSettings() {
    assertThatThrownBy(
            () ->
                FixMatchTrainer.builder()
                    .setArchitecture("cnn-tiny")
                    .setConfig(config(1))
                    .optThreshold(0f)
                    .build())
        .hasMessageContaining("threshold must be in (0, 1], got 0.0");
    assertThatThrownBy(
            () ->
                FixMatchTrainer.builder()
                    .setArchitecture("cnn-tiny")
                    .setConfig(config(1))
                    .optMu(0)
                    .build())
        .hasMessageContaining("mu must be >= 1, got 0");
    assertThatThrownBy(
            () ->
                FixMatchTrainer.builder()
                    .setArchitecture("cnn-tiny")
                    .setConfig(config(1))
                    .optEmaDecay(1f)
                    .build())
        .hasMessageContaining("emaDecay must be in [0, 1)");
    assertThatThrownBy(
            () ->
                FixMatchTrainer.builder()
                    .setArchitecture("cnn-tiny")
                    .setConfig(config(1))
                    .optLambda(-1f)
                    .build())
        .hasMessageContaining("lambda must be >= 0");
    assertThatThrownBy(() -> FixMatchTrainer.builder().setConfig(config(1)).build())
        .hasMessageContaining("architecture is required");
  }

  @Test
  void anInitialModelGivesTheStartingWeightsArchitectureAndPreprocessing() {
    Normalization own = Normalization.of(new float[] {0.25f}, new float[] {0.5f});
    ClassifierTrainer.Trained supervised =
        ClassifierTrainer.builder()
            .setArchitecture("cnn-tiny")
            .setConfig(config(3))
            .optNormalization(own)
            .build()
            .train(LABELED, null);
    try (ClassifierModel init = supervised.model()) {
      TrainConfig still = config(1).toBuilder().optLr(1e-9f).optNesterov(false).build();
      try (ClassifierModel m =
          FixMatchTrainer.builder()
              .optInitialModel(init)
              .setConfig(still)
              .optMu(2)
              .optEmaDecay(0f)
              .optDataThreads(0)
              .build()
              .train(LABELED, POOL, null)
              .model()) {
        assertThat(m.metadata().architecture()).isEqualTo("cnn-tiny");
        assertThat(m.metadata().normalization()).isEqualTo(own);
        ParameterList a = init.block().getParameters();
        ParameterList b = m.block().getParameters();
        for (int i = 0; i < a.size(); i++) {
          if (!isStatistic(a.valueAt(i))) { // running statistics follow the pool's batches
            assertThat(b.valueAt(i).getArray().toFloatArray())
                .as(a.keyAt(i))
                .containsExactly(a.valueAt(i).getArray().toFloatArray(), within(1e-5f));
          }
        }
      }
      try (ClassifierModel scratch = train(0)) {
        assertThat(scratch.parameterBytes()).isNotEqualTo(init.parameterBytes());
      }
    }
  }

  @Test
  void anInitialModelMustMatchTheArchitectureClassesAndImages() {
    ClassifierTrainer.Trained supervised =
        ClassifierTrainer.builder()
            .setArchitecture("cnn-tiny")
            .setConfig(config(1))
            .build()
            .train(LABELED, null);
    try (ClassifierModel init = supervised.model()) {
      assertThatThrownBy(
              () ->
                  FixMatchTrainer.builder()
                      .setArchitecture("mlp")
                      .optInitialModel(init)
                      .setConfig(config(1))
                      .build())
          .hasMessageContaining("the initial model is a cnn-tiny, not a mlp");
      FixMatchTrainer t =
          FixMatchTrainer.builder()
              .optInitialModel(init)
              .setConfig(config(1))
              .optMu(2)
              .optDataThreads(0)
              .build();
      ImageSet threeClasses = SyntheticData.bars(8, 3, 8, 1);
      assertThatThrownBy(() -> t.train(threeClasses, POOL, null))
          .hasMessageContaining("the initial model's classes");
      ImageSet larger = SyntheticData.bars(8, 4, 12, 1);
      assertThatThrownBy(() -> t.train(larger, SyntheticData.bars(8, 4, 12, 2), null))
          .hasMessageContaining(
              "the initial model takes 1x8x8 images, the labeled images are " + "1x12x12");
    }
  }
}
