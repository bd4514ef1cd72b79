package dev.pupil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pupil.train.BatchProgress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class EpochProgressTest {
  /** An epoch of 10 batches of 100 images, 4 s each, the running loss falling from 1.0. */
  private static void epoch(EpochProgress progress, int epoch) {
    for (int b = 1; b <= 10; b++) {
      progress.onBatch(new BatchProgress(epoch, b, 10, 100L * b, 1000, 1.0 / b, 1.0 / b, 4.0 * b));
    }
  }

  @Test
  void withoutATerminalAPlainLineEveryTenSecondsAndTheFinalCount() {
    StringWriter out = new StringWriter();
    PrintWriter w = new PrintWriter(out);
    EpochProgress progress = new EpochProgress("cnn-tiny", 2, w, new ProgressBar(w, false));
    epoch(progress, 1);
    String text = out.toString();
    assertThat(text).doesNotContain("\r");
    List<String> lines = text.lines().toList();
    // 12, 24 and 36 s into the epoch, and after its last batch.
    assertThat(lines)
        .containsExactly(
            "cnn-tiny epoch 1/2  300/1,000 images  25 img/s  epoch ETA 28s  loss 0.3333",
            "cnn-tiny epoch 1/2  600/1,000 images  25 img/s  epoch ETA 16s  loss 0.1667",
            "cnn-tiny epoch 1/2  900/1,000 images  25 img/s  epoch ETA 4s  loss 0.1111",
            "cnn-tiny epoch 1/2  1,000/1,000 images  25 img/s  epoch ETA 0s  loss 0.1000");
    // The next epoch counts its ten seconds from its own start.
    epoch(progress, 2);
    assertThat(out.toString().lines().filter(l -> l.contains("epoch 2/2")).count()).isEqualTo(4);
  }

  @Test
  void aShortEpochWithoutATerminalPrintsNothingWithin() {
    StringWriter out = new StringWriter();
    PrintWriter w = new PrintWriter(out);
    EpochProgress progress = new EpochProgress("mlp", 1, w, new ProgressBar(w, false));
    for (int b = 1; b <= 3; b++) {
      progress.onBatch(new BatchProgress(1, b, 3, 10L * b, 30, 0.5, 0.5, 1.0 * b));
    }
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void onATerminalTheBarIsRedrawnInPlaceUpToTheFinalCount() {
    StringWriter out = new StringWriter();
    PrintWriter w = new PrintWriter(out);
    EpochProgress progress = new EpochProgress("cnn-tiny", 1, w, new ProgressBar(w, true));
    epoch(progress, 1);
    String text = out.toString();
    assertThat(text).startsWith("\rcnn-tiny epoch 1/1 [").doesNotContain("\n");
    // The first batch is drawn at once; the last one always.
    assertThat(text).contains("100/1,000 images  25 img/s  epoch ETA 36s  loss 1.0000");
    assertThat(text).contains("100% 1,000/1,000 images  25 img/s  epoch ETA 0s  loss 0.1000");
  }
}
