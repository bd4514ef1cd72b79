package dev.pupil.cli;

import dev.pupil.report.CompareReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pupil compare RUN_DIR... [--out DIR]}: writes compare.html with the runs' final metrics
 * side by side, the settings in which they differ and their curves overlaid; see {@link
 * CompareReport}.
 */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {
      "Compare runs: final metrics side by side, the settings that differ, and overlaid",
      "validation/training curves, as DIR/compare.html (self-contained; opens offline)."
    })
final class CompareCommand implements Callable<Integer> {
  @Mixin Output output;

  @Option(names = "--out", paramLabel = "DIR", description = "Where to write compare.html (default: the working folder).")
  Path out = Path.of(".");

  @Parameters(paramLabel = "RUN_DIR", arity = "1..*", description = "Run folders.")
  List<Path> runs;

  @Override
  public Integer call() throws IOException {
    Path file = CompareReport.write(runs, out);
    output.text("wrote " + file);
    output.result(Output.fields("compare", file.toString(), "runs", runs.size()));
    return Pupil.OK;
  }
}
