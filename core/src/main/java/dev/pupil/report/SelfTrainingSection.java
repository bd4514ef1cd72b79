package dev.pupil.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's self-training part (pseudo-labeling, Lee 2013; Noisy Student, Xie et al. 2020,
 * arXiv:1911.04252), from rounds.json and each round's round-R/pseudo-labels.csv: teacher and
 * student accuracy per round, and per round the histogram of the kept pseudo-labels' confidence and
 * their count per class.
 */
final class SelfTrainingSection {
  /** Confidence histogram bins over [0, 1]. */
  static final int BINS = 20;

  private SelfTrainingSection() {}

  static void add(Html page, Path dir, JsonArray rounds) {
    page.section("Self-training rounds");
    List<List<String>> rows = new ArrayList<>();
    double[] x = new double[rounds.size()];
    double[] teacher = new double[rounds.size()];
    double[] student = new double[rounds.size()];
    for (int i = 0; i < rounds.size(); i++) {
      JsonObject r = rounds.get(i).getAsJsonObject();
      x[i] = r.get("round").getAsInt();
      teacher[i] = number(r, "teacherAccuracy");
      student[i] = number(r, "studentAccuracy");
      rows.add(
          List.of(
              RunFiles.text(r.get("round")),
              RunFiles.text(r.get("teacher")),
              RunFiles.text(r.get("student")),
              RunFiles.number(teacher[i]),
              RunFiles.number(student[i]),
              RunFiles.text(r.get("pseudoLabels")) + " of " + RunFiles.text(r.get("poolSize")),
              RunFiles.text(r.get("pseudoLabelAccuracy")),
              RunFiles.text(r.get("studentValAccuracy")),
              RunFiles.text(r.get("kept")),
              collapse(r)));
    }
    page.table(
        List.of(
            "round",
            "teacher",
            "student",
            "teacher accuracy",
            "student accuracy",
            "pseudo-labels kept",
            "their accuracy",
            "student validation accuracy",
            "student kept",
            "class collapse (total variation)"),
        rows);
    byte[] acc =
        Charts.lines(
            "Teacher and student accuracy per round",
            "round",
            "accuracy",
            List.of(
                new Charts.Series("teacher", x, teacher),
                new Charts.Series("student", x, student)));
    if (acc != null) {
      page.png(acc, "teacher and student accuracy per round");
    }
    for (int i = 0; i < rounds.size(); i++) {
      JsonObject r = rounds.get(i).getAsJsonObject();
      int round = r.get("round").getAsInt();
      Map<String, Integer> perClass = new LinkedHashMap<>();
      if (r.has("perClass") && r.get("perClass").isJsonObject()) {
        for (Map.Entry<String, JsonElement> e : r.getAsJsonObject("perClass").entrySet()) {
          perClass.put(e.getKey(), e.getValue().getAsInt());
        }
      }
      Map<String, Integer> fromCsv = new LinkedHashMap<>();
      double[] conf =
          RunFiles.pseudoLabels(
              dir.resolve("round-" + round).resolve("pseudo-labels.csv"), fromCsv);
      if (perClass.isEmpty()) {
        perClass = fromCsv;
      }
      page.subsection("Round " + round + " pseudo-labels");
      page.startRow();
      if (conf != null) {
        page.png(
            Charts.histogram(
                "Round " + round + ": confidence of kept pseudo-labels",
                "teacher confidence",
                conf,
                BINS,
                0,
                1),
            "pseudo-label confidence histogram");
      }
      if (!perClass.isEmpty()) {
        double[] counts = perClass.values().stream().mapToDouble(Integer::doubleValue).toArray();
        page.png(
            Charts.bars(
                "Round " + round + ": pseudo-labels per class",
                "images",
                new ArrayList<>(perClass.keySet()),
                List.of("kept"),
                List.of(counts)),
            "pseudo-labels per class");
      }
      page.endRow();
    }
  }

  /**
   * @return "yes"/"no" with the total variation, or "" for runs from before it was measured
   */
  private static String collapse(JsonObject r) {
    JsonElement b = r.get("classBalance");
    if (b == null || !b.isJsonObject()) {
      return "";
    }
    JsonObject o = b.getAsJsonObject();
    String flag = o.has("collapsed") && o.get("collapsed").getAsBoolean() ? "yes" : "no";
    return o.has("totalVariation")
        ? flag + " (" + RunFiles.text(o.get("totalVariation")) + ")"
        : flag;
  }

  private static double number(JsonObject o, String key) {
    JsonElement e = o.get(key);
    return e == null || e.isJsonNull() ? Double.NaN : e.getAsDouble();
  }
}
