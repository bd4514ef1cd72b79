package dev.pupil.semisup;

import dev.pupil.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The images an {@link UncertaintyRanker} proposes for annotation, most uncertain first. They are
 * written as CSV: rank, pool index, id (file path or index in the source file), score, predicted
 * class, its probability, the second class and its probability.
 *
 * @param uncertainty the strategy that scored them
 * @param items the suggestions, by rank
 * @param classes the class names
 * @param poolSize the number of images scored
 */
public record Suggestions(
    Uncertainty uncertainty, List<Suggestion> items, List<String> classes, int poolSize) {
  /** Copies the lists. */
  public Suggestions {
    items = List.copyOf(items);
    classes = List.copyOf(classes);
  }

  /**
   * @return the number of suggestions
   */
  public int size() {
    return items.size();
  }

  /**
   * @return the CSV text: a header, then one row per suggestion
   */
  public String toCsv() {
    StringBuilder sb = new StringBuilder("rank,index,id,score,predicted,p1,second,p2\n");
    for (Suggestion s : items) {
      sb.append(s.rank())
          .append(',')
          .append(s.index())
          .append(',')
          .append(PseudoLabels.quote(s.id()))
          .append(',')
          .append(String.format(Locale.ROOT, "%.6f", s.score()))
          .append(',')
          .append(PseudoLabels.quote(classes.get(s.predicted())))
          .append(',')
          .append(String.format(Locale.ROOT, "%.6f", s.top1()))
          .append(',')
          .append(s.second() < 0 ? "" : PseudoLabels.quote(classes.get(s.second())))
          .append(',')
          .append(String.format(Locale.ROOT, "%.6f", s.top2()))
          .append('\n');
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
}
