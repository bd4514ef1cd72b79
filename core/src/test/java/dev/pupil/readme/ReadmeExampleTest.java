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

  @Test
  void readmeExampleTrainsAndEvaluates() {
    ImageSet all = SyntheticData.bars(600, 4, 12, 1);
    ImageSet test = SyntheticData.bars(80, 4, 12, 2);
    assertThat(trainAndEvaluate(all, test)).isGreaterThan(0.9);
  }

  @Test
  void readmeShowsThisExampleVerbatim() throws Exception {
    Path here = Path.of("src/test/java/dev/pupil/readme/ReadmeExampleTest.java");
    String source = Files.readString(here);
    String example =
        source.substring(
            source.indexOf("// README-EXAMPLE-BEGIN\n") + "// README-EXAMPLE-BEGIN\n".length(),
            source.indexOf("  // README-EXAMPLE-END"));
    String readme = Files.readString(Path.of("../README.md"));
    assertThat(readme).contains(example.stripIndent().strip());
  }
}
