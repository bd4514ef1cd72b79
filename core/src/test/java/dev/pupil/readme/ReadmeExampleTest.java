package dev.pupil.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pupil.data.ImageSet;
import dev.pupil.data.Split;
import dev.pupil.data.Splits;
import dev.pupil.eval.EvalReport;
import dev.pupil.models.ClassifierModel;
import dev.pupil.train.ClassifierTrainer;
import dev.pupil.train.SyntheticData;
import dev.pupil.train.TrainConfig;
import dev.pupil.transfer.Approach;
import dev.pupil.transfer.TransferPlan;
import dev.pupil.transfer.TransferTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Keeps the README's library example compiling, running, and identical to the README's text. */
class ReadmeExampleTest {
  // README-EXAMPLE-BEGIN
  static double trainAndEvaluate(ImageSet all, ImageSet test) {
    // 100 labels per class, 10% of the rest for validation, seed 7: the same split everywhere.
    Split split = Splits.stratified(all, 100, 0.1, 7);
    ImageSet train = all.subset(split.labeled());
    ImageSet val = all.subset(split.validation());
    TrainConfig config = TrainConfig.builder().optEpochs(5).optLr(2e-3f).optSeed(7).build();
    ClassifierTrainer trainer =
        ClassifierTrainer.builder().setArchitecture("cnn-small").setConfig(config).build();
    try (ClassifierModel model = trainer.train(train, val).model()) {
      EvalReport report = EvalReport.evaluate(model, test, 256);
      return report.accuracy();
    }
  }

  // README-EXAMPLE-END

  // README-TRANSFER-BEGIN
  static double transferAndEvaluate(ClassifierModel pretrained, ImageSet target, ImageSet test) {
    // Approach 2: a new head, every layer trained, the backbone at a tenth of the head's rate.
    TransferPlan plan = TransferPlan.builder(Approach.FINETUNE).optBackboneLrScale(0.1f).build();
    TrainConfig config =
        TrainConfig.builder().optEpochs(10).optBatchSize(16).optLr(2e-3f).optSeed(7).build();
    TransferTrainer trainer =
        TransferTrainer.builder().setPretrained(pretrained).setPlan(plan).setConfig(config).build();
    try (TransferTrainer.Trained t = trainer.train(target, null)) {
      // t.record() says what was frozen and each parameter group's learning rate.
      return EvalReport.evaluate(t.model(), test, 256).accuracy();
    }
  }

  // README-TRANSFER-END

  @Test
  void readmeExampleTrainsAndEvaluates() {
    ImageSet all = SyntheticData.bars(600, 4, 12, 1);
    ImageSet test = SyntheticData.bars(80, 4, 12, 2);
    assertThat(trainAndEvaluate(all, test)).isGreaterThan(0.9);
  }

  @Test
  void readmeTransferExampleFineTunesAPretrainedModel() {
    TrainConfig pre = TrainConfig.builder().optEpochs(3).optBatchSize(16).optLr(0.01f).build();
    try (ClassifierModel pretrained =
        ClassifierTrainer.builder()
            .setArchitecture("cnn-small")
            .setConfig(pre)
            .build()
            .train(SyntheticData.bars(64, 4, 12, 1), null)
            .model()) {
      double acc =
          transferAndEvaluate(
              pretrained, SyntheticData.bars(120, 3, 12, 3), SyntheticData.bars(60, 3, 12, 4));
      assertThat(acc).isGreaterThan(0.9);
    }
  }

  @Test
  void readmeShowsThisExampleVerbatim() throws Exception {
    for (String marker : new String[] {"EXAMPLE", "TRANSFER"}) {
      Path here = Path.of("src/test/java/dev/pupil/readme/ReadmeExampleTest.java");
      String source = Files.readString(here);
      String begin = "// README-" + marker + "-BEGIN\n";
      String example =
          source.substring(
              source.indexOf(begin) + begin.length(),
              source.indexOf("  // README-" + marker + "-END"));
      String readme = Files.readString(Path.of("../README.md"));
      assertThat(readme).as(marker).contains(example.stripIndent().strip());
    }
  }
}
