package dev.pupil.report;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.pupil.BadInputException;
import dev.pupil.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A run's report.html, built from its folder alone, so that {@code pupil report RUN} can rebuild it
 * at any time: the results from run.json and the settings from config.json; loss, accuracy and
 * learning-rate curves from metrics.jsonl (per round for self-training); the evaluation from
 * eval.json (see {@link EvalSection}); the most confidently wrong test images ({@value
 * MistakeGrid#FILE}), a linear model's class templates ({@value #TEMPLATES}) and the augmentation
 * preview ({@value #AUGMENT_PREVIEW}) where the run wrote them; and self-training rounds (see
 * {@link SelfTrainingSection}). The page is one self-contained file: images are embedded as {@code
 * data:} URIs, the style is inline, there is no script.
 */
public final class RunReport {
  /** The report's file name. */
  public static final String FILE = "report.html";

  /** A linear model's class templates, as written by {@link TemplateImages}. */
  public static final String TEMPLATES = "templates.png";

  /** The augmentation preview, as written by {@link AugmentPreview}. */
  public static final String AUGMENT_PREVIEW = "augment-preview.png";

  private RunReport() {}

  /**
   * Builds and writes {@code report.html} into the run folder, atomically.
   *
   * @param dir the run folder
   * @return the report file
   * @throws BadInputException when the folder is not a run folder or a file in it is unreadable
   * @throws IOException when the report cannot be written
   */
  public static Path write(Path dir) throws IOException {
    String html = build(dir).toString();
    Path target = dir.resolve(FILE);
    AtomicFiles.writeString(target, html);
    return target;
  }

  /**
   * Builds the page.
   *
   * @param dir the run folder
   * @return the page
   * @throws BadInputException when the folder is not a run folder or a file in it is unreadable
   */
  public static Html build(Path dir) {
    JsonObject config = RunFiles.object(dir.resolve("config.json"));
    JsonObject run = RunFiles.object(dir.resolve("run.json"));
    if (config == null && run == null) {
      throw new BadInputException(dir + " is not a Pupil run folder (no config.json or run.json)");
    }
    String command =
        config != null && config.has("command") ? RunFiles.text(config.get("command")) : "run";
    Html page =
        new Html("Pupil " + command + ": " + dir.toAbsolutePath().normalize().getFileName());
    if (run != null) {
      results(page, run);
    }
    curves(page, dir);
    JsonObject eval = RunFiles.object(dir.resolve("eval.json"));
    if (eval != null) {
      EvalSection.add(page, eval);
    }
    picture(
        page,
        dir.resolve(MistakeGrid.FILE),
        "Most confidently wrong test images",
        "Misclassified test images, highest probability of the wrong class first, with the true "
            + "and predicted class.");
    picture(
        page,
        dir.resolve(TEMPLATES),
        "Class templates of the linear model",
        "Each class's weights drawn as an image, scaled on its own.");
    picture(
        page,
        dir.resolve(AUGMENT_PREVIEW),
        "Augmentation preview",
        "First column: training images as read; then augmented samples as training drew them "
            + "(and mixed pairs with their label weights).");
    JsonElement rounds = RunFiles.element(dir.resolve("rounds.json"));
    if (rounds != null && rounds.isJsonArray()) {
      SelfTrainingSection.add(page, dir, rounds.getAsJsonArray());
    }
    if (config != null) {
      page.section("Settings (config.json)");
      page.pairs(List.of("setting", "value"), RunFiles.flatten(config));
    }
    return page;
  }

  private static void results(Html page, JsonObject run) {
    page.section("Results (run.json)");
    JsonObject shown = run.deepCopy();
    shown.remove("provenance");
    page.pairs(List.of("field", "value"), RunFiles.flatten(shown));
    if (run.has("provenance") && run.get("provenance").isJsonObject()) {
      Map<String, String> p = RunFiles.flatten(run.getAsJsonObject("provenance"));
      List<String> parts = new ArrayList<>();
      p.forEach((k, v) -> parts.add(k + " " + v));
      page.note(String.join("; ", parts));
    }
  }

  private static void curves(Html page, Path dir) {
    TrainingCurves own = new TrainingCurves(RunFiles.metrics(dir.resolve("metrics.jsonl")));
    if (!own.history().isEmpty()) {
      page.section("Training curves");
      own.addTo(page);
    }
    List<Path> rounds = roundFolders(dir);
    for (Path r : rounds) {
      TrainingCurves c = new TrainingCurves(RunFiles.metrics(r.resolve("metrics.jsonl")));
      if (!c.history().isEmpty()) {
        page.section(
            "Training curves, "
                + r.getFileName()
                + (r.getFileName().toString().equals("round-0")
                    ? " (first teacher)"
                    : " (student)"));
        c.addTo(page);
      }
    }
  }

  /** round-0, round-1, … in numeric order. */
  static List<Path> roundFolders(Path dir) {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(p -> Files.isDirectory(p) && p.getFileName().toString().matches("round-\\d+"))
          .sorted((a, b) -> Integer.compare(round(a), round(b)))
          .forEach(out::add);
    } catch (IOException e) {
      throw new BadInputException(dir + " cannot be listed: " + e.getMessage(), e);
    }
    return out;
  }

  private static int round(Path p) {
    return Integer.parseInt(p.getFileName().toString().substring("round-".length()));
  }

  private static void picture(Html page, Path png, String title, String note) {
    if (!Files.isRegularFile(png)) {
      return;
    }
    page.section(title);
    page.note(note);
    try {
      page.png(Files.readAllBytes(png), title);
    } catch (IOException e) {
      throw new BadInputException(png + " cannot be read: " + e.getMessage(), e);
    }
  }
}
