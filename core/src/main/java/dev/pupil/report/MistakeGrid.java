package dev.pupil.report;

import dev.pupil.data.ImageSet;
import dev.pupil.eval.EvalReport;
import dev.pupil.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The test images a classifier gets most confidently wrong: the misclassified images sorted by the
 * softmax probability of the wrong class chosen, highest first, drawn as a grid with the true and
 * predicted labels under each. Written as {@value #FILE} when a run is evaluated, since the report
 * is built later from the run folder alone.
 */
public final class MistakeGrid {
  /** The file name in a run folder. */
  public static final String FILE = "mistakes.png";

  /** Images drawn at most. */
  public static final int MAX_IMAGES = 40;

  /** Tiles per row. */
  public static final int COLUMNS = 10;

  private MistakeGrid() {}

  /**
   * @param logits N × C scores
   * @param labels N true labels
   * @param max how many to keep at most
   * @return indices of misclassified images, most confident mistake first (ties by index)
   */
  public static int[] select(float[][] logits, int[] labels, int max) {
    List<double[]> wrong = new ArrayList<>();
    for (int i = 0; i < labels.length; i++) {
      int pred = EvalReport.argmax(logits[i]);
      if (pred != labels[i]) {
        wrong.add(new double[] {i, softmax(logits[i])[pred]});
      }
    }
    wrong.sort(Comparator.<double[]>comparingDouble(w -> -w[1]).thenComparingDouble(w -> w[0]));
    return wrong.stream().limit(max).mapToInt(w -> (int) w[0]).toArray();
  }

  /**
   * Renders the grid, or returns null when there is no mistake.
   *
   * @param images the evaluated images
   * @param logits their scores, N × C
   * @param classes class names
   * @return the grid, or null
   */
  public static BufferedImage render(ImageSet images, float[][] logits, List<String> classes) {
    int[] picked = select(logits, images.labels(), MAX_IMAGES);
    if (picked.length == 0) {
      return null;
    }
    int per = images.imageBytes();
    byte[] pixels = images.pixelsView();
    List<List<byte[]>> rows = new ArrayList<>();
    List<List<String>> captions = new ArrayList<>();
    for (int k = 0; k < picked.length; k++) {
      if (k % COLUMNS == 0) {
        rows.add(new ArrayList<>());
        captions.add(new ArrayList<>());
      }
      int i = picked[k];
      byte[] img = new byte[per];
      System.arraycopy(pixels, i * per, img, 0, per);
      int pred = EvalReport.argmax(logits[i]);
      rows.get(rows.size() - 1).add(img);
      captions
          .get(captions.size() - 1)
          .add(
              String.format(
                  Locale.ROOT,
                  "true: %s\npred: %s\np=%.2f",
                  classes.get(images.label(i)),
                  classes.get(pred),
                  softmax(logits[i])[pred]));
    }
    return ImageGrid.render(
        rows,
        captions,
        images.channels(),
        images.height(),
        images.width(),
        ImageGrid.scaleFor(images.height(), images.width()));
  }

  /**
   * Writes {@value #FILE} into a folder (atomically), or removes a stale one when there is no
   * mistake.
   *
   * @param dir the run folder
   * @param images the evaluated images
   * @param logits their scores
   * @param classes class names
   * @throws IOException when it cannot be written
   */
  public static void write(Path dir, ImageSet images, float[][] logits, List<String> classes)
      throws IOException {
    BufferedImage grid = render(images, logits, classes);
    Path target = dir.resolve(FILE);
    if (grid == null) {
      Files.deleteIfExists(target);
      return;
    }
    AtomicFiles.write(target, out -> ImageIO.write(grid, "png", out));
  }

  static double[] softmax(float[] z) {
    float max = z[EvalReport.argmax(z)];
    double[] p = new double[z.length];
    double s = 0;
    for (int i = 0; i < z.length; i++) {
      p[i] = Math.exp(z[i] - max);
      s += p[i];
    }
    for (int i = 0; i < z.length; i++) {
      p[i] /= s;
    }
    return p;
  }
}
