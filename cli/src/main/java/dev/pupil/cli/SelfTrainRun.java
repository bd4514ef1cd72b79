package dev.pupil.cli;

import com.google.gson.JsonObject;
import dev.pupil.BadInputException;
import dev.pupil.augment.AugmentSpec;
import dev.pupil.augment.AugmentPipeline;
import dev.pupil.data.ImageSet;
import dev.pupil.data.Normalization;
import dev.pupil.eval.EvalReport;
import dev.pupil.io.Json;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.ModelOptions;
import dev.pupil.run.DataSpec;
import dev.pupil.run.PreparedData;
import dev.pupil.run.Reports;
import dev.pupil.run.RunConfig;
import dev.pupil.run.RunDirectory;
import dev.pupil.run.RunRecord;
import dev.pupil.semisup.PseudoLabeler;
import dev.pupil.semisup.RampUp;
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
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/**
 * One self-training run of {@code pupil pseudo-label} or {@code pupil noisy-student}: writes
 * config.json (the run's configuration plus a {@code selfTraining} section), runs {@link
 * SelfTrainer} into the run folder (round-0/ the first teacher, round-R/ each student with its
 * model.pupil and pseudo-labels.csv, rounds.json, model.pupil the best round's model on the
 * validation images, or the last student without them), evaluates that model on the test set
 * (eval.json) and writes run.json with every round's summary.
 */
final class SelfTrainRun {
  static final String NO_VALIDATION =
      "warning: no validation split (--val-fraction 0): the rounds cannot be compared, so "
          + "model.pupil is the last round's student even if it is worse than its teacher";

  private SelfTrainRun() {}

