package dev.pupil.report;

import dev.pupil.eval.Calibration;
import dev.pupil.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A reliability diagram as in Guo et al. 2017 ("On Calibration of Modern Neural Networks", ICML,
 * figure 1): above, each confidence bin's accuracy as a bar against the diagonal of perfect
 * calibration and the bin's mean confidence; below, how many predictions each bin holds (the counts
 * written on the bars). Empty bins draw no bar. The title gives ECE and MCE. Drawn with XChart;
 * works headless.
 */
public final class ReliabilityDiagram {
  /** Image width in pixels. */
  public static final int WIDTH = 640;

  /** Height of the accuracy panel. */
  public static final int TOP_HEIGHT = 440;

  /** Height of the count panel. */
  public static final int BOTTOM_HEIGHT = 220;

  private ReliabilityDiagram() {}

  /**
   * Renders the diagram and writes it as a PNG, atomically.
   *
   * @param target the PNG file
   * @param calibration the bins and errors
   * @param title what was evaluated (shown before ECE and MCE)
   * @throws IOException when the file cannot be written
   */
  public static void write(Path target, Calibration calibration, String title) throws IOException {
    BufferedImage image = render(calibration, title);
    AtomicFiles.write(
        target,
        out -> {
          if (!ImageIO.write(image, "png", out)) {
            throw new IOException("no PNG writer available");
          }
        });
  }

  /**
   * Renders the diagram.
   *
   * @param calibration the bins and errors
   * @param title what was evaluated (shown before ECE and MCE)
   * @return a {@value #WIDTH} × ({@value #TOP_HEIGHT} + {@value #BOTTOM_HEIGHT}) RGB image
   */
  public static BufferedImage render(Calibration calibration, String title) {
    List<Calibration.Bin> bins = calibration.bins();
    List<String> labels = new ArrayList<>();
    List<Double> accuracy = new ArrayList<>();
    List<Double> confidence = new ArrayList<>();
    List<Double> diagonal = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    for (Calibration.Bin b : bins) {
      labels.add(String.format(Locale.ROOT, "%.2f", (b.lo() + b.hi()) / 2));
      boolean empty = b.count() == 0;
      // An empty bin has no accuracy or confidence: nothing is drawn there.
      accuracy.add(empty ? null : b.accuracy());
      confidence.add(empty ? null : b.confidence());
      diagonal.add((b.lo() + b.hi()) / 2);
      counts.add(b.count());
    }
    CategoryChart top =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(TOP_HEIGHT)
            .title(
                String.format(
                    Locale.ROOT,
                    "%s   ECE %.4f   MCE %.4f",
                    title,
                    calibration.ece(),
                    calibration.mce()))
            .xAxisTitle("confidence (bin centre)")
            .yAxisTitle("accuracy")
            .build();
    style(top);
    top.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
    top.getStyler().setOverlapped(true);
    top.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    top.addSeries("accuracy", labels, accuracy).setFillColor(new Color(0x3b, 0x6e, 0xb5));
    CategorySeries conf = top.addSeries("mean confidence", labels, confidence);
    conf.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
    conf.setMarker(SeriesMarkers.DIAMOND).setMarkerColor(new Color(0xd6, 0x60, 0x1c));
    CategorySeries ideal = top.addSeries("perfect calibration", labels, diagonal);
    ideal.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
    ideal.setMarker(SeriesMarkers.NONE).setLineColor(Color.GRAY);
    ideal.setLineStyle(
        new BasicStroke(
            1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));

    CategoryChart bottom =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(BOTTOM_HEIGHT)
            .xAxisTitle("confidence (bin centre)")
            .yAxisTitle("predictions")
            .build();
    style(bottom);
    bottom.getStyler().setLegendVisible(false);
    bottom.getStyler().setLabelsVisible(true);
    bottom.getStyler().setLabelsPosition(1.0);
    bottom.getStyler().setLabelsFontColorAutomaticEnabled(false);
    bottom.getStyler().setLabelsFontColor(Color.BLACK);
    bottom.getStyler().setLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
    bottom.getStyler().setYAxisMin(0.0);
    bottom
        .getStyler()
        .setYAxisMax(Math.max(1.0, counts.stream().mapToInt(i -> i).max().orElse(1) * 1.25));
    bottom.addSeries("count", labels, counts).setFillColor(Color.GRAY);

    BufferedImage out =
        new BufferedImage(WIDTH, TOP_HEIGHT + BOTTOM_HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.drawImage(BitmapEncoder.getBufferedImage(top), 0, 0, null);
      g.drawImage(BitmapEncoder.getBufferedImage(bottom), 0, TOP_HEIGHT, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  private static void style(CategoryChart chart) {
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotGridVerticalLinesVisible(false);
    chart.getStyler().setAvailableSpaceFill(0.9);
    chart.getStyler().setXAxisLabelRotation(45);
  }
}
