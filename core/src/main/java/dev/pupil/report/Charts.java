package dev.pupil.report;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's plots, drawn with XChart as PNG bytes (headless): line charts of curves, bar charts
 * of counts, histograms, and the reliability diagram of calibration (Guo et al. 2017, "On
 * Calibration of Modern Neural Networks", arXiv:1706.04599).
 */
public final class Charts {
  /** Plot width in pixels. */
  public static final int WIDTH = 420;

  /** Plot height in pixels. */
  public static final int HEIGHT = 300;

  private Charts() {}

  /**
   * One curve.
   *
   * @param name its legend entry
   * @param x x values
   * @param y y values, as many; non-finite points are left out
   */
  public record Series(String name, double[] x, double[] y) {
    /** Checks that x and y are as long. */
    public Series {
      if (x.length != y.length) {
        throw new IllegalArgumentException(
            "series " + name + " has " + x.length + " x values and " + y.length + " y values");
      }
    }

    /**
     * @return the series without its non-finite points
     */
    Series finite() {
      int n = 0;
      for (double v : y) {
        n += Double.isFinite(v) ? 1 : 0;
      }
      double[] fx = new double[n];
      double[] fy = new double[n];
      int j = 0;
      for (int i = 0; i < y.length; i++) {
        if (Double.isFinite(y[i]) && Double.isFinite(x[i])) {
          fx[j] = x[i];
          fy[j++] = y[i];
        }
      }
      return j == n ? new Series(name, fx, fy) : new Series(name, slice(fx, j), slice(fy, j));
    }

    private static double[] slice(double[] a, int n) {
      double[] b = new double[n];
      System.arraycopy(a, 0, b, 0, n);
      return b;
    }
  }

  /**
   * A line chart with markers.
   *
   * @param title the title
   * @param xTitle the x axis title
   * @param yTitle the y axis title
   * @param series the curves; those with no finite point are left out
   * @return the PNG, or null when no series has a finite point
   */
  public static byte[] lines(String title, String xTitle, String yTitle, List<Series> series) {
    List<Series> kept = new ArrayList<>();
    for (Series s : series) {
      Series f = s.finite();
      if (f.x().length > 0) {
        kept.add(f);
      }
    }
    if (kept.isEmpty()) {
      return null;
    }
    XYChart chart = xy(title, xTitle, yTitle);
    for (Series s : kept) {
      XYSeries added = chart.addSeries(s.name(), s.x(), s.y());
      if (s.x().length > 40) {
        added.setMarker(SeriesMarkers.NONE);
      }
    }
    return png(chart);
  }

  /**
   * A bar chart of one or more value series over categories.
   *
   * @param title the title
   * @param yTitle the y axis title
   * @param categories the bars' names
   * @param names one legend entry per value series
   * @param values per series, one value per category
   * @return the PNG
   */
  public static byte[] bars(
      String title,
      String yTitle,
      List<String> categories,
      List<String> names,
      List<double[]> values) {
    if (categories.isEmpty()) {
      throw new IllegalArgumentException("a bar chart needs at least one category");
    }
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .yAxisTitle(yTitle)
            .build();
    style(chart.getStyler());
    chart.getStyler().setLegendVisible(names.size() > 1);
    chart.getStyler().setXAxisLabelRotation(categories.size() > 6 ? 45 : 0);
    for (int s = 0; s < names.size(); s++) {
      List<Number> ys = new ArrayList<>();
      for (double v : values.get(s)) {
        ys.add(Double.isFinite(v) ? v : 0.0);
      }
      chart.addSeries(names.get(s), categories, ys);
    }
    return png(chart);
  }

  /**
   * A histogram of values in [lo, hi].
   *
   * @param title the title
   * @param xTitle what the values are
   * @param values the values
   * @param bins how many equal bins
   * @param lo the first bin's lower edge
   * @param hi the last bin's upper edge (values equal to it count in the last bin)
   * @return the PNG
   */
  public static byte[] histogram(
      String title, String xTitle, double[] values, int bins, double lo, double hi) {
    if (bins < 1 || !(hi > lo)) {
      throw new IllegalArgumentException(
          "need bins >= 1 and hi > lo, got " + bins + ", " + lo + ".." + hi);
    }
    double[] counts = new double[bins];
    for (double v : values) {
      if (v >= lo && v <= hi) {
        counts[Math.min(bins - 1, (int) ((v - lo) / (hi - lo) * bins))]++;
      }
    }
    List<String> edges = new ArrayList<>();
    for (int b = 0; b < bins; b++) {
      edges.add(String.format(Locale.ROOT, "%.2f", lo + (hi - lo) * b / bins));
    }
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle(xTitle)
            .yAxisTitle("images")
            .build();
    style(chart.getStyler());
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setAvailableSpaceFill(0.98);
    chart.getStyler().setXAxisLabelRotation(bins > 10 ? 45 : 0);
    List<Number> ys = new ArrayList<>();
    for (double c : counts) {
      ys.add(c);
    }
    chart.addSeries("count", edges, ys);
    return png(chart);
  }

  /**
   * A reliability diagram: per confidence bin, the accuracy against the mean confidence, with the
   * diagonal of perfect calibration.
   *
   * @param title the title (e.g. with the ECE)
   * @param confidence per non-empty bin, the mean confidence
   * @param accuracy per non-empty bin, the accuracy
   * @return the PNG
   */
  public static byte[] reliability(String title, double[] confidence, double[] accuracy) {
    XYChart chart = xy(title, "confidence", "accuracy");
    chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
    XYSeries diag =
        chart.addSeries("perfect calibration", new double[] {0, 1}, new double[] {0, 1});
    diag.setMarker(SeriesMarkers.NONE);
    if (confidence.length > 0) {
      chart.addSeries("model", confidence, accuracy);
    }
    return png(chart);
  }

  private static XYChart xy(String title, String xTitle, String yTitle) {
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle(xTitle)
            .yAxisTitle(yTitle)
            .build();
    style(chart.getStyler());
    chart.getStyler().setMarkerSize(5);
    return chart;
  }

  private static void style(Styler s) {
    s.setChartBackgroundColor(Color.WHITE);
    s.setLegendPosition(Styler.LegendPosition.OutsideS);
    s.setLegendLayout(Styler.LegendLayout.Horizontal);
    s.setAntiAlias(true);
  }

  private static byte[] png(Chart<?, ?> chart) {
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
