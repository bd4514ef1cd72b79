package dev.pupil.run;

import dev.pupil.BadInputException;
import dev.pupil.augment.AugmentSpec;
import dev.pupil.augment.BatchMixer;
import dev.pupil.data.ImageSet;
import dev.pupil.data.Normalization;
import dev.pupil.eval.ChanceLevel;
import dev.pupil.eval.EvalReport;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.ModelOptions;
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
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One supervised run, a job of the library that the command line and the labeling server start
 * alike: writes config.json and split.json, trains with {@link ClassifierTrainer} into the run
 * folder (metrics.jsonl, checkpoints, model.pupil), evaluates the chosen weights on the test set
 * (eval.json, the mistakes grid), writes run.json and report.html. {@code pupil report}, {@code
 * pupil eval} and {@code --resume} accept the folder whoever started the run.
 *
 * <pre>{@code
 * SupervisedRun.Summary s = SupervisedRun.builder()
 *     .setData(DataLoader.load(spec))
 *     .setArchitecture("cnn-small")
 *     .setConfig(TrainConfig.builder().optEpochs(30).build())
 *     .setRunDirectory(RunDirectory.create(folder))
 *     .build()
 *     .run();
 * }</pre>
 */
public final class SupervisedRun {
  private final Builder b;

  private SupervisedRun(Builder b) {
    this.b = b;
  }

  /**
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder that continues the supervised run in a folder from its last checkpoint: the data,
   * architecture, options, training configuration and augmentation come from its config.json. A
   * caller may still change the configuration before building (more epochs, say); the weights,
   * optimizer state and data order come from the checkpoint.
   *
   * @param run the run folder
   * @param settingNames names a setting in data warnings (a front end's own names)
   * @return the builder, ready to build
   * @throws BadInputException when the folder holds no supervised run
   */
  public static Builder resuming(RunDirectory run, UnaryOperator<String> settingNames) {
    RunConfig rc = RunConfig.read(run.configFile());
    if (rc.train() == null) {
      throw new BadInputException(run.root() + " is not a training run (no training config)");
    }
    if ("transfer".equals(rc.command())) {
      throw new BadInputException(run.root() + " is a transfer run, not a supervised one");
    }
    return builder()
        .optCommand(rc.command())
        .setData(DataLoader.load(rc.data(), false, settingNames))
        .setArchitecture(rc.model())
        .optModelOptions(rc.modelOptions())
        .setConfig(rc.train())
        .optAugment(new Augment(rc.augment(), rc.mix(), Augment.DEFAULT_THREADS))
        .setRunDirectory(run)
        .optResume(true);
  }

  /**
   * The augmentation of a run.
   *
   * @param augment the per-image spec, or null
   * @param mix the mixer spec, or null
   * @param threads threads preparing batches
   */
  public record Augment(String augment, String mix, int threads) {
    /** Threads preparing augmented batches unless told otherwise. */
    public static final int DEFAULT_THREADS = 2;

    /** No augmentation. */
    public static final Augment NONE = new Augment(null, null, DEFAULT_THREADS);

    /**
     * @return whether the run augments or mixes
     */
    public boolean any() {
      return augment != null || mix != null;
    }

