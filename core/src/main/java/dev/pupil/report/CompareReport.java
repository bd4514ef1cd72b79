package dev.pupil.report;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.pupil.BadInputException;
import dev.pupil.io.AtomicFiles;
import dev.pupil.train.EpochMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * compare.html for several runs side by side: their final metrics (the numbers in run.json), the
 * settings in which their config.json files differ, and their curves overlaid (validation accuracy
 * and loss, training loss, learning rate). Self-contained like {@link RunReport}.
 */
public final class CompareReport {
  /** The page's file name. */
  public static final String FILE = "compare.html";

  private CompareReport() {}

  /**
   * Builds and writes {@value #FILE} into a folder, atomically.
   *
   * @param runs the run folders, at least one
   * @param outDir where to write
   * @return the written file
   * @throws BadInputException when a folder is not a run folder
   * @throws IOException when it cannot be written
   */
  public static Path write(List<Path> runs, Path outDir) throws IOException {
    Path target = outDir.resolve(FILE);
    AtomicFiles.writeString(target, build(runs).toString());
    return target;
  }

  /**
   * @param runs the run folders, at least one
   * @return the page
   * @throws BadInputException when a folder is not a run folder
   */
  public static Html build(List<Path> runs) {
    if (runs.isEmpty()) {
      throw new BadInputException("compare needs at least one run folder");
    }
    List<String> names = names(runs);
    List<JsonObject> results = new ArrayList<>();
    List<Map<String, String>> settings = new ArrayList<>();
    List<TrainingCurves> curves = new ArrayList<>();
    for (Path r : runs) {
      JsonObject config = RunFiles.object(r.resolve("config.json"));
      JsonObject run = RunFiles.object(r.resolve("run.json"));
      if (config == null && run == null) {
        throw new BadInputException(r + " is not a Pupil run folder (no config.json or run.json)");
      }
      results.add(run == null ? new JsonObject() : run);
      settings.add(RunFiles.flatten(config));
      curves.add(new TrainingCurves(RunFiles.metrics(r.resolve("metrics.jsonl"))));
    }
    Html page = new Html("Pupil: comparison of " + runs.size() + " runs");
    List<List<String>> folders = new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      folders.add(List.of(names.get(i), runs.get(i).toString()));
    }
    page.table(List.of("run", "folder"), folders);
    List<String> header = new ArrayList<>(List.of("metric"));
    header.addAll(names);
    page.section("Final metrics (run.json)");
    page.table(header, metricRows(results));
    page.section("Settings that differ (config.json)");
    List<List<String>> diff = differing(settings);
    if (diff.isEmpty()) {
      page.paragraph("The runs' configurations are identical.");
    } else {
      List<String> h = new ArrayList<>(List.of("setting"));
      h.addAll(names);
      page.table(h, diff);
    }
    page.section("Curves");
    page.startRow();
    chart(page, "Validation accuracy", "accuracy", names, curves, EpochMetrics::valAccuracy);
    chart(page, "Training accuracy", "accuracy", names, curves, EpochMetrics::trainAccuracy);
    chart(page, "Validation loss", "loss", names, curves, EpochMetrics::valLoss);
    chart(
        page,
        "Training loss (total)",
        "loss",
        names,
        curves,
        m -> {
          Double v = m.losses().get("total");
          return v == null ? Double.NaN : v;
        });
    chart(page, "Learning rate", "learning rate", names, curves, EpochMetrics::lr);
    page.endRow();
    return page;
  }

  private static void chart(
      Html page,
      String title,
      String y,
      List<String> names,
      List<TrainingCurves> curves,
      ToDoubleFunction<EpochMetrics> f) {
    List<Charts.Series> series = new ArrayList<>();
    for (int i = 0; i < curves.size(); i++) {
      series.add(new Charts.Series(names.get(i), curves.get(i).epochs(), curves.get(i).column(f)));
    }
    byte[] png = Charts.lines(title, "epoch", y, series);
    if (png != null) {
      page.png(png, title);
    }
  }

  private static List<List<String>> metricRows(List<JsonObject> results) {
    Set<String> keys = new LinkedHashSet<>();
    for (JsonObject r : results) {
      for (Map.Entry<String, JsonElement> e : r.entrySet()) {
        if (e.getValue().isJsonPrimitive()
            && e.getValue().getAsJsonPrimitive().isNumber()
            && !e.getKey().equals("seed")) {
          keys.add(e.getKey());
        }
      }
    }
    List<List<String>> rows = new ArrayList<>();
    for (String k : keys) {
      List<String> row = new ArrayList<>(List.of(k));
      for (JsonObject r : results) {
        row.add(r.has(k) ? RunFiles.text(r.get(k)) : "–");
      }
      rows.add(row);
    }
    return rows;
  }

  /** Settings whose value is not the same in every run (a missing one counts as different). */
  static List<List<String>> differing(List<Map<String, String>> settings) {
    Set<String> keys = new LinkedHashSet<>();
    settings.forEach(s -> keys.addAll(s.keySet()));
    List<List<String>> rows = new ArrayList<>();
    for (String k : keys) {
      String first = settings.get(0).get(k);
      boolean same = settings.stream().allMatch(s -> Objects.equals(s.get(k), first));
      if (!same) {
        List<String> row = new ArrayList<>(List.of(k));
        settings.forEach(s -> row.add(s.getOrDefault(k, "–")));
        rows.add(row);
      }
    }
    return rows;
  }

  /** Folder names, made unique with a number where two are alike. */
  static List<String> names(List<Path> runs) {
    Map<String, Integer> seen = new LinkedHashMap<>();
    List<String> out = new ArrayList<>();
    for (Path p : runs) {
      Path f = p.toAbsolutePath().normalize().getFileName();
      String n = f == null ? p.toString() : f.toString();
      int k = seen.merge(n, 1, Integer::sum);
      out.add(k == 1 ? n : n + " (" + k + ")");
    }
    return out;
  }
}
