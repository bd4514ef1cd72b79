package dev.pupil.cli;

import com.google.gson.JsonObject;
import dev.pupil.BadInputException;
import dev.pupil.augment.AugmentPipeline;
import dev.pupil.data.ImageSet;
import dev.pupil.data.Normalization;
import dev.pupil.eval.EvalReport;
import dev.pupil.io.Json;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.ModelOptions;
import dev.pupil.run.PreparedData;
import dev.pupil.run.Reports;
import dev.pupil.run.RunConfig;
import dev.pupil.run.RunDirectory;
import dev.pupil.run.RunRecord;
import dev.pupil.semisup.FixMatchTask;
import dev.pupil.semisup.FixMatchTrainer;
import dev.pupil.train.ClassifierTrainer;
import dev.pupil.train.EpochMetrics;
import dev.pupil.train.TrainConfig;
import dev.pupil.train.TrainingLoop;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One run of {@code pupil fixmatch}: writes config.json (the run's configuration plus a {@code
 * fixmatch} section), trains with {@link FixMatchTrainer} into the run folder (metrics.jsonl with
 * total, ce, unlabeled and the mask rate, checkpoints, model.pupil with the EMA weights), evaluates
 * the EMA model on the test set (eval.json) and writes run.json with the seed, the settings and
 * each epoch's terms and mask rate.
 */
final class FixMatchRun {
  private FixMatchRun() {}

  /**
   * The FixMatch settings, recorded in config.json and run.json.
   *
   * @param threshold τ
   * @param lambda λ
   * @param mu μ
   * @param emaDecay the EMA decay
   * @param weak the weak augmentation spec
   * @param strong the strong augmentation spec
   * @param unlabeled "pool" or the unlabeled folder
   * @param init the model whose weights the run started from (--init), or null
   */
  record Settings(
      float threshold,
      float lambda,
      int mu,
      float emaDecay,
      String weak,
      String strong,
      String unlabeled,
      String init) {
    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("method", "fixmatch");
      m.put("threshold", threshold);
      m.put("lambda", lambda);
      m.put("mu", mu);
      m.put("emaDecay", emaDecay);
      m.put("weak", weak);
      m.put("strong", strong);
      m.put("unlabeled", unlabeled);
      m.put("init", init);
      m.put("evaluated", "EMA weights; batch-norm running statistics copied from the trained net");
      return m;
    }

