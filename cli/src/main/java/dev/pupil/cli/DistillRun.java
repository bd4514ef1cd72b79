package dev.pupil.cli;

import com.google.gson.JsonObject;
import dev.pupil.BadInputException;
import dev.pupil.augment.AugmentPipeline;
import dev.pupil.data.ImageSet;
import dev.pupil.data.Normalization;
import dev.pupil.distill.Distiller;
import dev.pupil.distill.TransferImages;
import dev.pupil.eval.EvalReport;
import dev.pupil.io.Json;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.FrozenModel;
import dev.pupil.models.ModelOptions;
import dev.pupil.run.PreparedData;
import dev.pupil.run.Reports;
import dev.pupil.run.RunConfig;
import dev.pupil.run.RunDirectory;
import dev.pupil.run.RunRecord;
import dev.pupil.train.ClassifierTrainer;
import dev.pupil.train.EpochMetrics;
import dev.pupil.train.TrainConfig;
import dev.pupil.train.TrainingLoop;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One distillation run of {@code pupil distill}: writes config.json (the run's configuration, as
 * {@code train} writes it, plus a {@code distill} section), distills with {@link Distiller} into
 * the run folder (metrics.jsonl with total, kl and ce, checkpoints, model.pupil), evaluates the
 * student and the teacher on the test set (eval.json is the student's), and writes run.json.
 */
final class DistillRun {
  private DistillRun() {}

  /**
   * The distillation settings, recorded in config.json.
   *
   * @param teachers the teacher models as given
   * @param temperature T
   * @param alpha α
   * @param unlabeled "pool", an unlabeled folder, or null
   * @param augment the augmentation spec, or null
   */
  record Settings(
      List<Path> teachers, float temperature, float alpha, String unlabeled, String augment) {
    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put(
          "teachers",
          teachers.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList());
      m.put("temperature", temperature);
      m.put("alpha", alpha);
      m.put("unlabeled", unlabeled);
      m.put("teacherLogits", augment == null ? "cached once" : "per augmented view");
      return m;
    }

    /**
     * Reads the settings back from a run's config.json ({@code distill} section and {@code
     * augment}).
     *
     * @param configFile the config.json, named in errors
     * @param json its text, as {@link RunConfig#text} read it
     * @return the settings
     * @throws BadInputException naming the file when the section is missing or incomplete
     */
    static Settings read(Path configFile, String json) {
      JsonObject all = RunConfig.tree(configFile, json);
      JsonObject d = all.getAsJsonObject("distill");
      if (d == null) {
        throw new BadInputException(configFile + " has no distill section");
      }
      try {
        List<Path> teachers = new ArrayList<>();
        d.getAsJsonArray("teachers").forEach(t -> teachers.add(Path.of(t.getAsString())));
        return new Settings(
            teachers,
            d.get("temperature").getAsFloat(),
            d.get("alpha").getAsFloat(),
            RunConfig.optString(d, "unlabeled"),
            RunConfig.optString(all, "augment"));
      } catch (RuntimeException e) {
        throw new BadInputException(
            configFile + ": cannot read the distill settings: " + e.getMessage(), e);
      }
    }
  }

  /**
   * What a run produced.
   *
   * @param runDir the run folder
   * @param student the student's architecture
   * @param epochs epochs in the history
   * @param bestEpoch the epoch whose weights were kept
   * @param test the student's test report
   * @param teacherAccuracy the teacher's test accuracy
   * @param last the last epoch's metrics
   */
  record Summary(
      Path runDir,
      String student,
      int epochs,
      int bestEpoch,
      EvalReport test,
      double teacherAccuracy,
      EpochMetrics last) {

    /**
     * @return the main numbers, for run.json and {@code --json}
     */
    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("runDir", runDir.toString());
      m.put("model", student);
      m.put("epochs", epochs);
      m.put("bestEpoch", bestEpoch);
      m.put("testAccuracy", test.accuracy());
      m.put("testMacroF1", test.macroF1());
      m.put("teacherTestAccuracy", teacherAccuracy);
      m.put("finalLosses", last.losses());
      m.put("finalValAccuracy", last.valAccuracy());
      return m;
    }
  }

  static Summary execute(
      PreparedData data,
      ImageSet unlabeled,
      FrozenModel teacher,
      String student,
      ModelOptions options,
      TrainConfig config,
      Normalization normalization,
      AugmentPipeline augment,
      Settings settings,
      RunDirectory run,
      boolean resume,
      String commandLine,
      TrainingLoop.Listener progress) {
    Instant start = Instant.now();
    ImageSet transfer =
        unlabeled == null ? data.train() : TransferImages.join(data.train(), unlabeled);
    Map<String, Integer> sizes = new LinkedHashMap<>(data.sizes());
    sizes.put("unlabeledUsed", unlabeled == null ? 0 : unlabeled.size());
    RunConfig rc =
        new RunConfig(
            "distill",
            data.spec(),
            data.location(),
            data.testSource(),
            sizes,
            student,
            config,
            null,
            data.shape(),
            data.classes(),
            settings.augment(),
            null,
            options);
    JsonObject json = Json.PRETTY.toJsonTree(rc).getAsJsonObject();
    json.add("distill", Json.PRETTY.toJsonTree(settings.toMap()));
    run.writeJson(run.configFile(), json);
    run.writeSplit(data.split());
    Reports.augmentPreview(run, data.train(), settings.augment(), null, config.seed());
    ClassifierTrainer.Trained trained =
        Distiller.builder()
            .setTeacher(teacher)
            .setArchitecture(student)
            .optModelOptions(options)
            .setConfig(config)
            .optTemperature(settings.temperature())
            .optAlpha(settings.alpha())
            .optAugmentation(augment)
            .optNormalization(normalization)
            .optRunDirectory(run)
            .optResume(resume)
            .addListener(progress)
            .build()
            .train(transfer, data.validationOrNull());
    EvalReport report;
    try (ClassifierModel m = trained.model()) {
      report = Reports.evaluate(m, data.test(), run);
    }
    double teacherAccuracy =
        EvalReport.of(
                teacher.logits(data.test(), Reports.EVAL_BATCH),
                data.test().labels(),
                data.classes())
            .accuracy();
    TrainingLoop.Result r = trained.result();
    List<EpochMetrics> h = r.history();
    Summary s =
        new Summary(
            run.root(),
            student,
            h.size(),
            r.bestEpoch(),
            report,
            teacherAccuracy,
            h.get(h.size() - 1));
    Map<String, Object> results = new LinkedHashMap<>(s.toMap());
    results.put("distill", settings.toMap());
    RunRecord.write(run, config.seed(), start, commandLine, results);
    return s;
  }
}
