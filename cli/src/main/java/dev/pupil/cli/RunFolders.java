package dev.pupil.cli;

import dev.pupil.BadInputException;
import dev.pupil.report.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Chooses and creates run folders: {@code runs/<name>-<yyyyMMdd-HHmmss>} unless one is given. */
final class RunFolders {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private RunFolders() {}

  /**
   * @param name what the run is, e.g. the model
   * @return {@code runs/<name>-<timestamp>}, relative to the working folder
   */
  static Path defaultFor(String name) {
    return Path.of("runs", name + "-" + LocalDateTime.now().format(STAMP));
  }

  /**
   * Creates a run folder for a new run.
   *
   * @param out the folder asked for, or null for {@link #defaultFor}
   * @param name what the run is
   * @param overwrite whether an earlier run in the folder may be replaced
   * @return the run directory
   * @throws BadInputException when the folder already holds a run and may not be replaced
   */
  static RunDirectory fresh(Path out, String name, boolean overwrite) {
    Path dir = out != null ? out : defaultFor(name);
    if (!overwrite && Files.exists(dir.resolve("config.json"))) {
      throw new BadInputException(
          dir + " already holds a run; choose another --out, or continue it with --resume " + dir);
    }
    return RunDirectory.create(dir);
  }
}
