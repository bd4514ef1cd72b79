package dev.pupil.bench;

import dev.pupil.data.DatasetRegistry;
import dev.pupil.data.ImageSet;
import dev.pupil.data.LoadedDataset;
import dev.pupil.io.AtomicFiles;
import dev.pupil.io.Json;
import dev.pupil.io.Provenance;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What every benchmark driver shares: the data, argument parsing, and the JSON result file. */
final class BenchSupport {
  private static LoadedDataset fashion;

  /**
   * Fashion-MNIST as Pupil finds it ($PUPIL_DATA, the user cache, then Debian's folder), read once.
   *
   * @return the 60,000 training and 10,000 test images
   */
  static synchronized LoadedDataset fashion() {
    if (fashion == null) {
      fashion = DatasetRegistry.system().load("fashion-mnist");
    }
    return fashion;
  }

  /**
   * @return the folder holding Fashion-MNIST's files, for the Python peers
   */
  static Path fashionDir() {
    return fashion().dir();
  }

  /**
   * @return Fashion-MNIST's training split (60,000 images)
   */
  static ImageSet fashionTrain() {
    return fashion().train();
  }

  /**
   * @return Fashion-MNIST's test split (10,000 images)
   */
  static ImageSet fashionTest() {
    return fashion().test();
  }

  /**
   * Runs a peer script of bench/python with Debian's /usr/bin/python3 and reads the one JSON line
   * it prints.
   *
   * @param script the script's file name in bench/python
   * @param args its arguments
   * @return the parsed JSON object
   * @throws IOException when the script cannot be started
   * @throws InterruptedException when interrupted while waiting
   */
  static Map<?, ?> runPeer(String script, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", "bench/python/" + script));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String line;
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      line = r.readLine();
    }
    if (p.waitFor() != 0 || line == null) {
      throw new IllegalStateException(script + " failed (exit " + p.exitValue() + ")");
    }
    return Json.COMPACT.fromJson(line, Map.class);
  }

  /**
   * Parses {@code --key value} pairs.
   *
   * @param args the arguments
   * @return key → value
   */
  static Map<String, String> args(String[] args) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --option, got " + args[i]);
      }
      String key = args[i].substring(2);
      String value = i + 1 < args.length && !args[i + 1].startsWith("--") ? args[++i] : "true";
      m.put(key, value);
    }
    return m;
  }

  /**
   * Writes a result file bench/results/NAME-TIMESTAMP.json with the provenance and command.
   *
   * @param name the benchmark's name
   * @param command the command line that produced it
   * @param results the figures
   * @return the file written
   * @throws IOException when it cannot be written
   */
  static Path writeResult(String name, String command, Map<String, Object> results)
      throws IOException {
    return writeResult(resultPath(name), name, command, results);
  }

  /**
   * @param name the benchmark's name
   * @return a new timestamped file under bench/results for it
   */
  static Path resultPath(String name) {
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    return Path.of("bench", "results", name + "-" + stamp + ".json");
  }

  /**
   * Writes (or rewrites, for drivers that save after each part) a result file atomically.
   *
   * @param out the file
   * @param name the benchmark's name
   * @param command the command line
   * @param results the figures
   * @return the file
   * @throws IOException when it cannot be written
   */
  static Path writeResult(Path out, String name, String command, Map<String, Object> results)
      throws IOException {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("benchmark", name);
    doc.put("command", command);
    doc.put("date", LocalDateTime.now().toString());
    doc.put("provenance", Provenance.collect().toMap());
    doc.put("git", GIT);
    doc.put("jvm", jvm());
    doc.put("results", results);
    AtomicFiles.writeString(out, Json.PRETTY.toJson(doc) + "\n");
    return out;
  }

  /** The JVM's own options and the native allocator setting, both of which move the figures. */
  static Map<String, Object> jvm() {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("options", ManagementFactory.getRuntimeMXBean().getInputArguments());
    Map<String, String> env = System.getenv();
    j.put("mallocArenaMax", env.getOrDefault("MALLOC_ARENA_MAX", "default"));
    j.put("mallocMmapThreshold", env.getOrDefault("MALLOC_MMAP_THRESHOLD_", "default"));
    j.put("mallocTrimThreshold", env.getOrDefault("MALLOC_TRIM_THRESHOLD_", "default"));
    j.put("pytorchThreads", System.getProperty("ai.djl.pytorch.num_threads", "default"));
    return j;
  }

  /** Read once when a driver starts, so a driver that rewrites its file keeps its start commit. */
  private static final Map<String, Object> GIT = git();

  /**
   * The commit the driver ran from, and whether the working tree had changes; "unknown" without
   * git.
   */
  static Map<String, Object> git() {
    Map<String, Object> g = new LinkedHashMap<>();
    g.put("commit", command("git", "rev-parse", "HEAD"));
    String status = command("git", "status", "--porcelain", "--untracked-files=no");
    g.put("dirty", status.equals("unknown") ? "unknown" : !status.isEmpty());
    return g;
  }

  private static String command(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return p.waitFor() == 0 ? out : "unknown";
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
