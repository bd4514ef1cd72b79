package dev.pupil.cli;

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
 * Progress of self-training: a line when each round's pseudo-labels are made, epoch lines (through
 * a fresh {@link EpochProgress} per network) and a summary line after each round.
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
      String teacher, int teacherEpochs, List<String> students, int epochs, PrintWriter lines,
      ProgressBar bar) {
    this.students = students;
    this.epochs = epochs;
    this.lines = lines;
    this.bar = bar;
    this.current = new EpochProgress("teacher " + teacher, teacherEpochs, lines, bar);
    this.teacherPhase = teacher != null;
  }

  @Override
  public void onPseudoLabels(int round, PseudoLabels labels) {
    teacherPhase = false;
    lines.println(
        String.format(
            Locale.ROOT, "round %d/%d: the teacher kept %d of %d pseudo-labels %s", round,
            students.size(), labels.size(), labels.poolSize(), labels.perClass()));
    lines.flush();
    current =
        new EpochProgress(
            "round " + round + " " + students.get(round - 1), epochs, lines, bar);
  }

  @Override
  public void onRound(RoundSummary s) {
    lines.println(line(s));
    lines.flush();
  }

  static String line(RoundSummary s) {
    String audit =
        s.pseudoLabelAccuracy() == null
            ? ""
            : ", " + EpochProgress.percent(s.pseudoLabelAccuracy()) + " of them right";
    return String.format(
        Locale.ROOT, "round %d: teacher %s %s -> student %s %s (%d pseudo-labels%s)", s.round(),
        s.teacher(), EpochProgress.percent(s.teacherAccuracy()), s.student(),
        EpochProgress.percent(s.studentAccuracy()), s.pseudoLabels(), audit);
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

  /** @return seconds from the start to the end of the first teacher's last epoch, or NaN */
  double teacherSeconds() {
    return teacherSeconds;
  }

  /** @return seconds since this progress was made */
  double seconds() {
    return (System.nanoTime() - start) / 1e9;
  }
}
