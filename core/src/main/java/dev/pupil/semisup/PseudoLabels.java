package dev.pupil.semisup;

import dev.pupil.data.ImageSet;
import dev.pupil.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The pseudo-labels a {@link PseudoLabeler} kept from an unlabeled pool, in pool order, and whether
 * training uses them hard (the top class) or soft (the teacher's probabilities). They can be
 * written as CSV (image index, id, label, class, confidence) so a person can audit them.
 *
 * @param labels the kept images, by increasing pool index
 * @param classes the class names
 * @param soft whether the student learns the probabilities rather than the top class
 * @param poolSize the number of images the teacher labeled
 */
public record PseudoLabels(
    List<PseudoLabel> labels, List<String> classes, boolean soft, int poolSize) {
  /** Copies the lists. */
  public PseudoLabels {
    labels = List.copyOf(labels);
    classes = List.copyOf(classes);
  }

  /**
   * @return the number of kept images
   */
  public int size() {
    return labels.size();
  }

  /**
   * @return the pool indices of the kept images
   */
  public int[] indices() {
    return labels.stream().mapToInt(PseudoLabel::index).toArray();
  }

  /**
   * @return the kept images' top classes
   */
  public int[] hardLabels() {
    return labels.stream().mapToInt(PseudoLabel::label).toArray();
  }

  /**
   * @return the kept images' probability rows
   */
  public float[][] softTargets() {
    return labels.stream().map(PseudoLabel::probabilities).toArray(float[][]::new);
  }

  /**
   * @return kept images per class, by class index
   */
  public int[] perClassCounts() {
    int[] counts = new int[classes.size()];
    for (PseudoLabel p : labels) {
      counts[p.label()]++;
    }
    return counts;
  }

  /**
   * @return kept images per class name, in class order
   */
  public Map<String, Integer> perClass() {
    int[] counts = perClassCounts();
    Map<String, Integer> m = new LinkedHashMap<>();
    for (int c = 0; c < counts.length; c++) {
      m.put(classes.get(c), counts[c]);
    }
    return m;
  }

  /**
   * The kept images with their pseudo-labels as labels.
   *
   * @param pool the pool the labels were made for
   * @return a labeled set, in the order of {@link #labels()}
   */
  public ImageSet images(ImageSet pool) {
    if (pool.size() != poolSize) {
      throw new IllegalArgumentException(
          "the pool has " + pool.size() + " images, the pseudo-labels were made for " + poolSize);
    }
    return pool.subset(indices()).withLabels(hardLabels());
  }

  /**
   * @return the CSV text: a header, then one row per kept image
   */
  public String toCsv() {
    return toCsv(false);
  }

  /**
   * @param withProbabilities whether to add one column per class, {@code p_<class index>}, with the
   *     teacher's probabilities
   * @return the CSV text: a header, then one row per kept image
   */
  public String toCsv(boolean withProbabilities) {
    StringBuilder sb = new StringBuilder("index,id,label,class,confidence");
    if (withProbabilities) {
      for (int c = 0; c < classes.size(); c++) {
        sb.append(",p_").append(c);
      }
    }
    sb.append('\n');
    for (PseudoLabel p : labels) {
      sb.append(p.index())
          .append(',')
          .append(quote(p.id()))
          .append(',')
          .append(p.label())
          .append(',')
          .append(quote(classes.get(p.label())))
          .append(',')
          .append(String.format(Locale.ROOT, "%.6f", p.confidence()));
      if (withProbabilities) {
        for (float v : p.probabilities()) {
          sb.append(',').append(String.format(Locale.ROOT, "%.6f", v));
        }
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /**
   * Writes {@link #toCsv()} atomically.
   *
   * @param file the target
   * @throws IOException when it cannot be written
   */
  public void writeCsv(Path file) throws IOException {
    AtomicFiles.writeString(file, toCsv());
  }

  static String quote(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
