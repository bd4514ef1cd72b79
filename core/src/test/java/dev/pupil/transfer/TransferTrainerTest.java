package dev.pupil.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.pupil.BadInputException;
import dev.pupil.data.ImageSet;
import dev.pupil.data.Normalization;
import dev.pupil.eval.EvalReport;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.ModelMetadata;
import dev.pupil.run.RunDirectory;
import dev.pupil.train.ClassifierTrainer;
import dev.pupil.train.SyntheticData;
import dev.pupil.train.TrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cnn-small pretrained on 4 bar classes, transferred to 3 new ones (12×12 gray). */
class TransferTrainerTest {
  static final ImageSet SOURCE = SyntheticData.bars(64, 4, 12, 1);
  static final ImageSet TARGET = SyntheticData.bars(48, 3, 12, 2);
  static final ImageSet TARGET_VAL = SyntheticData.bars(30, 3, 12, 3);
  static ClassifierModel pretrained;

  @BeforeAll
  static void pretrain() {
    TrainConfig cfg = TrainConfig.builder().optEpochs(3).optBatchSize(16).optLr(0.01f).build();
    pretrained =
        ClassifierTrainer.builder()
            .setArchitecture("cnn-small")
            .setConfig(cfg)
            .build()
            .train(SOURCE, null)
            .model();
  }

  @AfterAll
  static void close() {
    pretrained.close();
  }

  static TransferTrainer.Trained transfer(TransferPlan plan, TrainConfig cfg) {
    return TransferTrainer.builder()
        .setPretrained(pretrained)
        .setPlan(plan)
        .setConfig(cfg)
        .build()
        .train(TARGET, null);
  }

  static TrainConfig config(int epochs) {
    return TrainConfig.builder().optEpochs(epochs).optBatchSize(16).optLr(0.01f).optSeed(5).build();
  }

  /** Every parameter's values by full name. */
  static Map<String, float[]> values(ClassifierModel m) {
    Map<String, float[]> v = new LinkedHashMap<>();
    for (Pair<String, Parameter> p : m.block().getParameters()) {
      v.put(p.getKey(), p.getValue().getArray().toFloatArray());
    }
    return v;
  }

  static boolean isRunningStatistic(String name) {
    return name.endsWith("runningMean") || name.endsWith("runningVar");
  }

  @Test
  void newHeadHasTheNewClassesAndTheBackboneIsCopied() {
    try (TransferTrainer.Trained t =
        transfer(TransferPlan.builder(Approach.HEAD).optFreezeBatchNorm(true).build(), config(1))) {
      ClassifierModel m = t.model();
      assertThat(m.metadata().classes()).containsExactly("c0", "c1", "c2");
      assertThat(Arrays.stream(m.logits(TARGET, 16)).mapToInt(r -> r.length)).containsOnly(3);
      assertThat(pretrained.logits(TARGET, 16)[0]).hasSize(4);
      assertThat(t.record().reinitialized()).allMatch(n -> n.startsWith("02head"));
      assertThat(t.record().copiedParameters()).isGreaterThan(0);
      assertThat(t.record().pretrainedClasses()).hasSize(4);
    }
  }

  @Test
  void approachOneLeavesTheFrozenBackboneBitIdentical() {
    Map<String, float[]> before = values(pretrained);
    for (boolean freezeBn : new boolean[] {true, false}) {
      try (TransferTrainer.Trained t =
          transfer(
              TransferPlan.builder(Approach.HEAD).optFreezeBatchNorm(freezeBn).build(),
              config(3))) {
        Map<String, float[]> after = values(t.model());
        boolean statsMoved = false;
        for (String name : after.keySet()) {
          if (name.startsWith("02head")) {
            continue;
          }
          if (isRunningStatistic(name) && !freezeBn) {
            statsMoved |= !Arrays.equals(before.get(name), after.get(name));
          } else {
            assertThat(after.get(name))
                .as(name + " freezeBn=" + freezeBn)
                .isEqualTo(before.get(name));
          }
        }
        // Without --freeze-bn the frozen backbone's batch norm still tracks the new data.
        assertThat(statsMoved).isEqualTo(!freezeBn);
        assertThat(t.record().groups())
            .filteredOn(g -> g.depth() > 0)
            .allSatisfy(g -> assertThat(g.frozen()).isTrue());
        assertThat(t.record().groups().get(0).lr()).isEqualTo(0.01f);
      }
    }
  }

