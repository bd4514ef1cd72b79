package dev.pupil.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Lays out rows of uint8 C×H×W images (C = 1 or 3) as one picture, each tile enlarged by an integer
 * factor with nearest-neighbour sampling and captioned under it (a caption may hold several lines,
 * split at {@code \n}). Used for augmentation previews and the most confused test images.
 */
public final class ImageGrid {
  private static final int GAP = 4;
  private static final int LINE = 13;

  private ImageGrid() {}

  /**
   * @param rows the images, row by row (rows may differ in length)
   * @param captions one caption per image, the same shape as {@code rows}
   * @param channels C of every image
   * @param height H
   * @param width W
   * @param scale each pixel becomes scale × scale
   * @return the grid, RGB
   */
  public static BufferedImage render(
      List<List<byte[]>> rows,
      List<List<String>> captions,
      int channels,
      int height,
      int width,
      int scale) {
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
    }
    if (scale < 1 || rows.isEmpty() || rows.size() != captions.size()) {
      throw new IllegalArgumentException(
          "need scale >= 1 and one caption row per image row, got scale "
              + scale
              + ", "
              + rows.size()
              + " rows and "
              + captions.size()
              + " caption rows");
    }
    int lines = 1;
    for (List<String> row : captions) {
      for (String c : row) {
        lines = Math.max(lines, c.split("\n", -1).length);
      }
    }
    int cols = rows.stream().mapToInt(List::size).max().orElse(1);
    int tw = width * scale;
    int th = height * scale;
    int cellW = tw + GAP;
    int cellH = th + lines * LINE + GAP;
    BufferedImage grid =
        new BufferedImage(
            Math.max(1, cols) * cellW + GAP, rows.size() * cellH + GAP, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = grid.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
      g.setColor(Color.BLACK);
      FontMetrics fm = g.getFontMetrics();
      int plane = height * width;
      for (int r = 0; r < rows.size(); r++) {
        if (rows.get(r).size() != captions.get(r).size()) {
          throw new IllegalArgumentException(
              "row "
                  + r
                  + " has "
                  + rows.get(r).size()
                  + " images and "
                  + captions.get(r).size()
                  + " captions");
        }
        for (int c = 0; c < rows.get(r).size(); c++) {
          byte[] img = rows.get(r).get(c);
          if (img.length != channels * plane) {
            throw new IllegalArgumentException(
                "image "
                    + r
                    + ","
                    + c
                    + " has "
                    + img.length
                    + " bytes, expected "
                    + channels * plane);
          }
          int x0 = GAP + c * cellW;
          int y0 = GAP + r * cellH;
          for (int y = 0; y < th; y++) {
            for (int x = 0; x < tw; x++) {
              int i = (y / scale) * width + x / scale;
              int v0 = img[i] & 0xFF;
              int rgb =
                  channels == 1
                      ? v0 << 16 | v0 << 8 | v0
                      : v0 << 16 | (img[plane + i] & 0xFF) << 8 | (img[2 * plane + i] & 0xFF);
              grid.setRGB(x0 + x, y0 + y, rgb);
            }
          }
          String[] text = captions.get(r).get(c).split("\n", -1);
          for (int l = 0; l < text.length; l++) {
            g.drawString(fit(text[l], fm, tw), x0, y0 + th + (l + 1) * LINE - 3);
          }
        }
      }
    } finally {
      g.dispose();
    }
    return grid;
  }

  /**
   * @param height an image's height
   * @param width its width
   * @return the integer enlargement that makes the larger side at least 96 pixels (at most 12)
   */
  public static int scaleFor(int height, int width) {
    int side = Math.max(1, Math.max(height, width));
    return Math.max(1, Math.min(12, (96 + side - 1) / side));
  }

  private static String fit(String s, FontMetrics fm, int width) {
    if (fm.stringWidth(s) <= width) {
      return s;
    }
    String t = s;
    while (t.length() > 1 && fm.stringWidth(t + "…") > width) {
      t = t.substring(0, t.length() - 1);
    }
    return t + "…";
  }
}