  /**
   * The self-training settings, recorded in config.json.
   *
   * @param method "pseudo-label" or "noisy-student"
   * @param teacher the first teacher's architecture
   * @param students each round's student
   * @param labeler the pseudo-labeler
   * @param ratio pseudo-labeled images per labeled image in a batch
   * @param rampUp the pseudo-labeled term's weight over epochs
   * @param unlabeled "pool" or the unlabeled folder
   * @param augment the students' augmentation spec, or null
   * @param noise dropout and stochastic depth added where an architecture takes them and the
   *     options leave them open ({@link ModelOptions#DEFAULTS} for none)
   */
  record Settings(
      String method,
      String teacher,
      List<String> students,
      PseudoLabeler labeler,
      float ratio,
      RampUp rampUp,
      String unlabeled,
      String augment,
      ModelOptions noise) {
    Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("method", method);
      m.put("teacher", teacher);
      m.put("students", students);
      m.put("threshold", labeler.threshold());
      m.put("maxPerClass", labeler.maxPerClass());
      m.put("shareCap", labeler.shareCap());
      m.put("labels", labeler.soft() ? "soft" : "hard");
      m.put("ratio", ratio);
      m.put("rampUp", rampUp);
      m.put("unlabeled", unlabeled);
      m.put("studentAugment", augment);
      if (!noise.given().isEmpty()) {
        m.put("noise", Map.of("dropout", noise.dropout(), "stochasticDepth",
            noise.stochasticDepth()));
      }
      return m;
    }
  }

  /**
   * What a run produced.
   *
   * @param runDir the run folder
   * @param rounds every round
   * @param test the kept model's test report
   * @param keptRound the round of the kept model, model.pupil (0: the first teacher)
   */
  record Summary(Path runDir, List<RoundSummary> rounds, EvalReport test, int keptRound) {
    /** @return the kept model's architecture */
    String model() {
      return keptRound == 0 ? rounds.get(0).teacher() : rounds.get(keptRound - 1).student();
    }

    Map<String, Object> toMap() {
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

  static Summary execute(
      PreparedData data,
      ImageSet unlabeled,
      Settings settings,
      ModelOptions options,
      TrainConfig config,
      TrainConfig teacherConfig,
      EpochRule studentEpochRule,
      Normalization normalization,
      AugmentPipeline augment,
      AugmentPipeline teacherAugment,
      RunDirectory run,
      boolean resume,
      String commandLine,
      RoundsProgress progress) {
    Instant start = Instant.now();
    Map<String, Integer> sizes = new LinkedHashMap<>(data.sizes());
    sizes.put("unlabeledUsed", unlabeled.size());
    List<String> students = settings.students();
    RunConfig rc =
        new RunConfig(
            settings.method(), data.spec(), data.location(), data.testSource(), sizes,
            students.get(students.size() - 1), config, null, data.shape(), data.classes(),
            settings.augment(), null,
            SelfTrainerSettings.withNoise(
                options, settings.noise(), students.get(students.size() - 1)));
    JsonObject json = Json.PRETTY.toJsonTree(rc).getAsJsonObject();
    JsonObject selfTraining = Json.PRETTY.toJsonTree(settings.toMap()).getAsJsonObject();
    selfTraining.addProperty("teacherEpochs", teacherConfig.epochs());
    selfTraining.addProperty("studentEpochRule", studentEpochRule != null);
    selfTraining.addProperty(
        "teacherAugment", teacherAugment != null ? teacherAugment.spec() : settings.augment());
    selfTraining.add("studentOptions", Json.PRETTY.toJsonTree(options));
    selfTraining.add("studentNoise", Json.PRETTY.toJsonTree(settings.noise()));
    json.add("selfTraining", selfTraining);
    run.writeJson(run.configFile(), json);
    run.writeSplit(data.split());
    Reports.augmentPreview(run, data.train(), settings.augment(), null, config.seed());
    SelfTrainer.Result result =
        SelfTrainer.builder()
            .setTeacherArchitecture(settings.teacher())
            .setStudents(students)
            .setConfig(config)
            .optTeacherConfig(teacherConfig)
            .optStudentEpochRule(studentEpochRule)
            .setLabeler(settings.labeler())
            .optRatio(settings.ratio())
            .optRampUp(settings.rampUp())
            .optAugmentation(augment)
            .optTeacherAugmentation(teacherAugment)
            .optStudentOptions(options)
            .optNoise(settings.noise())
            .optNormalization(normalization)
            .optRunDirectory(run)
            .optResume(resume)
            .addListener(progress)
            .addRoundListener(progress)
            .build()
            .train(data.train(), unlabeled, data.validationOrNull(), data.test());
    EvalReport report;
    try (ClassifierModel m = result.model()) {
      report = Reports.evaluate(m, data.test(), run);
    }
    Summary s = new Summary(run.root(), result.rounds(), report, result.keptRound());
    Map<String, Object> results = new LinkedHashMap<>(s.toMap());
    results.put("selfTraining", settings.toMap());
    RunRecord.write(run, config.seed(), start, commandLine, results);
    return s;
  }

  /**
   * Loads the data, makes the run folder and runs: what both commands do once their settings are
   * resolved.
   *
   * @return the exit code
   */
  static int launch(
      CommandSpec spec,
      DataOptions data,
      TrainOptions train,
      ModelOptions options,
      SelfTrainOptions selfTrain,
      Output output,
      Settings settings,
      AugmentPipeline augment,
      Path out,
      String runName) {
    TrainConfig config = train.apply(TrainConfig.builder().build(), data.seed());
    DataSpec dataSpec = data.toSpec();
    PreparedData prepared = Data.load(dataSpec, selfTrain.unlabeledDir == null);
    ImageSet unlabeled = selfTrain.unlabeled(prepared, dataSpec);
    Normalization norm =
        dataSpec.normalize() == null
            ? Normalization.fromImages(prepared.train())
            : Normalization.parse(dataSpec.normalize(), "--normalize");
    TrainConfig teacherConfig = selfTrain.teacherConfig(config);
    EpochRule.Choice teacherEpochs =
        selfTrain.teacherEpochs == null ? train.defaultEpochs(prepared.train().size(), config) : null;
    teacherConfig = TrainOptions.withEpochs(teacherConfig, teacherEpochs);
    RunDirectory run = RunFolders.fresh(out, runName, false);
    if (teacherEpochs != null) {
      output.progress().println("teacher: " + teacherEpochs.describe(FlagNames::flag));
    }
    EpochRule studentRule = train.epochs == null ? EpochRule.DEFAULT : null;
    return run(spec, output, prepared, unlabeled, settings, options, config, teacherConfig,
        studentRule, norm, augment, selfTrain.teacherAugmentation(), run, false);
  }

  private static int run(
      CommandSpec spec, Output output, PreparedData prepared, ImageSet unlabeled,
      Settings settings, ModelOptions options, TrainConfig config, TrainConfig teacherConfig,
      EpochRule studentEpochRule, Normalization norm, AugmentPipeline augment,
      AugmentPipeline teacherAugment, RunDirectory run, boolean resume) {
    output.progress().println((resume ? "resuming " : "")
        + describe(settings.method(), prepared, unlabeled, settings, run.root()));
    if (prepared.validationOrNull() == null) {
      output.progress().println(NO_VALIDATION);
    }
    RoundsProgress progress =
        new RoundsProgress(
            settings.teacher(), teacherConfig.epochs(), settings.students(), config.epochs(),
            output.progress(),
            ProgressBar.onTerminal(output.err()));
    Summary s =
        execute(
            prepared, unlabeled, settings, options, config, teacherConfig, studentEpochRule, norm,
            augment,
            teacherAugment, run, resume, Pupil.typed(spec), progress);
    output.text(finish(s));
    output.result(s.toMap());
    return Pupil.OK;
  }

  /**
   * {@code --resume RUN} of {@code pupil pseudo-label} or {@code pupil noisy-student}: rebuilds
   * the run from its config.json and continues every round from its checkpoints ({@link
   * SelfTrainer}), ending with the student an uninterrupted run ends with.
   *
   * @param spec the command, whose other options must not be given
   * @param method "pseudo-label" or "noisy-student"
   * @param noise the method's student noise, where config.json does not record it
   * @param dir the run folder
   * @param output where to print
   * @return the exit code
   */
  static int resume(CommandSpec spec, String method, ModelOptions noise, Path dir,
      Output output) {
    ResumeOptions.requireOnly(spec, dir);
    RunDirectory run = RunDirectory.open(dir);
    String json = RunConfig.text(run.configFile());
    RunConfig rc = RunConfig.parse(run.configFile(), json);
    if (!method.equals(rc.command()) || rc.train() == null) {
      throw new BadInputException(dir + " is not a " + method + " run (config.json says "
          + rc.command() + "); resume it with its own command");
    }
    JsonObject st = RunConfig.tree(run.configFile(), json).getAsJsonObject("selfTraining");
    if (st == null || !st.has("studentOptions")) {
      throw new BadInputException(run.configFile() + " does not record the student options "
          + "(written before runs could be resumed); start the run again");
    }
    try {
      List<String> students = new ArrayList<>();
      st.getAsJsonArray("students").forEach(e -> students.add(e.getAsString()));
      PseudoLabeler labeler = labeler(st);
      String unlabeled = st.get("unlabeled").getAsString();
      String augment = RunConfig.optString(st, "studentAugment");
      String teacherAugment = RunConfig.optString(st, "teacherAugment");
      Settings settings =
          new Settings(method, st.get("teacher").getAsString(), students, labeler,
              st.get("ratio").getAsFloat(), Json.PRETTY.fromJson(st.get("rampUp"), RampUp.class),
              unlabeled, augment,
              st.has("studentNoise")
                  ? Json.PRETTY.fromJson(st.get("studentNoise"), ModelOptions.class)
                  : noise);
      ModelOptions options = Json.PRETTY.fromJson(st.get("studentOptions"), ModelOptions.class);
      TrainConfig config = rc.train();
      TrainConfig teacherConfig =
          config.toBuilder().optEpochs(st.get("teacherEpochs").getAsInt()).build();
      Path unlabeledDir = "pool".equals(unlabeled) ? null : Path.of(unlabeled);
      DataSpec dataSpec = rc.data();
      PreparedData prepared = Data.load(dataSpec, unlabeledDir == null);
      ImageSet pool = SelfTrainOptions.unlabeled(unlabeledDir, prepared, dataSpec);
      Normalization norm =
          dataSpec.normalize() == null
              ? Normalization.fromImages(prepared.train())
              : Normalization.parse(dataSpec.normalize(), "--normalize");
      // Runs from before the rule trained every student for the configuration's epochs.
      EpochRule studentRule =
          st.has("studentEpochRule") && st.get("studentEpochRule").getAsBoolean()
              ? EpochRule.DEFAULT
              : null;
      return run(spec, output, prepared, pool, settings, options, config, teacherConfig,
          studentRule, norm,
          augment == null ? null : AugmentSpec.parse(augment),
          teacherAugment == null ? null : AugmentSpec.parse(teacherAugment), run, true);
    } catch (NullPointerException | IllegalStateException | UnsupportedOperationException e) {
      throw new BadInputException(
          run.configFile() + ": incomplete selfTraining section: " + e.getMessage(), e);
    }
  }

  /**
   * The pseudo-labeler config.json's selfTraining section records. A run from before the share
   * cap records no {@code shareCap} and had none, so it resumes without one.
   *
   * @param st the selfTraining section
   * @return the labeler
   */
  static PseudoLabeler labeler(JsonObject st) {
    return PseudoLabeler.builder().optThreshold(st.get("threshold").getAsFloat())
        .optMaxPerClass(st.get("maxPerClass").getAsInt())
        .optShareCap(st.has("shareCap") && st.get("shareCap").getAsBoolean())
        .optSoft("soft".equals(st.get("labels").getAsString())).build();
  }

  static String describe(String method, PreparedData d, ImageSet unlabeled, Settings s, Path dir) {
    return String.format(
        Locale.ROOT,
        "%s on %s (%s): %d labeled + %d unlabeled, %d validation, %d test; %s -> %s -> %s",
        method, d.spec().label(), d.shape(), d.train().size(), unlabeled.size(),
        d.validation().size(), d.test().size(), s.teacher(), String.join(" -> ", s.students()),
        dir);
  }

  static String finish(Summary s) {
    StringBuilder b = new StringBuilder();
    for (RoundSummary r : s.rounds()) {
      b.append(RoundsProgress.line(r)).append(System.lineSeparator());
      String verdict = RoundsProgress.verdict(r);
      if (verdict != null) {
        b.append(verdict).append(System.lineSeparator());
      }
    }
    String which = s.keptRound() == 0
        ? "the first teacher " + s.model() + ", round 0"
        : "round " + s.keptRound() + "'s student " + s.model();
    return b.append(String.format(Locale.ROOT, "run folder: %s%ntest accuracy: %s (model.pupil: %s)",
        s.runDir(), EpochProgress.percent(s.test().accuracy()), which)).toString();
  }
}
