package dev.pupil.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Draws a confusion matrix as a heat map: rows are true classes, columns predicted ones; each
 * cell's shade is its share of the row (the row's recall spread over predictions), and its count is
 * written in it where the cell is large enough. Class names label the rows and (turned) the
 * columns. Drawn with Java2D rather than XChart so that every cell can carry its count.
 */
public final class ConfusionHeatMap {
  /** Largest cell side in pixels. */
  public static final int MAX_CELL = 44;

  /** Smallest cell side in pixels. */
  public static final int MIN_CELL = 12;

  /** Room for the class names, left and top. */
  public static final int MARGIN = 110;

  private static final int TARGET = 640;

  private ConfusionHeatMap() {}

  /**
   * @param classes the number of classes
   * @return the side of one cell for that many classes
   */
  public static int cellSize(int classes) {
    return Math.max(MIN_CELL, Math.min(MAX_CELL, TARGET / Math.max(1, classes)));
  }

  /**
   * Renders the heat map.
   *
   * @param confusion confusion[true][predicted] counts, square
   * @param classes one name per row
   * @return an RGB image of side {@code MARGIN + classes × cellSize(classes) + 8}
   */
  public static BufferedImage render(int[][] confusion, List<String> classes) {
    int n = classes.size();
    if (n < 1 || confusion.length != n) {
      throw new IllegalArgumentException(
          "confusion has " + confusion.length + " rows for " + n + " classes");
    }
    int cell = cellSize(n);
    int side = MARGIN + n * cell + 8;
    BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, side, side);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.min(12, Math.max(8, cell / 3))));
      FontMetrics fm = g.getFontMetrics();
      for (int t = 0; t < n; t++) {
        if (confusion[t].length != n) {
          throw new IllegalArgumentException(
              "confusion row "
                  + t
                  + " has "
                  + confusion[t].length
                  + " columns for "
                  + n
                  + " classes");
        }
        long total = 0;
        for (int v : confusion[t]) {
          total += v;
        }
        for (int p = 0; p < n; p++) {
          double share = total == 0 ? 0 : (double) confusion[t][p] / total;
          int x = MARGIN + p * cell;
          int y = MARGIN + t * cell;
          g.setColor(shade(share));
          g.fillRect(x, y, cell, cell);
          g.setColor(new Color(220, 220, 220));
          g.drawRect(x, y, cell, cell);
          String count = Integer.toString(confusion[t][p]);
          if (cell >= 22 && fm.stringWidth(count) < cell - 2) {
            g.setColor(share > 0.5 ? Color.WHITE : Color.BLACK);
            g.drawString(
                count,
                x + (cell - fm.stringWidth(count)) / 2,
                y + (cell + fm.getAscent() - fm.getDescent()) / 2);
          }
        }
      }
      g.setColor(Color.BLACK);
      for (int k = 0; k < n; k++) {
        String name = fit(classes.get(k), fm, MARGIN - 8);
        int mid = MARGIN + k * cell + (cell + fm.getAscent() - fm.getDescent()) / 2;
        g.drawString(name, MARGIN - 4 - fm.stringWidth(name), mid);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2, MARGIN + k * cell + cell / 2.0, MARGIN - 4);
        g.drawString(
            name,
            MARGIN + k * cell + cell / 2 + (fm.getAscent() - fm.getDescent()) / 2,
            MARGIN - 4);
        g.setTransform(saved);
      }
    } finally {
      g.dispose();
    }
    return img;
  }

  /** White for 0, deep blue for 1. */
  static Color shade(double share) {
    double s = Math.max(0, Math.min(1, share));
    return new Color(
        (int) Math.round(255 - s * (255 - 8)),
        (int) Math.round(255 - s * (255 - 48)),
        (int) Math.round(255 - s * (255 - 107)));
  }

  private static String fit(String name, FontMetrics fm, int width) {
    if (fm.stringWidth(name) <= width) {
      return name;
    }
    String t = name;
    while (t.length() > 1 && fm.stringWidth(t + "…") > width) {
      t = t.substring(0, t.length() - 1);
    }
    return t + "…";
  }
}
