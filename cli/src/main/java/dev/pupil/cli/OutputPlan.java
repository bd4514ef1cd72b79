package dev.pupil.cli;

import dev.pupil.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files a command is about to write, checked together before it writes any of them: each one's
 * folder exists or can be created (its nearest existing ancestor is a writable folder), the file is
 * not a folder, and it does not exist unless {@code --force} was given or it is one of the files
 * the command owns and rewrites (a run's eval.json when evaluating that run again). A failed check
 * is a {@link BadInputException} (exit 2) naming the file and the option that chose it. Commands
 * then write with {@link dev.pupil.io.AtomicFiles}.
 *
 * <pre>{@code
 * new OutputPlan(force).file(out, "--out").file(beside, "beside --out").check();
 * }</pre>
 */
final class OutputPlan {
  private record Entry(Path file, String from, boolean own) {}

  private final boolean force;
  private final List<Entry> entries = new ArrayList<>();

  /**
   * @param force whether existing files may be replaced ({@code --force})
   */
  OutputPlan(boolean force) {
    this.force = force;
  }

  /**
   * @param force the command's {@code --force} option
   */
  OutputPlan(ForceOption force) {
    this(force != null && force.force());
  }

  /**
   * Adds a file that must not exist unless {@code --force} was given.
   *
   * @param file the file the command will write
   * @param from what chose the path, for messages: {@code "--out"}, {@code "default of --out"}
   * @return this plan
   */
  OutputPlan file(Path file, String from) {
    entries.add(new Entry(file, from, false));
    return this;
  }

  /**
   * Adds files in one folder (e.g. a command's {@code --out DIR}).
   *
   * @param dir the folder
   * @param names the files in it that the command will write
   * @param from what chose the folder
   * @return this plan
   */
  OutputPlan files(Path dir, List<String> names, String from) {
    for (String n : names) {
      file(dir.resolve(n), from);
    }
    return this;
  }

  /**
   * Adds a file the command owns and may rewrite without {@code --force} (a derived file in a run
   * folder); it is still checked for a writable folder.
   *
   * @param file the file
   * @param from what chose the path, for messages
   * @return this plan
   */
  OutputPlan own(Path file, String from) {
    entries.add(new Entry(file, from, true));
    return this;
  }

  /**
   * @return the files planned so far, in order (each once)
   */
  List<Path> paths() {
    List<Path> out = new ArrayList<>();
    for (Entry e : entries) {
      if (!out.contains(key(e.file()))) {
        out.add(key(e.file()));
      }
    }
    return out;
  }

  /**
   * Checks every planned file; writes nothing.
   *
   * @throws BadInputException naming the first file that cannot or may not be written
   */
  void check() {
    for (Entry e : entries) {
      Path f = e.file();
      Path blocker = blockingAncestor(key(f).getParent());
      if (blocker != null) {
        String why = Files.isDirectory(blocker) ? " is not writable" : " is not a folder";
        throw new BadInputException(f + " cannot be written (" + e.from() + "): " + blocker + why);
      }
      if (Files.isDirectory(f)) {
        throw new BadInputException(f + " is a folder (" + e.from() + "); give a file");
      }
      if (!force && Files.exists(f) && !owned(f)) {
        throw new BadInputException(f + " exists (" + e.from() + "); use --force to replace it");
      }
    }
  }

  private boolean owned(Path f) {
    Path k = key(f);
    return entries.stream().anyMatch(e -> e.own() && key(e.file()).equals(k));
  }

  /** The nearest existing ancestor of a folder when it is not a writable folder; else null. */
  private static Path blockingAncestor(Path dir) {
    Path p = dir;
    while (p != null && !Files.exists(p)) {
      p = p.getParent();
    }
    if (p == null) {
      return null;
    }
    return Files.isDirectory(p) && Files.isWritable(p) ? null : p;
  }

  private static Path key(Path f) {
    return f.toAbsolutePath().normalize();
  }
}