  @Test
  void approachTwoMovesTheBackboneByTheScaleOfItsRate() {
    // One plain SGD step from the same weights on the same batch: the same gradients. With
    // backbone factor 0.1 every backbone parameter moves a tenth as far as with factor 1; the
    // head moves the same.
    TrainConfig one =
        TrainConfig.builder()
            .optEpochs(1)
            .optBatchSize(48)
            .optOptimizer("sgd")
            .optMomentum(0f)
            .optWeightDecay(0f)
            .optLr(0.05f)
            .optSeed(5)
            .build();
    Map<String, float[]> start = values(pretrained);
    Map<String, float[]> slow;
    Map<String, float[]> fast;
    Map<String, float[]> headStart;
    try (TransferTrainer.Trained t =
        transfer(
            TransferPlan.builder(Approach.FINETUNE)
                .optBackboneLrScale(0.1f)
                .optFreezeBatchNorm(true)
                .build(),
            one)) {
      slow = values(t.model());
    }
    try (TransferTrainer.Trained t =
        transfer(
            TransferPlan.builder(Approach.FINETUNE)
                .optBackboneLrScale(1f)
                .optFreezeBatchNorm(true)
                .build(),
            one)) {
      fast = values(t.model());
    }
    int checked = 0;
    for (String name : slow.keySet()) {
      if (name.startsWith("02head")) {
        assertThat(slow.get(name)).isEqualTo(fast.get(name));
        continue;
      }
      if (isRunningStatistic(name)) {
        continue;
      }
      float[] s = slow.get(name);
      float[] f = fast.get(name);
      float[] w = start.get(name);
      double moveSlow = 0;
      double moveFast = 0;
      for (int i = 0; i < w.length; i++) {
        moveSlow += Math.abs(s[i] - w[i]);
        moveFast += Math.abs(f[i] - w[i]);
      }
      assertThat(moveFast).as(name).isGreaterThan(0);
      assertThat(moveSlow / moveFast).as(name).isCloseTo(0.1, Offset.offset(0.01));
      checked++;
    }
    assertThat(checked).isGreaterThan(4);
  }

  @Test
  void cachedFeaturesTrainTheHeadAsTheFrozenBackboneWould() {
    Map<String, float[]> cached;
    Map<String, float[]> direct;
    try (TransferTrainer.Trained t =
        transfer(TransferPlan.builder(Approach.HEAD).optCacheFeatures(true).build(), config(3))) {
      cached = values(t.model());
      assertThat(t.record().cachedFeatureDimension()).isEqualTo(128);
      assertThat(t.record().plan().freezeBatchNorm()).isTrue();
    }
    try (TransferTrainer.Trained t =
        transfer(TransferPlan.builder(Approach.HEAD).optFreezeBatchNorm(true).build(), config(3))) {
      direct = values(t.model());
    }
    for (String name : cached.keySet()) {
      float[] a = cached.get(name);
      float[] b = direct.get(name);
      for (int i = 0; i < a.length; i++) {
        assertThat(a[i]).as(name).isCloseTo(b[i], Offset.offset(1e-4f));
      }
    }
  }

  @Test
  void gradualUnfreezingTrainsTheTopGroupsFirst() {
    // cnn-small's backbone groups from the top: FC 128, conv 64, conv 32. With one step per epoch
    // over two epochs, the head trains in both, FC 128 from epoch 2, the convolutions never.
    Map<String, float[]> before = values(pretrained);
    try (TransferTrainer.Trained t =
        transfer(
            TransferPlan.builder(Approach.FINETUNE)
                .optUnfreezeEvery(1)
                .optFreezeBatchNorm(true)
                .build(),
            config(2))) {
      Map<String, float[]> after = values(t.model());
      List<TransferRecord.GroupRecord> groups = t.record().groups();
      assertThat(groups)
          .extracting(TransferRecord.GroupRecord::trainsFromEpoch)
          .containsExactly(1, 2, 3, 4);
      for (TransferRecord.GroupRecord g : groups.subList(1, groups.size())) {
        boolean moved = false;
        for (String name : g.parameters()) {
          moved |= !Arrays.equals(before.get(name), after.get(name));
        }
        assertThat(moved).as(g.name()).isEqualTo(g.depth() == 1);
      }
    }
  }

