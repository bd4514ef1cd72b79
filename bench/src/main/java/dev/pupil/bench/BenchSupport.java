package dev.pupil.bench;

import dev.pupil.data.IdxReader;
import dev.pupil.data.ImageSet;
import dev.pupil.io.AtomicFiles;
import dev.pupil.io.Json;
import dev.pupil.report.Provenance;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What every benchmark driver shares: the data, argument parsing, and the JSON result file. */
final class BenchSupport {
  /** Fashion-MNIST's class names (Xiao et al. 2017, arXiv:1708.07747). */
  static final List<String> FASHION_CLASSES =
      List.of(
          "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
          "Bag", "Ankle boot");

  private BenchSupport() {}

  /** @return the folder holding Fashion-MNIST's IDX files ($PUPIL_DATA/fashion-mnist or Debian's) */
  static Path fashionDir() {
    String env = System.getenv("PUPIL_DATA");
    if (env != null && Files.isDirectory(Path.of(env, "fashion-mnist"))) {
      return Path.of(env, "fashion-mnist");
    }
    return Path.of("/usr/share/datasets/fashion-mnist");
  }

  /** @return Fashion-MNIST's training split (60,000 images) */
  static ImageSet fashionTrain() {
    Path d = fashionDir();
    return IdxReader.read(
        d.resolve("train-images-idx3-ubyte.gz"), d.resolve("train-labels-idx1-ubyte.gz"),
        FASHION_CLASSES);
  }

  /** @return Fashion-MNIST's test split (10,000 images) */
  static ImageSet fashionTest() {
    Path d = fashionDir();
    return IdxReader.read(
        d.resolve("t10k-images-idx3-ubyte.gz"), d.resolve("t10k-labels-idx1-ubyte.gz"),
        FASHION_CLASSES);
  }

  /**
   * Runs a peer script of bench/python with Debian's /usr/bin/python3 and reads the one JSON line it
   * prints.
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
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("benchmark", name);
    doc.put("command", command);
    doc.put("date", LocalDateTime.now().toString());
    doc.put("provenance", Provenance.collect().toMap());
    doc.put("results", results);
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path out = Path.of("bench", "results", name + "-" + stamp + ".json");
    AtomicFiles.writeString(out, Json.PRETTY.toJson(doc) + "\n");
    return out;
  }
}
