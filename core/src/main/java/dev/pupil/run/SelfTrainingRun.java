package dev.pupil.run;

import com.google.gson.JsonObject;
import dev.pupil.BadInputException;
import dev.pupil.augment.AugmentSpec;
import dev.pupil.data.BadImagePolicy;
import dev.pupil.data.ImageSet;
import dev.pupil.data.Normalization;
import dev.pupil.data.UnlabeledFolderReader;
import dev.pupil.eval.EvalReport;
import dev.pupil.io.Json;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.ModelOptions;
import dev.pupil.semisup.RoundSummary;
import dev.pupil.semisup.SelfTrainer;
import dev.pupil.semisup.SelfTrainerSettings;
import dev.pupil.train.EpochRule;
import dev.pupil.train.TrainConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One self-training run (pseudo-labeling or Noisy Student), a job of the library: writes
 * config.json (the run's configuration plus its {@link SelfTrainingConfig} section) and split.json,
 * runs {@link SelfTrainer} into the run folder (round-0/ the first teacher, round-R/ each student
 * with its model.pupil and pseudo-labels.csv, rounds.json, model.pupil the best round's model on
 * the validation images, or the last student without them), evaluates that model on the test set
 * (eval.json) and writes run.json with every round's summary.
 */
public final class SelfTrainingRun {
  private final Builder b;

  private SelfTrainingRun(Builder b) {
    this.b = b;
  }

  /**
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * What a run produced.
   *
   * @param runDir the run folder
   * @param rounds every round
   * @param test the kept model's test report
   * @param keptRound the round of the kept model, model.pupil (0: the first teacher)
   */
  public record Summary(Path runDir, List<RoundSummary> rounds, EvalReport test, int keptRound) {
    /**
     * @return the kept model's architecture
     */
    public String model() {
      return keptRound == 0 ? rounds.get(0).teacher() : rounds.get(keptRound - 1).student();
    }

    /**
     * @return the main numbers, for run.json and a front end's machine-readable output
     */
    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("runDir", runDir.toString());
      m.put("model", model());
      m.put("keptRound", keptRound);
      m.put("testAccuracy", test.accuracy());
      m.put("testMacroF1", test.macroF1());
      m.put("rounds", rounds);
      return m;
    }
  }

  /**
   * A builder that continues the self-training run in a folder: every round from its checkpoints,
   * ending with the student an uninterrupted run ends with.
   *
   * @param run the run folder
   * @param method the method the run must be ("pseudo-label" or "noisy-student")
   * @param defaultNoise the method's student noise, where config.json does not record it
   * @param settingNames names a setting in data messages (a front end's own names)
   * @return the builder, ready to build
   * @throws BadInputException when the folder holds no run of that method
   */
  public static Builder resuming(
      RunDirectory run,
      String method,
      ModelOptions defaultNoise,
      UnaryOperator<String> settingNames) {
    String json = RunConfig.text(run.configFile());
    RunConfig rc = RunConfig.parse(run.configFile(), json);
    if (!method.equals(rc.command()) || rc.train() == null) {
      throw new BadInputException(
          run.root() + " is not a " + method + " run (config.json says " + rc.command() + ")");
    }
    JsonObject st = RunConfig.tree(run.configFile(), json).getAsJsonObject("selfTraining");
    SelfTrainingConfig settings =
        SelfTrainingConfig.fromJson(st, method, defaultNoise, run.configFile());
    Path unlabeledDir =
        SelfTrainingConfig.POOL.equals(settings.unlabeled()) ? null : Path.of(settings.unlabeled());
    PreparedData data = DataLoader.load(rc.data(), unlabeledDir == null, settingNames);
    return builder()
        .setData(data)
        .setUnlabeled(unlabeled(unlabeledDir, data, settingNames))
        .setSettings(settings)
        .setConfig(rc.train())
        .setRunDirectory(run)
        .optResume(true);
  }

  /**
   * The unlabeled images of a self-training or FixMatch run.
   *
   * @param unlabeledDir a folder of unlabeled images, or null for the split's pool
   * @param prepared the loaded data (with its pool kept when no folder is given)
   * @param settingNames names a setting in messages
   * @return the images
   * @throws BadInputException when the split leaves no pool and no folder is given
   */
  public static ImageSet unlabeled(
      Path unlabeledDir, PreparedData prepared, UnaryOperator<String> settingNames) {
    ImageSet train = prepared.train();
    if (unlabeledDir == null) {
      if (prepared.unlabeledPool() == null || prepared.unlabeledPool().size() < 2) {
        throw new BadInputException(
            "the split leaves no unlabeled pool; set "
                + settingNames.apply("labelsPerClass")
                + " N or give "
                + settingNames.apply("unlabeled")
                + " DIR");
      }
      return prepared.unlabeledPool();
    }
    return UnlabeledFolderReader.builder()
        .setRoot(unlabeledDir)
        .optChannels(train.channels())
        .optSize(train.height(), train.width())
        .optOnBadImage(prepared.spec().skipBadImages() ? BadImagePolicy.SKIP : BadImagePolicy.FAIL)
        .optClasses(train.classes())
        .build()
        .read()
        .images();
  }

  /**
   * Trains the rounds, evaluates the kept model and records.
   *
   * @return the summary
   */
  public Summary run() {
    Instant start = Instant.now();
    PreparedData data = b.data();
    SelfTrainingConfig st = b.settings;
    RunDirectory run = b.runDirectory();
    TrainConfig config = b.config;
    TrainConfig teacherConfig =
        b.teacherConfig != null
            ? b.teacherConfig
            : config.toBuilder().optEpochs(st.teacherEpochs()).build();
    Map<String, Integer> sizes = new LinkedHashMap<>(data.sizes());
    sizes.put("unlabeledUsed", b.unlabeled.size());
    RunConfig rc =
        new RunConfig(
            st.method(),
            data.spec(),
            data.location(),
            data.testSource(),
            sizes,
            st.lastStudent(),
            config,
            null,
            data.shape(),
            data.classes(),
            st.studentAugment(),
            null,
            SelfTrainerSettings.withNoise(st.studentOptions(), st.noise(), st.lastStudent()));
    JsonObject json = Json.PRETTY.toJsonTree(rc).getAsJsonObject();
    json.add("selfTraining", st.toJson());
    run.writeJson(run.configFile(), json);
    run.writeSplit(data.split());
    Reports.augmentPreview(run, data.train(), st.studentAugment(), null, config.seed());
    Normalization norm =
        b.normalization != null
            ? b.normalization
            : data.spec().normalize() == null
                ? Normalization.fromImages(data.train())
                : Normalization.parse(data.spec().normalize(), "normalize");
    SelfTrainerSettings.Builder trainer =
        SelfTrainer.builder()
            .setTeacherArchitecture(st.teacher())
            .setStudents(st.students())
            .setConfig(config)
            .optTeacherConfig(teacherConfig)
            .optStudentEpochRule(st.studentEpochRule() ? EpochRule.DEFAULT : null)
            .setLabeler(st.labeler())
            .optRatio(st.ratio())
            .optRampUp(st.rampUp())
            .optAugmentation(
                st.studentAugment() == null ? null : AugmentSpec.parse(st.studentAugment()))
            .optTeacherAugmentation(
                st.teacherAugment() == null ? null : AugmentSpec.parse(st.teacherAugment()))
            .optStudentOptions(st.studentOptions())
            .optNoise(st.noise())
            .optNormalization(norm)
            .optRunDirectory(run)
            .optResume(b.resume());
    b.listeners().forEach(trainer::addListener);
    b.roundListeners.forEach(trainer::addRoundListener);
    SelfTrainer.Result result =
        trainer.build().train(data.train(), b.unlabeled, data.validationOrNull(), data.test());
    EvalReport report;
    try (ClassifierModel m = result.model()) {
      report = Reports.evaluate(m, data.test(), run);
    }
    Summary s = new Summary(run.root(), result.rounds(), report, result.keptRound());
    Map<String, Object> results = new LinkedHashMap<>(s.toMap());
    results.put("selfTraining", st.summary());
    RunRecord.write(run, config.seed(), start, b.commandLine(), results);
    return s;
  }

  /** Builds a {@link SelfTrainingRun}. */
  public static final class Builder extends RunJobBuilder<Builder> {
    private ImageSet unlabeled;
    private SelfTrainingConfig settings;
    private TrainConfig config;
    private TrainConfig teacherConfig;
    private Normalization normalization;
    private final List<SelfTrainer.RoundListener> roundListeners = new ArrayList<>();

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * @param u the unlabeled images the teacher labels (required; see {@link #unlabeled})
     */
    public Builder setUnlabeled(ImageSet u) {
      this.unlabeled = u;
      return this;
    }

    /**
     * @param s the method's configuration (required)
     */
    public Builder setSettings(SelfTrainingConfig s) {
      this.settings = s;
      return this;
    }

    /**
     * @param c the students' training configuration (required)
     */
    public Builder setConfig(TrainConfig c) {
      this.config = c;
      return this;
    }

    /**
     * @param c the first teacher's training configuration; default the students' with the settings'
     *     teacher epochs
     */
    public Builder optTeacherConfig(TrainConfig c) {
      this.teacherConfig = c;
      return this;
    }

    /**
     * @param n the preprocessing; default the data spec's, or the labeled images' statistics
     */
    public Builder optNormalization(Normalization n) {
      this.normalization = n;
      return this;
    }

    /**
     * @param l hears about rounds
     */
    public Builder addRoundListener(SelfTrainer.RoundListener l) {
      roundListeners.add(Objects.requireNonNull(l, "round listener"));
      return this;
    }

    /**
     * @return the unlabeled images, or null before {@link #setUnlabeled}
     */
    public ImageSet unlabeled() {
      return unlabeled;
    }

    /**
     * @return the settings, or null before {@link #setSettings}
     */
    public SelfTrainingConfig settings() {
      return settings;
    }

    /**
     * @return the students' configuration, or null before {@link #setConfig}
     */
    public TrainConfig config() {
      return config;
    }

    /**
     * @return the job
     */
    public SelfTrainingRun build() {
      checkCommon();
      Objects.requireNonNull(unlabeled, "unlabeled images are required");
      Objects.requireNonNull(settings, "settings are required");
      Objects.requireNonNull(config, "config is required");
      return new SelfTrainingRun(this);
    }
  }
}
