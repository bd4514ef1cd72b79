package dev.pupil.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * An in-place progress bar on a terminal: one line redrawn with {@code \r}, at most ten times a
 * second. Disabled (drawing nothing) when the output is not a terminal ({@code System.console() ==
 * null}), so logs and pipes get no control characters.
 */
public final class ProgressBar {
  private static final int WIDTH = 30;
  private static final long MIN_NANOS = 100_000_000L;

  private final PrintWriter out;
  private final boolean enabled;
  private long lastDraw;
  private int lastLength;

  /**
   * @param out where to draw
   * @param enabled whether to draw at all
   */
  public ProgressBar(PrintWriter out, boolean enabled) {
    this.out = out;
    this.enabled = enabled;
  }

  /**
   * @param out where to draw
   * @return a bar that draws only when this process runs on a terminal
   */
  public static ProgressBar onTerminal(PrintWriter out) {
    return new ProgressBar(out, System.console() != null);
  }

  /**
   * @return whether it draws: false when the output is not a terminal
   */
  public boolean enabled() {
    return enabled;
  }

  /**
   * Redraws the bar, unless it was drawn less than 0.1 s ago and this is not the last step.
   *
   * @param label text before the bar
   * @param done steps done
   * @param total all steps, or a negative number when unknown
   * @param suffix text after the bar
   */
  public void update(String label, long done, long total, String suffix) {
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    if (now - lastDraw < MIN_NANOS && done != total) {
      return;
    }
    lastDraw = now;
    StringBuilder sb = new StringBuilder("\r").append(label).append(" [");
    int filled = total > 0 ? (int) Math.min(WIDTH, done * WIDTH / total) : 0;
    for (int i = 0; i < WIDTH; i++) {
      sb.append(i < filled ? '=' : i == filled && total > 0 ? '>' : ' ');
    }
    sb.append("] ");
    sb.append(total > 0 ? String.format(Locale.ROOT, "%3d%%", done * 100 / total) : "");
    sb.append(' ').append(suffix);
    int len = sb.length();
    for (int i = len; i < lastLength; i++) {
      sb.append(' ');
    }
    lastLength = len;
    out.print(sb);
    out.flush();
  }

  /** Erases the bar, so that the next line starts clean. */
  public void clear() {
    if (!enabled || lastLength == 0) {
      return;
    }
    out.print("\r" + " ".repeat(lastLength) + "\r");
    out.flush();
    lastLength = 0;
    lastDraw = 0;
  }
}
