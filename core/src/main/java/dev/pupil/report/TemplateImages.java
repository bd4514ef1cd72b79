package dev.pupil.report;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.pupil.io.AtomicFiles;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.ModelMetadata;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * Draws a linear classifier's weights as class templates: each class's weight row, reshaped to the
 * image it scores, is the image that class responds to most (the "template matching" view of a
 * linear classifier, as in CS231n). One tile per class in a grid, each tile min–max scaled to
 * 0..255 on its own (all channels together, so colours keep their balance), enlarged {@value
 * #SCALE}× with nearest-neighbour sampling, with the class name under it. RGB for three channels,
 * grayscale for one. Works headless.
 */
public final class TemplateImages {
  /** Each weight becomes a SCALE × SCALE block of pixels. */
  public static final int SCALE = 4;

  /** At most this many tiles per row. */
  public static final int MAX_COLUMNS = 5;

  private static final int PAD = 6;
  private static final int LABEL_HEIGHT = 16;

  private TemplateImages() {}

  /**
   * Draws a {@code linear} model's templates into a PNG, atomically.
   *
   * @param target the PNG file
   * @param model a model of architecture {@code linear}
   * @throws IOException when the file cannot be written
   * @throws IllegalArgumentException when the model is not linear
   */
  public static void write(Path target, ClassifierModel model) throws IOException {
    ModelMetadata meta = model.metadata();
    if (!meta.architecture().equals("linear")) {
      throw new IllegalArgumentException(
          "templates need a linear model, got " + meta.architecture());
    }
    float[] weights = null;
    for (Pair<String, Parameter> p : model.block().head().getParameters()) {
      if (p.getKey().equals("weight")) {
        weights = p.getValue().getArray().toFloatArray();
      }
    }
    if (weights == null) {
      throw new IllegalStateException("the linear head has no weight parameter");
    }
    write(target, weights, meta.channels(), meta.height(), meta.width(), meta.classes());
  }

  /**
   * Renders and writes the template grid as a PNG, atomically.
   *
   * @param target the PNG file
   * @param weights classes × (C·H·W) weights, row-major, each row in C×H×W order
   * @param channels C: 1 or 3
   * @param height H
   * @param width W
   * @param classNames one per weight row
   * @throws IOException when the file cannot be written
   * @throws IllegalArgumentException naming the argument whose size or value is wrong
   */
  public static void write(
      Path target, float[] weights, int channels, int height, int width, List<String> classNames)
      throws IOException {
    BufferedImage image = render(weights, channels, height, width, classNames);
    AtomicFiles.write(
        target,
        out -> {
          if (!ImageIO.write(image, "png", out)) {
            throw new IOException("no PNG writer available");
          }
        });
  }

  /**
   * Renders the template grid.
   *
   * @param weights classes × (C·H·W) weights, row-major, each row in C×H×W order
   * @param channels C: 1 or 3
   * @param height H
   * @param width W
   * @param classNames one per weight row
   * @return the image: {@link BufferedImage#TYPE_BYTE_GRAY} for C = 1, else {@code TYPE_INT_RGB}
   * @throws IllegalArgumentException naming the argument whose size or value is wrong
   */
  public static BufferedImage render(
      float[] weights, int channels, int height, int width, List<String> classNames) {
    Objects.requireNonNull(weights, "weights");
    Objects.requireNonNull(classNames, "classNames");
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
    }
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "height and width must be >= 1, got " + height + "x" + width);
    }
    int classes = classNames.size();
    if (classes < 1) {
      throw new IllegalArgumentException("classNames must not be empty");
    }
    int per = channels * height * width;
    if ((long) classes * per != weights.length) {
      throw new IllegalArgumentException(
          "weights holds " + weights.length + " values, expected " + classes + " classes × " + per);
    }
    int columns = Math.min(classes, MAX_COLUMNS);
    int rows = (classes + columns - 1) / columns;
    int tileW = width * SCALE;
    int tileH = height * SCALE;
    int cellW = tileW + PAD;
    int cellH = tileH + LABEL_HEIGHT + PAD;
    BufferedImage img =
        new BufferedImage(
            PAD + columns * cellW,
            PAD + rows * cellH,
            channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, img.getWidth(), img.getHeight());
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      g.setColor(Color.BLACK);
      for (int c = 0; c < classes; c++) {
        int x0 = PAD + (c % columns) * cellW;
        int y0 = PAD + (c / columns) * cellH;
        drawTile(img, weights, c * per, channels, height, width, x0, y0);
        drawLabel(g, classNames.get(c), x0, y0 + tileH, tileW);
      }
    } finally {
      g.dispose();
    }
    return img;
  }

  private static void drawTile(
      BufferedImage img, float[] w, int off, int channels, int height, int width, int x0, int y0) {
    int per = channels * height * width;
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (int i = off; i < off + per; i++) {
      if (!Float.isFinite(w[i])) {
        throw new IllegalArgumentException("weights[" + i + "] is " + w[i]);
      }
      min = Math.min(min, w[i]);
      max = Math.max(max, w[i]);
    }
    float range = max - min;
    int plane = height * width;
    // Write samples, not RGB: setRGB on a gray image would pass through a colour-space conversion.
    WritableRaster raster = img.getRaster();
    for (int ch = 0; ch < channels; ch++) {
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          float v = w[off + ch * plane + y * width + x];
          int b = range > 0 ? Math.round((v - min) / range * 255f) : 128;
          for (int dy = 0; dy < SCALE; dy++) {
            for (int dx = 0; dx < SCALE; dx++) {
              raster.setSample(x0 + x * SCALE + dx, y0 + y * SCALE + dy, ch, b);
            }
          }
        }
      }
    }
  }

  private static void drawLabel(Graphics2D g, String name, int x0, int yTop, int maxWidth) {
    FontMetrics fm = g.getFontMetrics();
    String text = name;
    if (fm.stringWidth(text) > maxWidth) {
      while (text.length() > 1 && fm.stringWidth(text + "…") > maxWidth) {
        text = text.substring(0, text.length() - 1);
      }
      text = text + "…";
    }
    int x = x0 + Math.max(0, (maxWidth - fm.stringWidth(text)) / 2);
    g.drawString(text, x, yTop + (LABEL_HEIGHT + fm.getAscent() - fm.getDescent()) / 2);
  }
}
