package dev.pupil.cli;

import dev.pupil.train.BatchProgress;
import dev.pupil.train.EpochMetrics;
import dev.pupil.train.TrainingLoop;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Shows training progress: one line per epoch (loss, train and validation accuracy, throughput,
 * time left) and, within an epoch, where it stands (images done of the epoch's, images per second,
 * the epoch's time left, the running mean loss).
 *
 * <p>Within an epoch, on a terminal ({@link ProgressBar#enabled()}: {@code System.console() !=
 * null}) the bar is redrawn in place with {@code \r}, at most ten times a second. Otherwise (a log
 * file, a pipe, CI, tests) a plain line goes to the epoch lines' stream every {@value
 * #LINE_SECONDS} seconds of the epoch, and one with the epoch's final count after its last batch
 * when there was an earlier one; an epoch shorter than that prints none, as its epoch line follows
 * at once. Never a carriage return there.
 */
final class EpochProgress implements TrainingLoop.Listener {
  /** Seconds of an epoch between two progress lines when the output is not a terminal. */
  static final double LINE_SECONDS = 10;

  private final String name;
  private final int epochs;
  private final PrintWriter lines;
  private final ProgressBar bar;
  private long start = -1;
  private int firstEpoch = -1;
  private double lastLine;

  /**
   * @param name shown at the start of each line, e.g. the model
   * @param epochs the run's epochs
   * @param lines where epoch lines go, and the within-epoch lines when the bar is disabled
   * @param bar the batch bar, drawn when enabled (on a terminal)
   */
  EpochProgress(String name, int epochs, PrintWriter lines, ProgressBar bar) {
    this.name = name;
    this.epochs = epochs;
    this.lines = lines;
    this.bar = bar;
  }

  @Override
  public void onBatch(BatchProgress p) {
    if (start < 0) {
      start = System.nanoTime();
      firstEpoch = p.epoch();
    }
    if (p.batch() == 1) {
      lastLine = 0;
    }
    String label = String.format(Locale.ROOT, "%s epoch %d/%d", name, p.epoch(), epochs);
    if (bar.enabled()) {
      bar.update(label, p.images(), p.total(), within(p));
    } else if (p.last() ? lastLine > 0 : p.seconds() - lastLine >= LINE_SECONDS) {
      lastLine = p.seconds();
      lines.println(label + "  " + within(p));
      lines.flush();
    }
  }

  /** E.g. "1,280/6,000 images 2,310 img/s epoch ETA 2s loss 0.6931". */
  static String within(BatchProgress p) {
    return String.format(
        Locale.ROOT,
        "%,d/%,d images  %,.0f img/s  epoch ETA %s  loss %.4f",
        p.images(),
        p.total(),
        p.imagesPerSecond(),
        Double.isNaN(p.secondsLeft()) ? "-" : duration(p.secondsLeft()),
        p.meanLoss());
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

  /** The task's rates, e.g. " mask 63.20%" (FixMatch), or "" when there are none. */
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