    /**
     * Reads the settings back from a run's config.json (its {@code fixmatch} section).
     *
     * @param configFile the config.json, named in errors
     * @param json its text, as {@link RunConfig#text} read it
     * @return the settings
     * @throws BadInputException naming the file when the section is missing or incomplete
     */
    static Settings read(Path configFile, String json) {
      JsonObject f = RunConfig.tree(configFile, json).getAsJsonObject("fixmatch");
      if (f == null) {
        throw new BadInputException(configFile + " has no fixmatch section");
      }
      try {
        return new Settings(
            f.get("threshold").getAsFloat(),
            f.get("lambda").getAsFloat(),
            f.get("mu").getAsInt(),
            f.get("emaDecay").getAsFloat(),
            f.get("weak").getAsString(),
            f.get("strong").getAsString(),
            f.get("unlabeled").getAsString(),
            RunConfig.optString(f, "init"));
      } catch (RuntimeException e) {
        throw new BadInputException(
            configFile + ": cannot read the fixmatch settings: " + e.getMessage(), e);
      }
    }
  }

  /**
   * What a run produced.
   *
   * @param runDir the run folder
   * @param model the architecture
   * @param history every epoch
   * @param bestEpoch the epoch whose EMA weights were kept
   * @param test the EMA model's test report
   */
  record Summary(
      Path runDir, String model, List<EpochMetrics> history, int bestEpoch, EvalReport test) {
    double lastMaskRate() {
      return maskRate(history.get(history.size() - 1));
    }

    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("runDir", runDir.toString());
      m.put("model", model);
      m.put("epochs", history.size());
      m.put("bestEpoch", bestEpoch);
      m.put("testAccuracy", test.accuracy());
      m.put("testMacroF1", test.macroF1());
      m.put("finalLosses", history.get(history.size() - 1).losses());
      m.put("finalMaskRate", lastMaskRate());
      m.put("finalValAccuracy", history.get(history.size() - 1).valAccuracy());
      List<Map<String, Object>> epochs =
          history.stream()
              .map(
                  e -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("epoch", e.epoch());
                    row.put("losses", e.losses());
                    row.put("maskRate", maskRate(e));
                    row.put("valAccuracy", e.valAccuracy());
                    return row;
                  })
              .toList();
      m.put("perEpoch", epochs);
      return m;
    }
  }

  static double maskRate(EpochMetrics e) {
    return e.rates() == null ? Double.NaN : e.rates().getOrDefault(FixMatchTask.MASK, Double.NaN);
  }

  static Summary execute(
      PreparedData data,
      ImageSet unlabeled,
      String model,
      ModelOptions options,
      TrainConfig config,
      Normalization normalization,
      AugmentPipeline weak,
      AugmentPipeline strong,
      Settings settings,
      ClassifierModel initial,
      RunDirectory run,
      boolean resume,
      String commandLine,
      TrainingLoop.Listener progress) {
    Instant start = Instant.now();
    Map<String, Integer> sizes = new LinkedHashMap<>(data.sizes());
    sizes.put("unlabeledUsed", unlabeled.size());
    RunConfig rc =
        new RunConfig(
            "fixmatch",
            data.spec(),
            data.location(),
            data.testSource(),
            sizes,
            model,
            config,
            null,
            data.shape(),
            data.classes(),
            settings.weak(),
            null,
            options);
    JsonObject json = Json.PRETTY.toJsonTree(rc).getAsJsonObject();
    json.add("fixmatch", Json.PRETTY.toJsonTree(settings.toMap()));
    run.writeJson(run.configFile(), json);
    run.writeSplit(data.split());
    ClassifierTrainer.Trained trained =
        FixMatchTrainer.builder()
            .setArchitecture(model)
            .optInitialModel(initial)
            .setConfig(config)
            .optThreshold(settings.threshold())
            .optLambda(settings.lambda())
            .optMu(settings.mu())
            .optEmaDecay(settings.emaDecay())
            .optWeak(weak)
            .optStrong(strong)
            .optModelOptions(options)
            .optNormalization(normalization)
            .optRunDirectory(run)
            .optResume(resume)
            .addListener(progress)
            .build()
            .train(data.train(), unlabeled, data.validationOrNull());
    EvalReport report;
    try (ClassifierModel m = trained.model()) {
      report = EvalReport.evaluate(m, data.test(), Reports.EVAL_BATCH);
    }
    run.writeJson(run.evalFile(), report);
    TrainingLoop.Result r = trained.result();
    Summary s = new Summary(run.root(), model, r.history(), r.bestEpoch(), report);
    Map<String, Object> results = new LinkedHashMap<>(s.toMap());
    results.put("fixmatch", settings.toMap());
    RunRecord.write(run, config.seed(), start, commandLine, results);
    return s;
  }

  /** The line printed when a run starts. */
  static String describe(String arch, PreparedData d, ImageSet unlabeled, Settings s, Path runDir) {
    return String.format(
        Locale.ROOT,
        "fixmatch %s on %s (%s): %d labeled + %d unlabeled, %d validation, %d test; τ %s, λ %s, "
            + "μ %d, EMA %s; weak %s, strong %s -> %s",
        arch,
        d.spec().label(),
        d.shape(),
        d.train().size(),
        unlabeled.size(),
        d.validation().size(),
        d.test().size(),
        s.threshold(),
        s.lambda(),
        s.mu(),
        s.emaDecay(),
        s.weak(),
        s.strong(),
        runDir);
  }

  /** The lines printed when a run ends. */
  static String finish(Summary s) {
    return String.format(
        Locale.ROOT,
        "run folder: %s%nlast epoch: mask rate %s%ntest accuracy: %s (EMA weights of epoch %d)",
        s.runDir(),
        EpochProgress.percent(s.lastMaskRate()),
        EpochProgress.percent(s.test().accuracy()),
        s.bestEpoch());
  }
}
