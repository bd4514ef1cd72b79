package dev.pupil.cli;

import dev.pupil.semisup.PseudoLabels;
import dev.pupil.semisup.RoundSummary;
import dev.pupil.semisup.SelfTrainer;
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
  private EpochProgress current;

  /**
   * @param teacher the first teacher's architecture, or null when it is given
   * @param students each round's student
   * @param epochs epochs per network
   * @param lines where lines go
   * @param bar the batch bar
   */
  RoundsProgress(
      String teacher, List<String> students, int epochs, PrintWriter lines, ProgressBar bar) {
    this.students = students;
    this.epochs = epochs;
    this.lines = lines;
    this.bar = bar;
    this.current = new EpochProgress("teacher " + teacher, epochs, lines, bar);
  }

  @Override
  public void onPseudoLabels(int round, PseudoLabels labels) {
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
  public void onBatch(int epoch, int batch, int batches, double loss) {
    current.onBatch(epoch, batch, batches, loss);
  }

  @Override
  public void onEpoch(EpochMetrics m, List<EpochMetrics> history) {
    current.onEpoch(m, history);
  }
}
