package dev.pupil.cli;

import dev.pupil.BadInputException;
import dev.pupil.augment.AugmentPipeline;
import dev.pupil.data.ImageSet;
import dev.pupil.data.Normalization;
import dev.pupil.models.ModelOptions;
import dev.pupil.run.DataSpec;
import dev.pupil.run.PreparedData;
import dev.pupil.run.RunConfig;
import dev.pupil.run.RunDirectory;
import dev.pupil.run.SelfTrainingConfig;
import dev.pupil.run.SelfTrainingRun;
import dev.pupil.semisup.PseudoLabeler;
import dev.pupil.semisup.RampUp;
import dev.pupil.semisup.RoundSummary;
import dev.pupil.train.EpochRule;
import dev.pupil.train.TrainConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What {@code pupil pseudo-label} and {@code pupil noisy-student} share: they resolve their options
 * into the library's {@link SelfTrainingConfig}, start or resume the library's {@link
 * SelfTrainingRun}, and print its progress and summary.
 */
final class SelfTrainRun {
  static final String NO_VALIDATION =
      "warning: no validation split (--val-fraction 0): the rounds cannot be compared, so "
          + "model.pupil is the last round's student even if it is worse than its teacher";

  private SelfTrainRun() {}

  /**
   * What a command asked for, before the data is known: {@link #resolve} adds what the data decides
   * (the teacher's epochs by the rule) and gives the library's configuration.
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
    /**
     * @return the library's configuration, with what the command resolved from the data
     */
    SelfTrainingConfig resolve(
        ModelOptions studentOptions,
        int teacherEpochs,
        boolean studentEpochRule,
        String teacherAugment) {
      return new SelfTrainingConfig(
          method,
          teacher,
          students,
          labeler,
          ratio,
          rampUp,
          unlabeled,
          augment,
          teacherAugment,
          noise,
          studentOptions,
          teacherEpochs,
          studentEpochRule);
    }
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
    ImageSet unlabeled = selfTrain.unlabeled(prepared);
    Normalization norm =
        dataSpec.normalize() == null
            ? Normalization.fromImages(prepared.train())
            : Normalization.parse(dataSpec.normalize(), "--normalize");
    TrainConfig teacherConfig = selfTrain.teacherConfig(config);
    EpochRule.Choice teacherEpochs =
        selfTrain.teacherEpochs == null
            ? train.defaultEpochs(prepared.train().size(), config)
            : null;
    teacherConfig = TrainOptions.withEpochs(teacherConfig, teacherEpochs);
    RunDirectory run = RunFolders.fresh(out, runName, false);
    if (teacherEpochs != null) {
      output.progress().println("teacher: " + teacherEpochs.describe(FlagNames::flag));
    }
    AugmentPipeline teacherAugment = selfTrain.teacherAugmentation();
    SelfTrainingConfig st =
        settings.resolve(
            options,
            teacherConfig.epochs(),
            train.epochs == null,
            teacherAugment == null ? null : teacherAugment.spec());
    return run(
        spec,
        output,
        SelfTrainingRun.builder()
            .setData(prepared)
            .setUnlabeled(unlabeled)
            .setSettings(st)
            .setConfig(config)
            .optTeacherConfig(teacherConfig)
            .optNormalization(norm)
            .setRunDirectory(run));
  }

  private static int run(CommandSpec spec, Output output, SelfTrainingRun.Builder job) {
    SelfTrainingConfig st = job.settings();
    PreparedData prepared = job.data();
    output
        .progress()
        .println(
            (job.resume() ? "resuming " : "")
                + describe(
                    st.method(),
                    prepared,
                    job.unlabeled(),
                    st.teacher(),
                    st.students(),
                    job.runDirectory().root()));
    if (prepared.validationOrNull() == null) {
      output.progress().println(NO_VALIDATION);
    }
    RoundsProgress progress =
        new RoundsProgress(
            st.teacher(),
            st.teacherEpochs(),
            st.students(),
            job.config().epochs(),
            output.progress(),
            ProgressBar.onTerminal(output.err()));
    SelfTrainingRun.Summary s =
        job.optCommandLine(Pupil.typed(spec))
            .addListener(progress)
            .addRoundListener(progress)
            .build()
            .run();
    output.text(finish(s));
    output.result(s.toMap());
    return Pupil.OK;
  }

  /**
   * {@code --resume RUN} of {@code pupil pseudo-label} or {@code pupil noisy-student}: rebuilds the
   * run from its config.json and continues every round from its checkpoints ({@link SelfTrainer}),
   * ending with the student an uninterrupted run ends with.
   *
   * @param spec the command, whose other options must not be given
   * @param method "pseudo-label" or "noisy-student"
   * @param noise the method's student noise, where config.json does not record it
   * @param dir the run folder
   * @param output where to print
   * @return the exit code
   */
  static int resume(CommandSpec spec, String method, ModelOptions noise, Path dir, Output output) {
    ResumeOptions.requireOnly(spec, dir);
    RunDirectory run = RunDirectory.open(dir);
    String command = RunConfig.read(run.configFile()).command();
    if (!method.equals(command)) {
      throw new BadInputException(
          dir
              + " is not a "
              + method
              + " run (config.json says "
              + command
              + "); resume it with its own command");
    }
    return run(spec, output, SelfTrainingRun.resuming(run, method, noise, FlagNames::flag));
  }

  static String describe(
      String method,
      PreparedData d,
      ImageSet unlabeled,
      String teacher,
      List<String> students,
      Path dir) {
    return String.format(
        Locale.ROOT,
        "%s on %s (%s): %d labeled + %d unlabeled, %d validation, %d test; %s -> %s -> %s",
        method,
        d.spec().label(),
        d.shape(),
        d.train().size(),
        unlabeled.size(),
        d.validation().size(),
        d.test().size(),
        teacher,
        String.join(" -> ", students),
        dir);
  }

  static String finish(SelfTrainingRun.Summary s) {
    StringBuilder b = new StringBuilder();
    for (RoundSummary r : s.rounds()) {
      b.append(RoundsProgress.line(r)).append(System.lineSeparator());
      String verdict = RoundsProgress.verdict(r);
      if (verdict != null) {
        b.append(verdict).append(System.lineSeparator());
      }
    }
    String which =
        s.keptRound() == 0
            ? "the first teacher " + s.model() + ", round 0"
            : "round " + s.keptRound() + "'s student " + s.model();
    return b.append(
            String.format(
                Locale.ROOT,
                "run folder: %s%ntest accuracy: %s (model.pupil: %s)",
                s.runDir(),
                EpochProgress.percent(s.test().accuracy()),
                which))
        .toString();
  }
}
