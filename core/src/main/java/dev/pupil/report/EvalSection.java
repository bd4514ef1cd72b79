package dev.pupil.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report's evaluation part, from eval.json: the summary numbers, the confusion matrix as a heat
 * map, the per-class precision/recall/F1 table and, where eval.json has a {@code calibration}
 * object ({@code ece} and {@code bins} of lo, hi, count, confidence, accuracy), the reliability
 * diagram (Guo et al. 2017, arXiv:1706.04599).
 */
final class EvalSection {
  private EvalSection() {}

  static void add(Html page, JsonObject eval) {
    page.section("Evaluation on the test set");
    List<List<String>> summary = new ArrayList<>();
    for (String k : List.of("count", "accuracy", "top5", "loss", "macroF1")) {
      if (eval.has(k)) {
        summary.add(List.of(k, RunFiles.text(eval.get(k))));
      }
    }
    page.table(List.of("metric", "value"), summary);
    List<String> classes = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    JsonArray per = eval.has("perClass") ? eval.getAsJsonArray("perClass") : new JsonArray();
    for (JsonElement e : per) {
      JsonObject c = e.getAsJsonObject();
      String name = c.get("name").getAsString();
      classes.add(name);
      rows.add(
          List.of(
              name,
              RunFiles.text(c.get("precision")),
              RunFiles.text(c.get("recall")),
              RunFiles.text(c.get("f1")),
              RunFiles.text(c.get("support"))));
    }
    if (eval.has("confusion") && !classes.isEmpty()) {
      JsonArray m = eval.getAsJsonArray("confusion");
      int[][] confusion = new int[m.size()][];
      for (int i = 0; i < confusion.length; i++) {
        JsonArray row = m.get(i).getAsJsonArray();
        confusion[i] = new int[row.size()];
        for (int j = 0; j < row.size(); j++) {
          confusion[i][j] = row.get(j).getAsInt();
        }
      }
      page.subsection(
          "Confusion matrix (rows: true class, columns: predicted; shade: share of " + "the row)");
      page.image(ConfusionHeatMap.render(confusion, classes), "confusion matrix");
    }
    if (!rows.isEmpty()) {
      page.subsection("Per class");
      page.table(List.of("class", "precision", "recall", "F1", "support"), rows);
    }
    if (eval.has("calibration") && eval.get("calibration").isJsonObject()) {
      calibration(page, eval.getAsJsonObject("calibration"));
    }
  }

  private static void calibration(Html page, JsonObject cal) {
    page.subsection("Calibration");
    double ece = cal.has("ece") ? cal.get("ece").getAsDouble() : Double.NaN;
    List<double[]> points = new ArrayList<>();
    List<List<String>> rows = new ArrayList<>();
    if (cal.has("bins") && cal.get("bins").isJsonArray()) {
      for (JsonElement e : cal.getAsJsonArray("bins")) {
        JsonObject b = e.getAsJsonObject();
        int count = b.get("count").getAsInt();
        double conf = b.get("confidence").getAsDouble();
        double acc = b.get("accuracy").getAsDouble();
        if (count > 0 && Double.isFinite(conf) && Double.isFinite(acc)) {
          points.add(new double[] {conf, acc});
        }
        rows.add(
            List.of(
                RunFiles.text(b.get("lo")) + "–" + RunFiles.text(b.get("hi")),
                Integer.toString(count),
                RunFiles.text(b.get("confidence")),
                RunFiles.text(b.get("accuracy"))));
      }
    }
    double[] conf = points.stream().mapToDouble(p -> p[0]).toArray();
    double[] acc = points.stream().mapToDouble(p -> p[1]).toArray();
    page.png(
        Charts.reliability(
            String.format(Locale.ROOT, "Reliability diagram (ECE %s)", RunFiles.number(ece)),
            conf,
            acc),
        "reliability diagram");
    if (!rows.isEmpty()) {
      page.table(List.of("confidence bin", "images", "mean confidence", "accuracy"), rows);
    }
  }
}
