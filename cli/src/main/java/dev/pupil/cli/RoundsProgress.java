package dev.pupil.cli;

import dev.pupil.semisup.ClassBalance;
import dev.pupil.semisup.PseudoLabels;
import dev.pupil.semisup.RoundSummary;
import dev.pupil.semisup.SelfTrainer;
import dev.pupil.train.BatchProgress;
import dev.pupil.train.EpochMetrics;
import dev.pupil.train.TrainingLoop;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * Progress of self-training: a line when each round's pseudo-labels are made (with a warning when
 * they collapsed onto a few classes), epoch lines (through a fresh {@link EpochProgress} per
 * network) and a summary line after each round (with a line when its student is not kept).
 */
final class RoundsProgress implements TrainingLoop.Listener, SelfTrainer.RoundListener {
  private final List<String> students;
  private final int epochs;
  private final PrintWriter lines;
  private final ProgressBar bar;
  private final long start = System.nanoTime();
  private double teacherSeconds = Double.NaN;
  private boolean teacherPhase;
  private EpochProgress current;

  /**
   * @param teacher the first teacher's architecture, or null when it is given
   * @param teacherEpochs the first teacher's epochs
   * @param students each round's student
   * @param epochs epochs per network
   * @param lines where lines go
   * @param bar the batch bar
   */
  RoundsProgress(
      String teacher,
      int teacherEpochs,
      List<String> students,
      int epochs,
      PrintWriter lines,
      ProgressBar bar) {
    this.students = students;
    this.epochs = epochs;
    this.lines = lines;
    this.bar = bar;
    this.current = new EpochProgress("teacher " + teacher, teacherEpochs, lines, bar);
    this.teacherPhase = teacher != null;
  }

  @Override
  public void onPseudoLabels(int round, PseudoLabels labels, ClassBalance balance) {
    teacherPhase = false;
    lines.println(
        String.format(
            Locale.ROOT,
            "round %d/%d: the teacher kept %d of %d pseudo-labels %s%s",
            round,
            students.size(),
            labels.size(),
            labels.poolSize(),
            labels.perClass(),
            balance(balance)));
    String collapse = collapse(round, balance);
    if (collapse != null) {
      lines.println(collapse);
    }
    lines.flush();
    current =
        new EpochProgress("round " + round + " " + students.get(round - 1), epochs, lines, bar);
  }

  @Override
  public void onStudentStart(int round, String student, int epochs) {
    if (epochs != this.epochs) {
      lines.println(
          String.format(
              Locale.ROOT,
              "round %d: the student trains %d epochs by default (at least 1,000 steps over the "
                  + "pseudo-labeled images; --epochs overrides)",
              round,
              epochs));
      lines.flush();
    }
    current = new EpochProgress("round " + round + " " + student, epochs, lines, bar);
  }

  @Override
  public void onRound(RoundSummary s) {
    lines.println(line(s));
    String verdict = verdict(s);
    if (verdict != null) {
      lines.println(verdict);
    }
    lines.flush();
  }

  /**
   * @return how the kept labels were capped and how far they are from the labeled classes
   */
  static String balance(ClassBalance b) {
    StringBuilder t = new StringBuilder();
    if (b.capPerClass() != null) {
      t.append(" (confident ")
          .append(b.confidentPerClass())
          .append(", caps ")
          .append(b.capPerClass())
          .append(')');
    }
    if (b.totalVariation() != null) {
      t.append(
          String.format(
              Locale.ROOT,
              "; total variation %.2f from the labeled class distribution",
              b.totalVariation()));
    }
    return t.toString();
  }

  /**
   * @return a warning when the round's pseudo-labels collapsed onto a few classes, or null
   */
  static String collapse(int round, ClassBalance b) {
    if (!b.collapsed()) {
      return null;
    }
    String starved =
        b.lowestShare() == null || b.lowestShare() >= ClassBalance.MIN_SHARE
            ? ""
            : String.format(
                Locale.ROOT,
                "; %s got %.0f%% of its expected share",
                b.lowestClass(),
                100 * b.lowestShare());
    return String.format(
        Locale.ROOT,
        "warning: round %d's pseudo-labels collapsed onto a few classes (total variation %.2f "
            + "from the labeled class distribution%s); the student learns the teacher's bias "
            + "(classBalance in rounds.json)",
        round,
        b.totalVariation(),
        starved);
  }

  /**
   * @return the line saying that a round's student is not kept, or null when it is (or cannot be
   *     compared)
   */
  static String verdict(RoundSummary s) {
    if (s.kept() || s.studentValAccuracy() == null) {
      return null;
    }
    String keeping =
        s.keptRound() == 0
            ? "keeping the first teacher (round 0)"
            : "keeping round " + s.keptRound();
    if (s.studentValAccuracy() < s.teacherValAccuracy()) {
      return String.format(
          Locale.ROOT,
          "round %d student %s < teacher %s on validation; %s",
          s.round(),
          percent(s.studentValAccuracy()),
          percent(s.teacherValAccuracy()),
          keeping);
    }
    String best =
        s.keptRound() == s.round() - 1
            ? "its teacher's "
                + percent(s.teacherValAccuracy())
                + " (a tie keeps the earlier round)"
            : "round " + s.keptRound() + "'s model";
    return String.format(
        Locale.ROOT,
        "round %d student %s does not beat %s on validation; %s",
        s.round(),
        percent(s.studentValAccuracy()),
        best,
        keeping);
  }

  private static String percent(double v) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * v);
  }

  static String line(RoundSummary s) {
    String audit =
        s.pseudoLabelAccuracy() == null
            ? ""
            : ", " + EpochProgress.percent(s.pseudoLabelAccuracy()) + " of them right";
    return String.format(
        Locale.ROOT,
        "round %d: teacher %s %s -> student %s %s (%d pseudo-labels%s)",
        s.round(),
        s.teacher(),
        EpochProgress.percent(s.teacherAccuracy()),
        s.student(),
        EpochProgress.percent(s.studentAccuracy()),
        s.pseudoLabels(),
        audit);
  }

  @Override
  public void onBatch(BatchProgress p) {
    current.onBatch(p);
  }

  @Override
  public void onEpoch(EpochMetrics m, List<EpochMetrics> history) {
    if (teacherPhase) {
      teacherSeconds = seconds();
    }
    current.onEpoch(m, history);
  }

  /**
   * @return seconds from the start to the end of the first teacher's last epoch, or NaN
   */
  double teacherSeconds() {
    return teacherSeconds;
  }

  /**
   * @return seconds since this progress was made
   */
  double seconds() {
    return (System.nanoTime() - start) / 1e9;
  }
}
