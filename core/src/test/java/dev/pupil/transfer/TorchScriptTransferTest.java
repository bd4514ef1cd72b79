package dev.pupil.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.pupil.data.ImageSet;
import dev.pupil.data.Normalization;
import dev.pupil.eval.EvalReport;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.ModelMetadata;
import dev.pupil.models.TorchScript;
import dev.pupil.run.RunDirectory;
import dev.pupil.train.Seeds;
import dev.pupil.train.SyntheticData;
import dev.pupil.train.TrainConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fine-tuning the TorchScript fixture (a 3-class bar detector made in PyTorch) on 2 other bar
 * classes: approach 2 trains the module's own weights, approach 1 leaves them as they were.
 */
class TorchScriptTransferTest {
  static final ImageSet TRAIN = SyntheticData.bars(64, 2, 12, 4);
  static final ImageSet VAL = SyntheticData.bars(40, 2, 12, 5);
  static final Normalization NORM = Normalization.of(new float[] {0.3f}, new float[] {0.3f});

  static ClassifierModel load(String method) {
    ModelMetadata meta =
        new ModelMetadata(TorchScript.ARCHITECTURE, TRAIN.classes(), 1, 12, 12, NORM, "test", 0);
    Seeds.seedEngine(0);
    return TorchScript.load(
        TorchScriptImportTest.FIXTURE, method, meta, Device.cpu(), TorchScript.Permission.ALLOW);
  }

  static TrainConfig config(int epochs, float lr) {
    return TrainConfig.builder().optEpochs(epochs).optBatchSize(16).optLr(lr).optSeed(3).build();
  }

  @Test
  void fineTunesTheModulesWeightsAndReloadsWithPermission(@TempDir Path dir) {
    RunDirectory run = RunDirectory.create(dir.resolve("run"));
    try (ClassifierModel source = load("features");
        TransferTrainer.Trained t =
            TransferTrainer.builder()
                .setPretrained(source)
                .setPlan(TransferPlan.builder(Approach.FINETUNE).build())
                .setConfig(config(20, 0.03f))
                .optRunDirectory(run)
                .build()
                .train(TRAIN, null)) {
      Map<String, float[]> before = TransferTrainerTest.values(source);
      Map<String, float[]> after = TransferTrainerTest.values(t.model());
      assertThat(after.get("01backbone_conv1.weight"))
          .isNotEqualTo(before.get("01backbone_conv1.weight"));
      assertThat(after).doesNotContainKey("01backbone_fc.weight");
      assertThat(t.record().groups())
          .extracting(TransferRecord.GroupRecord::name)
          .containsExactly("head", "backbone/conv2", "backbone/bn1", "backbone/conv1");
      assertThat(EvalReport.evaluate(t.model(), VAL, 64).accuracy()).isGreaterThan(0.9);
      try (ClassifierModel back =
          ClassifierModel.load(run.modelFile(), Device.cpu(), TorchScript.Permission.ALLOW)) {
        assertThat(back.logits(VAL, 64)).isDeepEqualTo(t.model().logits(VAL, 64));
      }
    }
  }

  @Test
  void headApproachOnCachedFeaturesLeavesTheModuleUntouched() {
    try (ClassifierModel source = load("forward");
        TransferTrainer.Trained t =
            TransferTrainer.builder()
                .setPretrained(source)
                .setPlan(TransferPlan.builder(Approach.HEAD).optCacheFeatures(true).build())
                .setConfig(config(5, 0.01f))
                .build()
                .train(TRAIN, null)) {
      Map<String, float[]> before = TransferTrainerTest.values(source);
      Map<String, float[]> after = TransferTrainerTest.values(t.model());
      for (String name : after.keySet()) {
        if (name.startsWith("01backbone")) {
          assertThat(after.get(name)).as(name).isEqualTo(before.get(name));
        }
      }
      assertThat(t.record().cachedFeatureDimension()).isEqualTo(3);
      assertThat(t.model().logits(VAL, 64)[0]).hasSize(2);
    }
  }
}
