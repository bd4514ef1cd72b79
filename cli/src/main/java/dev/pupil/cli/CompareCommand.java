package dev.pupil.cli;

import dev.pupil.io.AtomicFiles;
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
 * {@code pupil compare RUN_DIR... [--out DIR|FILE.html]}: writes an HTML page with the runs' final
 * metrics side by side, the settings in which they differ and their curves overlaid; see {@link
 * CompareReport}. By default the page goes beside the first run folder, as {@code
 * compare-<run1>-vs-<run2>….html}.
 */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {
      "Compare runs: final metrics side by side, the settings that differ, and overlaid",
      "validation/training curves, as one self-contained HTML page (opens offline).",
      "Default: compare-<run1>-vs-<run2>.html beside the first run folder (e.g. runs/);",
      "an existing page is replaced only with --force."
    })
final class CompareCommand implements Callable<Integer> {
  /** Longest default file name before the run names are cut to a count. */
  static final int MAX_NAME = 120;

  @Mixin Output output;

  @Mixin ForceOption force;

  @Option(
      names = "--out",
      paramLabel = "DIR|FILE.html",
      description =
          "A .html file, or a folder to hold compare.html (default: "
              + "compare-<run1>-vs-<run2>.html beside the first run folder).")
  Path out;

  @Parameters(paramLabel = "RUN_DIR", arity = "1..*", description = "Run folders.")
  List<Path> runs;

  @Override
  public Integer call() throws IOException {
    String page = CompareReport.build(runs).toString();
    Path file;
    String from;
    if (out == null) {
      file = defaultFile(runs);
      from = "default of --out: beside the first run";
    } else {
      file = out.toString().endsWith(".html") ? out : out.resolve(CompareReport.FILE);
      from = "--out";
    }
    new OutputPlan(force).file(file, from).check();
    AtomicFiles.writeString(file, page);
    output.text("wrote " + file);
    output.result(Output.fields("compare", file.toString(), "runs", runs.size()));
    return Pupil.OK;
  }

  /**
   * @param runs the run folders, at least one
   * @return {@code compare-<a>-vs-<b>….html} in the first run folder's parent; with many runs whose
   *     names make it too long, {@code compare-<a>-vs-<n>-runs.html}
   */
  static Path defaultFile(List<Path> runs) {
    Path first = runs.get(0).toAbsolutePath().normalize();
    StringBuilder name = new StringBuilder("compare");
    for (int i = 0; i < runs.size(); i++) {
      name.append(i == 0 ? "-" : "-vs-").append(folderName(runs.get(i)));
    }
    if (name.length() > MAX_NAME) {
      name.setLength(0);
      name.append("compare-")
          .append(folderName(runs.get(0)))
          .append("-vs-")
          .append(runs.size() - 1)
          .append("-runs");
    }
    Path parent = first.getParent() != null ? first.getParent() : first;
    return parent.resolve(name.append(".html").toString());
  }

  private static String folderName(Path run) {
    Path n = run.toAbsolutePath().normalize().getFileName();
    return n == null ? "root" : n.toString();
  }
}
