package dev.pupil.cli;

import dev.pupil.report.RunReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code pupil report RUN_DIR}: rebuilds a run's report.html from the files in its folder (curves,
 * evaluation, images, self-training rounds); see {@link RunReport}.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Rebuild RUN_DIR/report.html from the run folder's files: loss, accuracy and learning-rate",
      "curves, confusion heat map, per-class table, most confused test images, templates,",
      "augmentation preview, self-training rounds. One self-contained file; opens offline."
    })
final class ReportCommand implements Callable<Integer> {
  @Mixin Output output;

  @Parameters(paramLabel = "RUN_DIR", description = "A run folder.")
  Path run;

  @Override
  public Integer call() throws IOException {
    Path file = RunReport.write(run);
    output.text("wrote " + file);
    output.result(Output.fields("report", file.toString()));
    return Pupil.OK;
  }
}
