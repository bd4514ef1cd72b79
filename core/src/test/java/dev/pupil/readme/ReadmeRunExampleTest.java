package dev.pupil.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pupil.data.ImageSet;
import dev.pupil.run.DataLoader;
import dev.pupil.run.DataSpec;
import dev.pupil.run.RunDirectory;
import dev.pupil.run.SupervisedRun;
import dev.pupil.train.SyntheticData;
import dev.pupil.train.TrainConfig;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keeps the README's library-run example compiling, running, and identical to the README. */
class ReadmeRunExampleTest {
  @TempDir Path dir;

  // README-RUN-BEGIN
  static double trainIntoRunFolder(Path images, Path runFolder) {
    // One subfolder per class; 10 labels per class, the rest an unlabeled pool; seed 7.
    DataSpec data = DataSpec.ofFolder(images).withLabelsPerClass(10).withSeed(7);
    SupervisedRun.Summary s =
        SupervisedRun.builder()
            .setData(DataLoader.load(data))
            .setArchitecture("cnn-small")
            .setConfig(TrainConfig.builder().optEpochs(20).optSeed(7).build())
            .setRunDirectory(RunDirectory.create(runFolder))
            .build()
            .run();
    // runFolder holds what `pupil train` writes: `pupil report`, `eval` and `--resume` take it.
    return s.test().accuracy();
  }

  // README-RUN-END

  @Test
  void readmeRunExampleWritesARunFolder() throws Exception {
    ImageSet bars = SyntheticData.bars(160, 4, 12, 1);
    for (int i = 0; i < bars.size(); i++) {
      BufferedImage img = new BufferedImage(12, 12, BufferedImage.TYPE_BYTE_GRAY);
      for (int y = 0; y < 12; y++) {
        for (int x = 0; x < 12; x++) {
          img.getRaster().setSample(x, y, 0, bars.pixel(i, 0, y, x));
        }
      }
      Path file = dir.resolve("images").resolve(bars.classes().get(bars.label(i)));
      Files.createDirectories(file);
      ImageIO.write(img, "png", file.resolve(i + ".png").toFile());
    }
    double acc = trainIntoRunFolder(dir.resolve("images"), dir.resolve("run"));
    assertThat(acc).isGreaterThan(0.6);
    for (String f : new String[] {"config.json", "run.json", "model.pupil", "eval.json"}) {
      assertThat(dir.resolve("run").resolve(f)).exists();
    }
  }

  @Test
  void readmeShowsThisExampleVerbatim() throws Exception {
    String source =
        Files.readString(Path.of("src/test/java/dev/pupil/readme/ReadmeRunExampleTest.java"));
    String begin = "// README-RUN-BEGIN\n";
    String example =
        source.substring(
            source.indexOf(begin) + begin.length(), source.indexOf("  // README-RUN-END"));
    assertThat(Files.readString(Path.of("../README.md"))).contains(example.stripIndent().strip());
  }
}
