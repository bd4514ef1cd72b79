package dev.pupil.bench;

import dev.pupil.io.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How Pupil's commands do with their defaults at few labels, as a user runs them: each command is
 * run through the {@code ./pupil} launcher with only the data, the label count, the seed and the
 * run folder given ("default"), or with the extra flags of a tuned setting ("tuned"), and its
 * {@code --json} result is read. The domains are Fashion-MNIST and image folders laid out as {@code
 * ROOT/train/<class>/…} and {@code ROOT/test/<class>/…} (bench/domains/MakeDomains.java builds
 * two).
 *
 * <p>{@code bench/run DefaultsBench --domains fmnist=fashion-mnist,glyphs=/work/domains/glyphs
 * [--labels 10,100] [--commands train,pseudo-label,noisy-student,transfer] [--variants
 * default,tuned] [--seed 42] [--tuned-train "--epochs 100"] [--tuned-pseudo-label "..."]
 * [--tuned-noisy-student "..."] [--tuned-transfer "..."] [--from-glyphs MODEL] [--runs DIR]} —
 * {@code --from-NAME} gives transfer's pretrained model for domain NAME (transfer is skipped for a
 * domain without one). Results: {@code bench/results/defaults-*.json}, rewritten after every run,
 * and a Markdown table on stdout.
 */
public final class DefaultsBench {
  private DefaultsBench() {}

  /**
   * @param argv options
   * @throws Exception on failure
   */
  public static void main(String[] argv) throws Exception {
    Map<String, String> a = BenchSupport.args(argv);
    Map<String, String> domains = new LinkedHashMap<>();
    for (String d : a.getOrDefault("domains", "fmnist=fashion-mnist").split(",")) {
      String[] kv = d.split("=", 2);
      domains.put(kv[0], kv[1]);
    }
    String[] labels = a.getOrDefault("labels", "10,100").split(",");
    String[] commands =
        a.getOrDefault("commands", "train,pseudo-label,noisy-student,transfer").split(",");
    String[] variants = a.getOrDefault("variants", "default").split(",");
    String seed = a.getOrDefault("seed", "42");
    Path runs = Path.of(a.getOrDefault("runs", "/tmp/pupil-defaults-bench"));
    Path out = BenchSupport.resultPath("defaults");
    String command = "bench/run DefaultsBench " + String.join(" ", argv);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Map.Entry<String, String> d : domains.entrySet()) {
      for (String lpc : labels) {
        for (String cmd : commands) {
          for (String variant : variants) {
            List<String> args = new ArrayList<>();
            args.add(cmd);
            if (cmd.equals("transfer")) {
              String from = a.get("from-" + d.getKey());
              if (from == null) {
                continue;
              }
              args.addAll(List.of("--from", from));
            }
            args.addAll(data(d.getValue()));
            args.addAll(List.of("--labels-per-class", lpc, "--seed", seed));
            if (variant.equals("tuned")) {
              String extra = a.get("tuned-" + cmd);
              if (extra == null) {
                continue;
              }
              args.addAll(Arrays.asList(extra.trim().split("\\s+")));
            }
            Path dir = runs.resolve(d.getKey() + "-" + lpc + "-" + cmd + "-" + variant);
            rows.add(run(d.getKey(), lpc, cmd, variant, args, dir));
            BenchSupport.writeResult(out, "defaults", command, Map.of("runs", rows));
            System.out.println(line(rows.get(rows.size() - 1)));
          }
        }
      }
    }
    System.out.println();
    System.out.println("| domain | labels/class | command | variant | test acc | minutes |");
    System.out.println("|---|---:|---|---|---:|---:|");
    for (Map<String, Object> r : rows) {
      System.out.println(line(r));
    }
    System.out.println("results: " + out);
  }

  private static List<String> data(String spec) {
    if (!spec.contains("/")) {
      return List.of("--data", spec);
    }
    Path root = Path.of(spec);
    return List.of(
        "--data", root.resolve("train").toString(), "--test-data", root.resolve("test").toString());
  }

  private static Map<String, Object> run(
      String domain, String lpc, String cmd, String variant, List<String> args, Path dir)
      throws IOException, InterruptedException {
    deleteTree(dir);
    Files.createDirectories(dir.getParent());
    List<String> full = new ArrayList<>(List.of("./pupil"));
    full.addAll(args);
    full.addAll(List.of("--out", dir.toString(), "--json"));
    Path log = Path.of(dir + ".log");
    long t0 = System.nanoTime();
    Process p =
        new ProcessBuilder(full).redirectError(ProcessBuilder.Redirect.to(log.toFile())).start();
    String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int rc = p.waitFor();
    double seconds = (System.nanoTime() - t0) / 1e9;
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("domain", domain);
    row.put("labelsPerClass", Integer.parseInt(lpc));
    row.put("command", cmd);
    row.put("variant", variant);
    row.put("args", String.join(" ", args));
    row.put("exit", rc);
    row.put("seconds", seconds);
    row.put("log", log.toString());
    if (rc == 0) {
      @SuppressWarnings("unchecked")
      Map<String, Object> result = Json.COMPACT.fromJson(stdout, Map.class);
      row.put("testAccuracy", result.get("testAccuracy"));
      row.put("result", result);
    }
    return row;
  }

  private static String line(Map<String, Object> r) {
    Object acc = r.get("testAccuracy");
    return String.format(
        Locale.ROOT,
        "| %s | %s | %s | %s | %s | %.1f |",
        r.get("domain"),
        r.get("labelsPerClass"),
        r.get("command"),
        r.get("variant"),
        acc == null
            ? "exit " + r.get("exit")
            : String.format(Locale.ROOT, "%.2f%%", 100 * ((Number) acc).doubleValue()),
        ((Number) r.get("seconds")).doubleValue() / 60);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted((x, y) -> y.getNameCount() - x.getNameCount()).toList()) {
        Files.delete(p);
      }
    }
  }
}
