package dev.pupil.report;

import dev.pupil.train.EpochMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * A run's curves from metrics.jsonl, per epoch: every training loss term (total, ce, kl…) with the
 * validation loss, training and validation accuracy, and the learning rate.
 *
 * @param history the epochs
 */
public record TrainingCurves(List<EpochMetrics> history) {
  /** Copies the list. */
  public TrainingCurves {
    history = List.copyOf(history);
  }

  /**
   * @return the epoch numbers
   */
  public double[] epochs() {
    return column(EpochMetrics::epoch);
  }

  /**
   * @param f what to read from each epoch
   * @return one value per epoch
   */
  public double[] column(ToDoubleFunction<EpochMetrics> f) {
    double[] v = new double[history.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = f.applyAsDouble(history.get(i));
    }
    return v;
  }

  /**
   * @return training loss terms (each name found in any epoch, "total" first) and val loss
   */
  public List<Charts.Series> lossSeries() {
    TreeSet<String> names = new TreeSet<>();
    for (EpochMetrics m : history) {
      names.addAll(m.losses().keySet());
    }
    List<Charts.Series> out = new ArrayList<>();
    if (names.remove("total")) {
      out.add(loss("total"));
    }
    for (String n : names) {
      out.add(loss(n));
    }
    out.add(new Charts.Series("validation", epochs(), column(EpochMetrics::valLoss)));
    return out;
  }

  private Charts.Series loss(String name) {
    return new Charts.Series("train " + name, epochs(), column(m -> value(m.losses(), name)));
  }

  private static double value(Map<String, Double> losses, String name) {
    Double v = losses.get(name);
    return v == null ? Double.NaN : v;
  }

  /**
   * @return training and validation accuracy
   */
  public List<Charts.Series> accuracySeries() {
    return List.of(
        new Charts.Series("train", epochs(), column(EpochMetrics::trainAccuracy)),
        new Charts.Series("validation", epochs(), column(EpochMetrics::valAccuracy)));
  }

  /**
   * @return the loss chart, or null when there is nothing to draw
   */
  public byte[] lossChart() {
    return Charts.lines("Loss", "epoch", "loss", lossSeries());
  }

  /**
   * @return the accuracy chart, or null when there is nothing to draw
   */
  public byte[] accuracyChart() {
    return Charts.lines("Accuracy", "epoch", "accuracy", accuracySeries());
  }

  /**
   * @return the learning-rate chart, or null when there is nothing to draw
   */
  public byte[] learningRateChart() {
    return Charts.lines(
        "Learning rate (at each epoch's last step)",
        "epoch",
        "learning rate",
        List.of(new Charts.Series("lr", epochs(), column(EpochMetrics::lr))));
  }

  /**
   * Adds the three charts to a page.
   *
   * @param page the page
   */
  public void addTo(Html page) {
    page.startRow();
    for (byte[] png : new byte[][] {lossChart(), accuracyChart(), learningRateChart()}) {
      if (png != null) {
        page.png(png, "training curve");
      }
    }
    page.endRow();
  }
}
