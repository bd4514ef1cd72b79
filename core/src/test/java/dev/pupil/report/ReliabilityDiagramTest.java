package dev.pupil.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pupil.eval.Calibration;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReliabilityDiagramTest {
  @Test
  void writesAPngWithBothPanels(@TempDir Path dir) throws Exception {
    double[] conf = {0.95, 0.95, 0.9, 0.6, 0.55, 0.35};
    boolean[] ok = {true, false, true, true, false, false};
    Calibration c = Calibration.of(conf, ok, Calibration.DEFAULT_BINS);
    Path png = dir.resolve("reliability.png");
    ReliabilityDiagram.write(png, c, "test");
    BufferedImage img = ImageIO.read(png.toFile());
    assertThat(img.getWidth()).isEqualTo(ReliabilityDiagram.WIDTH);
    assertThat(img.getHeight())
        .isEqualTo(ReliabilityDiagram.TOP_HEIGHT + ReliabilityDiagram.BOTTOM_HEIGHT);
    // Both panels hold drawn (non-white) pixels.
    assertThat(nonWhite(img, 0, ReliabilityDiagram.TOP_HEIGHT)).isGreaterThan(1000);
    assertThat(nonWhite(img, ReliabilityDiagram.TOP_HEIGHT, img.getHeight())).isGreaterThan(500);
  }

  @Test
  void rendersWhenEveryBinIsEmpty() {
    Calibration none = Calibration.of(new double[0], new boolean[0], 15);
    BufferedImage img = ReliabilityDiagram.render(none, "empty");
    assertThat(img.getWidth()).isEqualTo(ReliabilityDiagram.WIDTH);
  }

  private static int nonWhite(BufferedImage img, int y0, int y1) {
    int n = 0;
    for (int y = y0; y < y1; y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        n += (img.getRGB(x, y) & 0xffffff) != 0xffffff ? 1 : 0;
      }
    }
    return n;
  }
}
