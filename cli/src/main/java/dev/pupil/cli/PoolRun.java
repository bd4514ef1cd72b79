package dev.pupil.cli;

import dev.pupil.pool.PoolEngine;
import dev.pupil.pool.PoolJob;
import dev.pupil.pool.PoolSummary;
import java.util.Locale;

/** Runs a {@link PoolJob} on its engine and reports the {@link PoolSummary}. */
final class PoolRun {
  private PoolRun() {}

  static int run(PoolEngine engine, PoolJob job, Output output) {
    output
        .progress()
        .printf(
            Locale.ROOT,
            "%s on %s (%s engine%s) -> %s%n",
            job.task() == PoolJob.Task.EMBED ? "embedding" : "pseudo-labeling",
            job.source().name(),
            engine.name(),
            job.master() == null ? "" : ", master " + job.master(),
            job.out());
    output.progress().flush();
    PoolSummary s = engine.run(job);
    if (job.task() == PoolJob.Task.PSEUDO_LABEL) {
      output.text(
          String.format(
              Locale.ROOT,
              "%d images, %d skipped, %d pseudo-labels kept %s in %.1f s; wrote %s",
              s.images(),
              s.skipped(),
              s.kept(),
              s.perClass(),
              s.seconds(),
              String.join(", ", s.outputs()) + ", summary.json"));
    } else {
      output.text(
          String.format(
              Locale.ROOT,
              "%d images embedded, %d skipped, in %.1f s; wrote %s",
              s.images(),
              s.skipped(),
              s.seconds(),
              String.join(", ", s.outputs()) + ", summary.json"));
    }
    output.result(
        Output.fields(
            "engine",
            s.engine(),
            "images",
            s.images(),
            "skipped",
            s.skipped(),
            "kept",
            s.kept(),
            "perClass",
            s.perClass(),
            "seconds",
            s.seconds(),
            "out",
            job.out().toString(),
            "outputs",
            s.outputs()));
    return 0;
  }
}
