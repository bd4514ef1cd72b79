package dev.pupil.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Template grids decode, have the promised layout, and put each tile's peak where it belongs. */
class TemplateImagesTest {
  private static final int S = TemplateImages.SCALE;
  // Layout constants of the renderer: 6 px padding, 16 px label strip.
  private static final int PAD = 6;
  private static final int LABEL = 16;

  @Test
  void grayGridDecodesWithTheBrightestPixelAtTheLargestWeight(@TempDir Path dir)
      throws IOException {
    int h = 3;
    int w = 4;
    float[] weights = new float[2 * h * w];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = -0.5f + 0.01f * i;
    }
    weights[1 * w + 2] = 3f; // class 0 peaks at (y=1, x=2)
    weights[h * w + 2 * w] = 9f; // class 1 peaks at (y=2, x=0)
    Path png = dir.resolve("templates.png");
    TemplateImages.write(png, weights, 1, h, w, List.of("zero", "one"));

    BufferedImage img = ImageIO.read(png.toFile());
    assertThat(img).isNotNull();
    assertThat(img.getWidth()).isEqualTo(PAD + 2 * (w * S + PAD));
    assertThat(img.getHeight()).isEqualTo(PAD + h * S + LABEL + PAD);
    assertThat(brightest(img, PAD, PAD, w * S, h * S)).containsExactly(PAD + 2 * S, PAD + 1 * S);
    int x1 = PAD + w * S + PAD;
    assertThat(brightest(img, x1, PAD, w * S, h * S)).containsExactly(x1 + 0 * S, PAD + 2 * S);
    assertThat(img.getRaster().getSample(PAD + 2 * S, PAD + S, 0)).isEqualTo(255);
    assertThat(Files.list(dir)).containsExactly(png); // no temporary file left behind
  }

  @Test
  void rgbTileKeepsTheChannelOfTheLargestWeight() {
    int h = 2;
    int w = 2;
    float[] weights = new float[3 * h * w];
    weights[2 * h * w + 1] = 1f; // blue channel, (y=0, x=1)
    BufferedImage img = TemplateImages.render(weights, 3, h, w, List.of("sky"));
    assertThat(img.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
    int rgb = img.getRGB(PAD + S, PAD);
    assertThat(rgb & 0xFFFFFF).isEqualTo(0x0000FF);
    assertThat(img.getRGB(PAD, PAD) & 0xFFFFFF).isEqualTo(0x000000);
  }

  @Test
  void badShapesAreNamed() {
    assertThatThrownBy(() -> TemplateImages.render(new float[5], 1, 2, 2, List.of("a")))
        .hasMessage("weights holds 5 values, expected 1 classes × 4");
    assertThatThrownBy(() -> TemplateImages.render(new float[4], 2, 1, 2, List.of("a")))
        .hasMessage("channels must be 1 or 3, got 2");
  }

  /** Top-left-most brightest pixel of band 0 in a region, as {x, y}. */
  private static int[] brightest(BufferedImage img, int x0, int y0, int w, int h) {
    int best = -1;
    int[] at = null;
    for (int y = y0; y < y0 + h; y++) {
      for (int x = x0; x < x0 + w; x++) {
        int v = img.getRaster().getSample(x, y, 0);
        if (v > best) {
          best = v;
          at = new int[] {x, y};
        }
      }
    }
    return at;
  }
}
