package dev.pupil.cli;

import dev.pupil.train.EpochMetrics;
import dev.pupil.train.TrainingLoop;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Shows training progress: one line per epoch (loss, train and validation accuracy, throughput,
 * time left) and, on a terminal, a bar over the epoch's batches.
 */
final class EpochProgress implements TrainingLoop.Listener {
  private final String name;
  private final int epochs;
  private final PrintWriter lines;
  private final ProgressBar bar;
  private long start = -1;
  private int firstEpoch = -1;

  /**
   * @param name shown at the start of each line, e.g. the model
   * @param epochs the run's epochs
   * @param lines where epoch lines go
   * @param bar the batch bar
   */
  EpochProgress(String name, int epochs, PrintWriter lines, ProgressBar bar) {
    this.name = name;
    this.epochs = epochs;
    this.lines = lines;
    this.bar = bar;
  }

  @Override
  public void onBatch(int epoch, int batch, int batches, double loss) {
    if (start < 0) {
      start = System.nanoTime();
      firstEpoch = epoch;
    }
    bar.update(
        String.format(Locale.ROOT, "%s epoch %d/%d", name, epoch, epochs),
        batch,
        batches,
        String.format(Locale.ROOT, "%d/%d loss %.4f", batch, batches, loss));
  }

  @Override
  public void onEpoch(EpochMetrics m) {
    bar.clear();
    double elapsed = start < 0 ? m.seconds() : (System.nanoTime() - start) / 1e9;
    int doneHere = firstEpoch < 0 ? 1 : m.epoch() - firstEpoch + 1;
    double eta = elapsed / Math.max(1, doneHere) * (epochs - m.epoch());
    lines.println(
        String.format(
            Locale.ROOT,
            "%s epoch %d/%d  loss %.4f%s%s  train acc %s  val acc %s  %,.0f img/s  ETA %s",
            name,
            m.epoch(),
            epochs,
            m.losses().getOrDefault("total", Double.NaN),
            terms(m),
            rates(m),
            percent(m.trainAccuracy()),
            percent(m.valAccuracy()),
            m.imagesPerSecond(),
            duration(eta)));
    lines.flush();
  }

  /** The loss terms besides {@code total}, e.g. " (kl 0.41, ce 0.32)", when there are several. */
  static String terms(EpochMetrics m) {
    if (m.losses().size() <= 2) {
      return "";
    }
    StringBuilder b = new StringBuilder(" (");
    for (var e : m.losses().entrySet()) {
      if (!e.getKey().equals("total")) {
        b.append(b.length() > 2 ? ", " : "")
            .append(String.format(Locale.ROOT, "%s %.4f", e.getKey(), e.getValue()));
      }
    }
    return b.append(')').toString();
  }

  /** The task's rates, e.g. "  mask 63.20%" (FixMatch), or "" when there are none. */
  static String rates(EpochMetrics m) {
    if (m.rates() == null || m.rates().isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    m.rates().forEach((k, v) -> b.append("  ").append(k).append(' ').append(percent(v)));
    return b.toString();
  }

  static String percent(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * v);
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600
        ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
        : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
  }
}