    /**
     * @return the spec strings for records
     */
    public Map<String, Object> toMap() {
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
  public record Summary(
      Path runDir,
      String model,
      int epochs,
      int bestEpoch,
      boolean stoppedEarly,
      double valAccuracy,
      EvalReport test,
      double seconds,
      ChanceLevel chance) {

    /**
     * @return the main numbers, for run.json and a front end's machine-readable output
     */
    public Map<String, Object> toMap() {
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
   * @return the summary
   */
  public Summary run() {
    Instant start = Instant.now();
    long t0 = System.nanoTime();
    PreparedData data = b.data();
    RunDirectory run = b.runDirectory();
    TrainConfig config = b.config;
    Augment augment = b.augment;
    RunConfig rc =
        new RunConfig(
            b.command,
            data.spec(),
            data.location(),
            data.testSource(),
            data.sizes(),
            b.architecture,
            config,
            null,
            data.shape(),
            data.classes(),
            augment.augment(),
            augment.mix(),
            b.modelOptions);
    run.writeJson(run.configFile(), rc);
    run.writeSplit(data.split());
    Reports.augmentPreview(run, data.train(), augment.augment(), augment.mix(), config.seed());
    ClassifierTrainer.Builder trainer =
        ClassifierTrainer.builder()
            .setArchitecture(b.architecture)
            .optModelOptions(b.modelOptions)
            .setConfig(config)
            .optRunDirectory(run)
            .optNormalization(
                data.spec().normalize() == null
                    ? null
                    : Normalization.parse(data.spec().normalize(), "normalize"))
            .optResume(b.resume())
            .optAugmentation(
                augment.augment() == null ? null : AugmentSpec.parse(augment.augment()))
            .optMixer(augment.mix() == null ? null : BatchMixer.parse(augment.mix()))
            .optDataThreads(augment.threads());
    b.listeners().forEach(trainer::addListener);
    ClassifierTrainer.Trained trained =
        trainer.build().train(data.train(), data.validationOrNull());
    Map<String, Object> extra = new LinkedHashMap<>(augment.any() ? augment.toMap() : Map.of());
    if (b.epochChoice != null) {
      extra.put("epochRule", b.epochChoice.toMap());
    }
    return finish(
        b.architecture,
        trained.model(),
        trained.result(),
        data,
        run,
        config,
        start,
        t0,
        b.commandLine(),
        b.resume(),
        extra);
  }

  /**
   * Whether the run learned: its test accuracy against the test images' most common class, or,
   * without test images, its best validation accuracy against the validation images'.
   */
  static ChanceLevel chance(TrainingLoop.Result r, PreparedData data, EvalReport test) {
    ImageSet val = data.validationOrNull();
    return data.test().size() > 0 || val == null || Double.isNaN(r.bestValAccuracy())
        ? ChanceLevel.of(test.accuracy(), data.test().labels())
        : ChanceLevel.of(r.bestValAccuracy(), val.labels());
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
  public static Summary finish(
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
            run.root(),
            model,
            h.size(),
            r.bestEpoch(),
            r.stoppedEarly(),
            r.bestValAccuracy(),
            report,
            (System.nanoTime() - t0) / 1e9,
            chance(r, data, report));
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

  /** Builds a {@link SupervisedRun}. */
  public static final class Builder extends RunJobBuilder<Builder> {
    private String command = "train";
    private String architecture;
    private ModelOptions modelOptions = ModelOptions.DEFAULTS;
    private TrainConfig config;
    private Augment augment = Augment.NONE;
    private EpochRule.Choice epochChoice;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * @param name a registered architecture (required)
     */
    public Builder setArchitecture(String name) {
      this.architecture = name;
      return this;
    }

    /**
     * @param o the architecture's options; default each paper's
     */
    public Builder optModelOptions(ModelOptions o) {
      this.modelOptions = o == null ? ModelOptions.DEFAULTS : o;
      return this;
    }

    /**
     * @param c the training configuration (required)
     */
    public Builder setConfig(TrainConfig c) {
      this.config = c;
      return this;
    }

    /**
     * @param c the front end that started the run, recorded in config.json; default "train"
     */
    public Builder optCommand(String c) {
      this.command = c;
      return this;
    }

    /**
     * @param a per-image augmentation and batch mixing specs; default none
     */
    public Builder optAugment(Augment a) {
      this.augment = a == null ? Augment.NONE : a;
      return this;
    }

    /**
     * @param c how the default epochs were chosen, recorded in run.json; default none
     */
    public Builder optEpochChoice(EpochRule.Choice c) {
      this.epochChoice = c;
      return this;
    }

    /**
     * @return the architecture, or null before {@link #setArchitecture}
     */
    public String architecture() {
      return architecture;
    }

    /**
     * @return the training configuration, or null before {@link #setConfig}
     */
    public TrainConfig config() {
      return config;
    }

    /**
     * @return the augmentation
     */
    public Augment augment() {
      return augment;
    }

    /**
     * @return the job
     */
    public SupervisedRun build() {
      checkCommon();
      Objects.requireNonNull(architecture, "architecture is required");
      Objects.requireNonNull(config, "config is required");
      return new SupervisedRun(this);
    }
  }
}