  @Test
  void layerDecayScalesEachGroupBelowTheOneAbove() {
    try (TransferTrainer.Trained t =
        transfer(
            TransferPlan.builder(Approach.FINETUNE)
                .optBackboneLrScale(0.5f)
                .optLayerDecay(0.5f)
                .build(),
            config(1))) {
      assertThat(t.record().groups())
          .extracting(TransferRecord.GroupRecord::lrScale)
          .containsExactly(1f, 0.5f, 0.25f, 0.125f);
      assertThat(t.record().groups())
          .extracting(TransferRecord.GroupRecord::lr)
          .containsExactly(0.01f, 0.005f, 0.0025f, 0.00125f);
    }
  }

  @Test
  void sameSeedGivesBitIdenticalWeightsAndFineTuningLearns() {
    TransferPlan plan = TransferPlan.builder(Approach.FINETUNE).build();
    byte[] a;
    try (TransferTrainer.Trained t = transfer(plan, config(4))) {
      a = t.model().parameterBytes();
      assertThat(EvalReport.evaluate(t.model(), TARGET_VAL, 64).accuracy()).isGreaterThan(0.9);
    }
    try (TransferTrainer.Trained t = transfer(plan, config(4))) {
      assertThat(t.model().parameterBytes()).isEqualTo(a);
    }
  }

  @Test
  void runFolderRecordsFrozenGroupsAndReloads(@TempDir Path dir) throws Exception {
    var run = RunDirectory.create(dir.resolve("run"));
    try (ClassifierModel m =
        TransferTrainer.builder()
            .setPretrained(pretrained)
            .setPlan(TransferPlan.builder(Approach.HEAD).build())
            .setConfig(config(1))
            .optRunDirectory(run)
            .build()
            .train(TARGET, TARGET_VAL)
            .model()) {
      String json = Files.readString(run.root().resolve("transfer.json"));
      assertThat(json)
          .contains("\"frozen\": true")
          .contains("\"approach\": \"head\"")
          .contains("backbone/");
      try (ClassifierModel back = ClassifierModel.load(run.modelFile(), Device.cpu())) {
        assertThat(back.parameterBytes()).isEqualTo(m.parameterBytes());
        assertThat(back.metadata().classes()).hasSize(3);
      }
    }
  }

  @Test
  void plansAndInputsAreValidatedNamingTheField() {
    assertThatThrownBy(() -> TransferPlan.builder(Approach.HEAD).optUnfreezeEvery(2).build())
        .isInstanceOf(BadInputException.class)
        .hasMessage("unfreezeEvery applies to approach finetune (approach head never unfreezes)");
    assertThatThrownBy(() -> TransferPlan.builder(Approach.FINETUNE).optCacheFeatures(true).build())
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith("cacheFeatures ");
    assertThatThrownBy(() -> TransferPlan.builder(Approach.FINETUNE).optBackboneLrScale(0f).build())
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith("backboneLrScale ");
    assertThatThrownBy(() -> TransferPlan.builder(Approach.FINETUNE).optLayerDecay(1.5f).build())
        .isInstanceOf(BadInputException.class)
        .extracting(e -> ((BadInputException) e).field())
        .isEqualTo("layerDecay");
    assertThatThrownBy(() -> Approach.parse("partial"))
        .isInstanceOf(BadInputException.class)
        .hasMessage("approach must be head or finetune, got 'partial'");
    ImageSet big = SyntheticData.bars(8, 2, 16, 1);
    assertThatThrownBy(
            () ->
                TransferTrainer.builder()
                    .setPretrained(pretrained)
                    .setPlan(TransferPlan.builder(Approach.HEAD).build())
                    .setConfig(config(1))
                    .build()
                    .train(big, null))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("16x16");
    assertThatThrownBy(
            () ->
                TransferTrainer.builder()
                    .setPlan(TransferPlan.builder(Approach.HEAD).build())
                    .setConfig(config(1))
                    .build())
        .hasMessageContaining("pretrained");
  }

  /** A cnn-small for 12×12 gray images with these classes. */
  static ModelMetadata metadataLike(List<String> classes) {
    return new ModelMetadata(
        "cnn-small",
        classes,
        1,
        12,
        12,
        Normalization.of(new float[] {0.5f}, new float[] {0.25f}),
        "test",
        1);
  }
}
