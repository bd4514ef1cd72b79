package dev.pupil.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The HTML builder, the heat map, the charts and the choice of confused images. */
class ReportPiecesTest {
  @Test
  void htmlEscapesTextAndEmbedsOneImagePerPlot() {
    Html page = new Html("a <title> & more");
    page.section("<h2>").table(List.of("x"), List.of(List.of("it's \"quoted\"")));
    page.png(
        Charts.lines(
            "t",
            "x",
            "y",
            List.of(new Charts.Series("s", new double[] {1, 2}, new double[] {3, 4}))),
        "<alt>");
    page.image(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB), "b");
    String html = page.toString();
    assertThat(page.imageCount()).isEqualTo(2);
    assertThat(html.split("<img ", -1)).hasSize(3);
    assertThat(html)
        .contains(
            "<title>a &lt;title&gt; &amp; more</title>",
            "<h2>&lt;h2&gt;</h2>",
            "it&#39;s &quot;quoted&quot;",
            "alt=\"&lt;alt&gt;\"");
    assertThatThrownBy(() -> page.table(List.of("a", "b"), List.of(List.of("1"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 cells");
  }

  @Test
  void heatMapSizeFollowsTheClassCount() {
    for (int n : new int[] {2, 10, 100}) {
      int[][] m = new int[n][n];
      for (int i = 0; i < n; i++) {
        m[i][i] = 5;
        m[i][(i + 1) % n] += 1;
      }
      BufferedImage img =
          ConfusionHeatMap.render(m, Collections.nCopies(n, "class with a long name"));
      int cell = ConfusionHeatMap.cellSize(n);
      assertThat(img.getWidth()).isEqualTo(ConfusionHeatMap.MARGIN + n * cell + 8);
      assertThat(img.getHeight()).isEqualTo(img.getWidth());
      assertThat(cell).isBetween(ConfusionHeatMap.MIN_CELL, ConfusionHeatMap.MAX_CELL);
    }
    assertThat(ConfusionHeatMap.cellSize(2)).isEqualTo(ConfusionHeatMap.MAX_CELL);
    assertThat(ConfusionHeatMap.cellSize(100)).isEqualTo(ConfusionHeatMap.MIN_CELL);
  }

  @Test
  void heatMapShadesByShareOfTheRow() {
    int[][] m = {{9, 1}, {0, 0}};
    BufferedImage img = ConfusionHeatMap.render(m, List.of("a", "b"));
    int cell = ConfusionHeatMap.cellSize(2);
    int x0 = ConfusionHeatMap.MARGIN;
    // a corner pixel of each cell (inside the grid line, away from the count)
    assertThat(new Color(img.getRGB(x0 + 2, x0 + 2))).isEqualTo(ConfusionHeatMap.shade(0.9));
    assertThat(new Color(img.getRGB(x0 + cell + 2, x0 + 2))).isEqualTo(ConfusionHeatMap.shade(0.1));
    assertThat(new Color(img.getRGB(x0 + 2, x0 + cell + 2))).isEqualTo(Color.WHITE);
    assertThatThrownBy(() -> ConfusionHeatMap.render(m, List.of("a")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void chartsArePngsOfTheSetSizeAndNothingToDrawIsNull() throws IOException {
    byte[] png =
        Charts.lines(
            "t",
            "x",
            "y",
            List.of(
                new Charts.Series("s", new double[] {1, 2, 3}, new double[] {Double.NaN, 1, 2})));
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(img.getWidth()).isEqualTo(Charts.WIDTH);
    assertThat(img.getHeight()).isEqualTo(Charts.HEIGHT);
    assertThat(
            Charts.lines(
                "t",
                "x",
                "y",
                List.of(new Charts.Series("s", new double[] {1}, new double[] {Double.NaN}))))
        .isNull();
    assertThat(
            ImageIO.read(
                new ByteArrayInputStream(
                    Charts.histogram("h", "c", new double[] {0, 0.5, 1}, 4, 0, 1))))
        .isNotNull();
    assertThat(
            ImageIO.read(
                new ByteArrayInputStream(
                    Charts.bars(
                        "b", "n", List.of("a", "b"), List.of("k"), List.of(new double[] {1, 2})))))
        .isNotNull();
  }

  @Test
  void mostConfidentMistakesComeFirst() {
    float[][] logits = {{5, 0}, {0, 1}, {0, 4}, {3, 0}, {0, 2}};
    int[] labels = {0, 0, 0, 1, 1};
    // wrong: 1 (p(1)≈0.73), 2 (p≈0.98), 3 (p≈0.95)
    assertThat(MistakeGrid.select(logits, labels, 10)).containsExactly(2, 3, 1);
    assertThat(MistakeGrid.select(logits, labels, 2)).containsExactly(2, 3);
    assertThat(MistakeGrid.select(new float[][] {{1, 0}}, new int[] {0}, 5)).isEmpty();
  }
}
