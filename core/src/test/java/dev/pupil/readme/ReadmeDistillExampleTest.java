package dev.pupil.readme;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.pupil.data.ImageSet;
import dev.pupil.distill.Distiller;
import dev.pupil.distill.TransferImages;
import dev.pupil.eval.EvalReport;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.FrozenModel;
import dev.pupil.train.ClassifierTrainer;
import dev.pupil.train.SyntheticData;
import dev.pupil.train.TrainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keeps the README's distillation example compiling, running, and identical to the README. */
class ReadmeDistillExampleTest {
  // README-DISTILL-BEGIN
  static double distillAndEvaluate(
      Path teacherFile, ImageSet labeled, ImageSet unlabeled, ImageSet test) {
    TrainConfig config = TrainConfig.builder().optEpochs(5).optLr(2e-3f).optSeed(7).build();
    try (ClassifierModel teacherModel = ClassifierModel.load(teacherFile, Device.cpu())) {
      Distiller distiller =
          Distiller.builder()
              .setTeacher(FrozenModel.of(teacherModel))
              .setArchitecture("cnn-tiny")
              .setConfig(config)
              .optTemperature(4f)
              .optAlpha(0.9f)
              .build();
      // Labeled images get α·T²·KL + (1 − α)·CE, unlabeled ones the T²·KL term alone.
      ImageSet transfer = TransferImages.join(labeled, unlabeled);
      try (ClassifierModel student = distiller.train(transfer, null).model()) {
        return EvalReport.evaluate(student, test, 256).accuracy();
      }
    }
  }

  // README-DISTILL-END

  @Test
  void readmeDistillationExampleRuns(@TempDir Path dir) throws Exception {
    ImageSet all = SyntheticData.bars(400, 4, 12, 1);
    ImageSet test = SyntheticData.bars(80, 4, 12, 2);
    Path teacherFile = dir.resolve("teacher.pupil");
    TrainConfig cfg = TrainConfig.builder().optEpochs(4).optLr(2e-3f).optSeed(1).build();
    try (ClassifierModel t =
        ClassifierTrainer.builder()
            .setArchitecture("cnn-small")
            .setConfig(cfg)
            .build()
            .train(all, null)
            .model()) {
      t.save(teacherFile);
    }
    int[] first = new int[40];
    int[] rest = new int[all.size() - 40];
    for (int i = 0; i < all.size(); i++) {
      if (i < 40) {
        first[i] = i;
      } else {
        rest[i - 40] = i;
      }
    }
    double acc = distillAndEvaluate(teacherFile, all.subset(first), all.subset(rest), test);
    assertThat(acc).isGreaterThan(0.9);
  }

  @Test
  void readmeShowsThisExampleVerbatim() throws Exception {
    String source =
        Files.readString(Path.of("src/test/java/dev/pupil/readme/ReadmeDistillExampleTest.java"));
    String example =
        source.substring(
            source.indexOf("// README-DISTILL-BEGIN\n") + "// README-DISTILL-BEGIN\n".length(),
            source.indexOf("  // README-DISTILL-END"));
    String readme = Files.readString(Path.of("../README.md"));
    assertThat(readme).contains(example.stripIndent().strip());
  }
}
