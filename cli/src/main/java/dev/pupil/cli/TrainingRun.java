package dev.pupil.cli;

import dev.pupil.augment.AugmentSpec;
import dev.pupil.augment.BatchMixer;
import dev.pupil.data.Normalization;
import dev.pupil.data.ImageSet;
import dev.pupil.eval.ChanceLevel;
import dev.pupil.eval.EvalReport;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.ModelOptions;
import dev.pupil.run.RunDirectory;
import dev.pupil.train.ClassifierTrainer;
import dev.pupil.train.EpochMetrics;
import dev.pupil.train.EpochRule;
import dev.pupil.train.TrainConfig;
import dev.pupil.train.TrainingLoop;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One supervised run, shared by {@code train} and {@code demo}: writes config.json, trains with
 * {@link ClassifierTrainer} into the run folder (metrics.jsonl, checkpoints, model.pupil),
 * evaluates the chosen weights on the test set (eval.json), and writes run.json.
 */
final class TrainingRun {
  /** Images per forward pass when evaluating. */
  static final int EVAL_BATCH = 512;

  private TrainingRun() {}

  /**
   * The augmentation of a run.
   *
   * @param augment the per-image spec, or null
   * @param mix the mixer spec, or null
   * @param threads threads preparing batches
   */
  record Augment(String augment, String mix, int threads) {
    /** No augmentation. */
    static final Augment NONE = new Augment(null, null, AugmentOptions.DEFAULT_THREADS);

    /** @return whether the run augments or mixes */
    boolean any() {
      return augment != null || mix != null;
    }

    /** @return the spec strings for records */
    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("augment", augment);
      m.put("mix", mix);
      return m;
    }
  }

  /**
   * What a run produced.
   *
   * @param runDir the run folder
   * @param model the architecture
   * @param epochs epochs in the history
   * @param bestEpoch the epoch whose weights were kept
   * @param stoppedEarly whether early stopping ended it
   * @param valAccuracy the best validation accuracy, or NaN
   * @param test the test report
   * @param seconds wall time of the whole command part
   */
  record Summary(
      Path runDir,
      String model,
      int epochs,
      int bestEpoch,
      boolean stoppedEarly,
      double valAccuracy,
      EvalReport test,
      double seconds,
      ChanceLevel chance) {

    /** @return the main numbers, for run.json and {@code --json} */
    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("runDir", runDir == null ? null : runDir.toString());
      m.put("model", model);
      m.put("epochs", epochs);
      m.put("bestEpoch", bestEpoch);
      m.put("stoppedEarly", stoppedEarly);
      m.put("valAccuracy", valAccuracy);
      m.put("testAccuracy", test.accuracy());
      m.put("testTop5", test.top5());
      m.put("testMacroF1", test.macroF1());
      m.put("testLoss", test.loss());
      m.put("seconds", seconds);
      if (chance != null && chance.nearChance()) {
        m.put("nearChance", chance.toMap());
      }
      return m;
    }
  }

  /**
   * Trains, evaluates and records.
   *
   * @param command the subcommand, for config.json
   * @param data the split data
   * @param model the architecture's registry name
   * @param options the architecture's options
   * @param config the training configuration
   * @param run the run folder
   * @param resume continue from the run folder's last checkpoint
   * @param commandLine the command as typed
   * @param progress hears about batches and epochs
   * @param augment the augmentation
   * @param epochChoice how the default epochs were chosen, recorded in run.json, or null
   * @return the summary
   */
  static Summary execute(
      String command,
      PreparedData data,
      String model,
      ModelOptions options,
      TrainConfig config,
      RunDirectory run,
      boolean resume,
      String commandLine,
      TrainingLoop.Listener progress,
      Augment augment,
      EpochRule.Choice epochChoice) {
    Instant start = Instant.now();
    long t0 = System.nanoTime();
    RunConfig rc =
        new RunConfig(
            command, data.spec(), data.location(), data.testSource(), data.sizes(), model, config,
            null, data.shape(), data.classes(), augment.augment(), augment.mix(), options);
    run.writeJson(run.configFile(), rc);
    run.writeSplit(data.split());
    Reports.augmentPreview(run, data.train(), augment.augment(), augment.mix(), config.seed());
    ClassifierTrainer.Trained trained =
        ClassifierTrainer.builder()
            .setArchitecture(model)
            .optModelOptions(options)
            .setConfig(config)
            .optRunDirectory(run)
            .optNormalization(
                data.spec().normalize() == null
                    ? null
                    : Normalization.parse(data.spec().normalize(), "--normalize"))
            .optResume(resume)
            .addListener(progress)
            .optAugmentation(augment.augment() == null ? null : AugmentSpec.parse(augment.augment()))
            .optMixer(augment.mix() == null ? null : BatchMixer.parse(augment.mix()))
            .optDataThreads(augment.threads())
            .build()
            .train(data.train(), data.validationOrNull());
    Map<String, Object> extra = new LinkedHashMap<>(augment.any() ? augment.toMap() : Map.of());
    if (epochChoice != null) {
      extra.put("epochRule", epochChoice.toMap());
    }
    return finish(
        model, trained.model(), trained.result(), data, run, config, start, t0, commandLine,
        resume, extra);
  }

  /**
   * Whether the run learned: its best validation accuracy against the validation images' most
   * common class, or, without validation images, its test accuracy against the test images'.
   */
  static ChanceLevel chance(TrainingLoop.Result r, PreparedData data, EvalReport test) {
    ImageSet val = data.validationOrNull();
    return val != null && !Double.isNaN(r.bestValAccuracy())
        ? ChanceLevel.of(r.bestValAccuracy(), val.labels())
        : ChanceLevel.of(test.accuracy(), data.test().labels());
  }

  /**
   * Evaluates a trained model on the test set (eval.json), closes it, and writes run.json.
   *
   * @param model the architecture, for the summary
   * @param trained the trained model (closed here)
   * @param r the loop's result
   * @param data the split data
   * @param run the run folder
   * @param config the training configuration
   * @param start when the command started
   * @param t0 {@link System#nanoTime()} at the start
   * @param commandLine the command as typed
   * @param resume whether the run was resumed
   * @param extra more results for run.json
   * @return the summary
   */
  static Summary finish(
      String model,
      ClassifierModel trained,
      TrainingLoop.Result r,
      PreparedData data,
      RunDirectory run,
      TrainConfig config,
      Instant start,
      long t0,
      String commandLine,
      boolean resume,
      Map<String, Object> extra) {
    EvalReport report;
    try (ClassifierModel m = trained) {
      report = Reports.evaluate(m, data.test(), run);
    }
    List<EpochMetrics> h = r.history();
    Summary s =
        new Summary(
            run.root(), model, h.size(), r.bestEpoch(), r.stoppedEarly(), r.bestValAccuracy(),
            report, (System.nanoTime() - t0) / 1e9, chance(r, data, report));
    Map<String, Object> results = new LinkedHashMap<>(s.toMap());
    results.remove("seconds");
    if (!h.isEmpty()) {
      EpochMetrics last = h.get(h.size() - 1);
      results.put("finalTrainLoss", last.losses().get("total"));
      results.put("finalTrainAccuracy", last.trainAccuracy());
      results.put("finalValAccuracy", last.valAccuracy());
      results.put("finalValLoss", last.valLoss());
    }
    results.put("resumed", resume);
    results.putAll(extra);
    RunRecord.write(run, config.seed(), start, commandLine, results);
    return s;
  }
}
