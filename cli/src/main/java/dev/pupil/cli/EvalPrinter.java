package dev.pupil.cli;

import dev.pupil.eval.ClassMetrics;
import dev.pupil.eval.EvalReport;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * Prints an {@link EvalReport} for people: the headline scores, a per-class table, the confusion.
 */
final class EvalPrinter {
  private EvalPrinter() {}

  static void print(EvalReport r, PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "images %d  accuracy %s  top-5 %s  macro F1 %.4f  loss %.4f%n%n",
        r.count(),
        EpochProgress.percent(r.accuracy()),
        EpochProgress.percent(r.top5()),
        r.macroF1(),
        r.loss());
    if (r.calibration() != null) {
      out.printf(
          Locale.ROOT,
          "calibration (%d bins): ECE %.4f  MCE %.4f%n%n",
          r.calibration().bins().size(),
          r.calibration().ece(),
          r.calibration().mce());
    }
    List<ClassMetrics> per = r.perClass();
    int w = Math.max(5, per.stream().mapToInt(c -> c.name().length()).max().orElse(5));
    out.printf(
        Locale.ROOT,
        "%3s  %-" + w + "s  %9s  %6s  %6s  %7s%n",
        "#",
        "class",
        "precision",
        "recall",
        "F1",
        "support");
    for (int k = 0; k < per.size(); k++) {
      ClassMetrics c = per.get(k);
      out.printf(
          Locale.ROOT,
          "%3d  %-" + w + "s  %9.4f  %6.4f  %6.4f  %7d%n",
          k,
          c.name(),
          c.precision(),
          c.recall(),
          c.f1(),
          c.support());
    }
    out.println();
    out.println("confusion matrix (rows: true class #, columns: predicted class #)");
    int[][] m = r.confusion();
    int cw = 3;
    for (int[] row : m) {
      for (int v : row) {
        cw = Math.max(cw, Integer.toString(v).length());
      }
    }
    StringBuilder head = new StringBuilder("    ");
    for (int j = 0; j < m.length; j++) {
      head.append(String.format(Locale.ROOT, " %" + cw + "d", j));
    }
    out.println(head);
    for (int i = 0; i < m.length; i++) {
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%3d ", i));
      for (int v : m[i]) {
        row.append(String.format(Locale.ROOT, " %" + cw + "d", v));
      }
      out.println(row);
    }
    out.flush();
  }
}
