package dev.pupil.spark;

import dev.pupil.semisup.PseudoLabel;
import dev.pupil.semisup.PseudoLabelFilter;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.util.CollectionAccumulator;

/**
 * The pseudo-label candidates of a pool whose indices are known before scoring (images in memory),
 * gathered while the scoring pass writes its Parquet: each partition keeps the rows that pass
 * {@link PseudoLabelFilter#keeps}, balances them with {@link PseudoLabelFilter#balance} and hands
 * them to the driver through an accumulator, so that no second pass reads the table back. A
 * partition whose task ran twice (a retry, a speculative copy) is counted once: both runs computed
 * the same rows, and the driver keeps one list per partition.
 */
final class PartitionPicks implements Serializable {
  private static final long serialVersionUID = 1L;

  private final PseudoLabelFilter filter;
  private final int classes;
  private final boolean soft;
  private final CollectionAccumulator<Picked> picks;

  /** One partition's candidates. */
  record Picked(int partition, List<PseudoLabel> labels) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /**
   * @param filter the threshold and the per-class cap
   * @param classes how many classes the model has
   * @param soft whether candidates keep their probabilities
   * @param picks a registered accumulator
   */
  PartitionPicks(
      PseudoLabelFilter filter, int classes, boolean soft, CollectionAccumulator<Picked> picks) {
    this.filter = filter;
    this.classes = classes;
    this.soft = soft;
    this.picks = picks;
  }

  /**
   * Called by a task once its partition is scored.
   *
   * @param partition the partition's index
   * @param scored its rows, in the {@link ScoredRows#SCORED} layout
   */
  void add(int partition, List<Row> scored) {
    picks.add(new Picked(partition, candidates(scored.iterator(), filter, classes, soft)));
  }

  /**
   * One partition's candidates: the scored rows that pass the filter, balanced.
   *
   * @param rows rows in the {@link ScoredRows#SCORED} layout; skipped ones are passed over
   * @param filter the threshold and the per-class cap
   * @param classes how many classes the model has
   * @param soft whether candidates keep their probabilities
   * @return the candidates
   */
  static List<PseudoLabel> candidates(
      Iterator<Row> rows, PseudoLabelFilter filter, int classes, boolean soft) {
    List<PseudoLabel> c = new ArrayList<>();
    while (rows.hasNext()) {
      Row r = rows.next();
      float confidence = r.getFloat(3);
      if (r.isNullAt(5) && filter.keeps(confidence)) {
        c.add(
            new PseudoLabel(
                Math.toIntExact(r.getLong(1)),
                r.getString(0),
                r.getInt(2),
                confidence,
                soft ? ScoredRows.floats(r, 4) : new float[0]));
      }
    }
    return filter.balance(c, classes);
  }

  /**
   * @return on the driver, after the pass: every partition's candidates, balanced again
   */
  List<PseudoLabel> merged() {
    Map<Integer, List<PseudoLabel>> byPartition = new TreeMap<>();
    for (Picked p : picks.value()) {
      byPartition.putIfAbsent(p.partition(), p.labels());
    }
    List<PseudoLabel> all = new ArrayList<>();
    byPartition.values().forEach(all::addAll);
    return filter.balance(all, classes);
  }
}
