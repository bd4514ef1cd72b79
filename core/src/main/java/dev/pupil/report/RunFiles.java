package dev.pupil.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.pupil.BadInputException;
import dev.pupil.io.Json;
import dev.pupil.train.EpochMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads what a report is made from, out of a run folder's files: JSON objects (NaN allowed, as
 * Pupil writes them), metrics.jsonl, pseudo-labels.csv, and flattened settings.
 */
public final class RunFiles {
  private RunFiles() {}

  /**
   * @param file a JSON file
   * @return its object, or null when the file does not exist
   * @throws BadInputException naming the file when it cannot be read or holds no object
   */
  public static JsonObject object(Path file) {
    JsonElement e = element(file);
    if (e == null) {
      return null;
    }
    if (!e.isJsonObject()) {
      throw new BadInputException(file + " does not hold a JSON object");
    }
    return e.getAsJsonObject();
  }

  /**
   * @param file a JSON file
   * @return its content, or null when the file does not exist
   * @throws BadInputException naming the file when it cannot be read
   */
  public static JsonElement element(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return JsonParser.parseString(Files.readString(file));
    } catch (IOException | RuntimeException e) {
      throw new BadInputException(file + " cannot be read as JSON: " + e.getMessage(), e);
    }
  }

  /**
   * Reads metrics.jsonl: one {@link EpochMetrics} per non-blank line.
   *
   * @param file the metrics.jsonl
   * @return the epochs in file order, empty when the file does not exist
   * @throws BadInputException naming the file and line when a line is not valid
   */
  public static List<EpochMetrics> metrics(Path file) {
    List<EpochMetrics> out = new ArrayList<>();
    if (!Files.isRegularFile(file)) {
      return out;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new BadInputException(file + " cannot be read: " + e.getMessage(), e);
    }
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      try {
        EpochMetrics m = Json.COMPACT.fromJson(lines.get(i), EpochMetrics.class);
        if (m == null || m.losses() == null) {
          throw new IllegalArgumentException("no epoch metrics");
        }
        out.add(m);
      } catch (RuntimeException e) {
        throw new BadInputException(
            file + " line " + (i + 1) + " is not an epoch's metrics: " + e.getMessage(), e);
      }
    }
    return out;
  }

  /**
   * Reads the confidence column of a pseudo-labels.csv (index, id, label, class, confidence), and
   * counts labels per class name.
   *
   * @param file the CSV
   * @param perClass filled with kept images per class name, in first-seen order
   * @return the confidences, or null when the file does not exist
   * @throws BadInputException naming the file and line when a row is not valid
   */
  public static double[] pseudoLabels(Path file, Map<String, Integer> perClass) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new BadInputException(file + " cannot be read: " + e.getMessage(), e);
    }
    double[] conf = new double[Math.max(0, lines.size() - 1)];
    int n = 0;
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      List<String> cells = csv(line);
      try {
        conf[n++] = Double.parseDouble(cells.get(cells.size() - 1));
        perClass.merge(cells.get(cells.size() - 2), 1, Integer::sum);
      } catch (RuntimeException e) {
        throw new BadInputException(file + " line " + (i + 1) + " is not a pseudo-label row");
      }
    }
    return Arrays.copyOf(conf, n);
  }

  /**
   * Flattens a JSON object's scalars into dotted keys ({@code train.lr}); arrays of scalars become
   * one comma-separated value, longer arrays and nulls are left out.
   *
   * @param o the object, or null
   * @return key → value text, in document order
   */
  public static Map<String, String> flatten(JsonObject o) {
    Map<String, String> out = new LinkedHashMap<>();
    if (o != null) {
      flatten("", o, out);
    }
    return out;
  }

  private static void flatten(String prefix, JsonObject o, Map<String, String> out) {
    for (Map.Entry<String, JsonElement> e : o.entrySet()) {
      String key = prefix + e.getKey();
      JsonElement v = e.getValue();
      if (v.isJsonObject()) {
        flatten(key + ".", v.getAsJsonObject(), out);
      } else if (v.isJsonPrimitive()) {
        out.put(key, text(v));
      } else if (v.isJsonArray()
          && v.getAsJsonArray().size() <= 20
          && scalars(v.getAsJsonArray())) {
        List<String> parts = new ArrayList<>();
        v.getAsJsonArray().forEach(x -> parts.add(text(x)));
        out.put(key, String.join(", ", parts));
      }
    }
  }

  private static boolean scalars(JsonArray a) {
    for (JsonElement x : a) {
      if (!x.isJsonPrimitive()) {
        return false;
      }
    }
    return true;
  }

  /**
   * @param v a JSON primitive
   * @return numbers with at most 4 decimals (integers as integers), other values as text
   */
  public static String text(JsonElement v) {
    if (v == null || v.isJsonNull()) {
      return "";
    }
    if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isNumber()) {
      return number(v.getAsDouble());
    }
    if (v.isJsonPrimitive() && v.getAsString().matches("NaN|-?Infinity")) {
      return number(v.getAsDouble());
    }
    return v.isJsonPrimitive() ? v.getAsString() : v.toString();
  }

  /**
   * @param d a number
   * @return it as an integer when it is one, else with up to 4 decimals; "–" for NaN
   */
  public static String number(double d) {
    if (!Double.isFinite(d)) {
      return Double.isNaN(d) ? "–" : d > 0 ? "∞" : "−∞";
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    return Math.abs(d) < 1e-3
        ? String.format(Locale.ROOT, "%.3g", d)
        : String.format(Locale.ROOT, "%.4f", d);
  }

  private static List<String> csv(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cur.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        cells.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    cells.add(cur.toString());
    return cells;
  }
}
