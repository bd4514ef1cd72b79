package dev.pupil.cli;

import dev.pupil.BadInputException;
import dev.pupil.run.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.stream.Stream;

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
   * Creates a run folder for a new run. A folder that holds a run, or other files, is refused:
   * {@code --force} does not apply to run folders, since a new run written over an old one would
   * leave the old run's checkpoints, rounds and pictures beside the new results.
   *
   * @param out the folder asked for, or null for {@link #defaultFor}
   * @param name what the run is
   * @param overwrite whether an earlier run in the folder may be replaced (only {@code demo}, whose
   *     folder is its own)
   * @return the run directory
   * @throws BadInputException when the folder already holds a run or other files and may not be
   *     replaced
   */
  static RunDirectory fresh(Path out, String name, boolean overwrite) {
    Path dir = out != null ? out : defaultFor(name);
    if (!overwrite && Files.exists(dir.resolve("config.json"))) {
      throw new BadInputException(
          dir + " already holds a run; choose another --out, or continue it with --resume " + dir);
    }
    if (!overwrite && holdsFiles(dir)) {
      throw new BadInputException(
          "--out " + dir + " is not empty; a new run needs a new or empty folder");
    }
    return RunDirectory.create(dir);
  }

  /** Whether a folder exists and holds anything but an empty checkpoints/ (a run stopped early). */
  private static boolean holdsFiles(Path dir) {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.anyMatch(p -> !(p.getFileName().toString().equals("checkpoints") && isEmpty(p)));
    } catch (IOException e) {
      throw new BadInputException("cannot list --out " + dir + ": " + e.getMessage(), e);
    }
  }

  private static boolean isEmpty(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }
}
