package dev.pupil.cli;

import dev.pupil.BadInputException;
import dev.pupil.eval.ChanceLevel;
import dev.pupil.models.ModelRegistry;
import dev.pupil.run.PreparedData;
import dev.pupil.run.RunConfig;
import dev.pupil.run.RunDirectory;
import dev.pupil.run.SupervisedRun;
import dev.pupil.train.EpochRule;
import dev.pupil.train.TrainConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pupil train}: trains a registered architecture on a named dataset or an image folder,
 * evaluates it on the test set, and keeps everything in a run folder.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train a classifier and evaluate it on the test set.",
      "Writes config.json, metrics.jsonl, checkpoints/, model.pupil, eval.json and run.json "
          + "into the run folder."
    })
final class TrainCommand implements Callable<Integer> {
  static final String DEFAULT_MODEL = "cnn-small";

  @Spec CommandSpec spec;

  @Mixin DataOptions data;

  @Mixin TrainOptions train;

  @Mixin AugmentOptions augmentOptions;

  @Mixin ArchitectureOptions architecture;

  @Mixin Output output;

  @Option(
      names = "--model",
      paramLabel = "NAME",
      completionCandidates = ModelNames.class,
      description =
          "Architecture: ${COMPLETION-CANDIDATES} (default: cnn-small; see `pupil models`).")
  String model;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Run folder (default: runs/<model>-<yyyyMMdd-HHmmss>).")
  Path out;

  @Option(
      names = "--resume",
      paramLabel = "RUN_DIR",
      description =
          "Continue a run from its last checkpoint, with its config.json "
              + "(training options given here, e.g. --epochs, override it).")
  Path resume;

  @Override
  public Integer call() {
    SupervisedRun.Builder job;
    EpochRule.Choice epochChoice = null;
    if (resume != null) {
      if (data.anyGiven() || model != null || out != null || architecture.anyGiven()) {
        throw new BadInputException(
            "--resume continues "
                + resume
                + " with its own data, model and folder; "
                + "drop --data/--model/--out, the split and the architecture options");
      }
      RunDirectory run = RunDirectory.open(resume);
      if ("transfer".equals(RunConfig.read(run.configFile()).command())) {
        throw new BadInputException(
            resume + " is a transfer run; resume it with pupil transfer --resume");
      }
      job = SupervisedRun.resuming(run, FlagNames::flag);
      job.setConfig(train.apply(job.config(), job.config().seed()))
          .optAugment(augmentOptions.resolve(job.augment()));
    } else {
      String arch = model != null ? model : DEFAULT_MODEL;
      ModelRegistry.get(arch);
      TrainConfig config = train.apply(TrainConfig.builder().build(), data.seed());
      PreparedData prepared = Data.load(data.toSpec());
      epochChoice = train.defaultEpochs(prepared.train().size(), config);
      job =
          SupervisedRun.builder()
              .setData(prepared)
              .setArchitecture(arch)
              .optModelOptions(architecture.resolveFor(arch))
              .setConfig(TrainOptions.withEpochs(config, epochChoice))
              .optAugment(augmentOptions.resolve(SupervisedRun.Augment.NONE))
              .optEpochChoice(epochChoice)
              .setRunDirectory(RunFolders.fresh(out, arch, false));
    }
    String arch = job.architecture();
    PreparedData prepared = job.data();
    output.progress().println(describe(arch, prepared, job.runDirectory().root(), resume != null));
    if (epochChoice != null) {
      output.progress().println(epochChoice.describe(FlagNames::flag));
    }
    EpochProgress progress =
        new EpochProgress(
            arch, job.config().epochs(), output.progress(), ProgressBar.onTerminal(output.err()));
    SupervisedRun.Summary s =
        job.optCommandLine(Pupil.typed(spec)).addListener(progress).build().run();
    output.text(finish(s));
    Map<String, Object> result = new LinkedHashMap<>(s.toMap());
    result.put("splitSizes", prepared.sizes());
    output.result(result);
    return Pupil.OK;
  }

  static String describe(String arch, PreparedData d, Path runDir, boolean resumed) {
    return String.format(
        Locale.ROOT,
        "%s %s on %s (%s): %d train, %d validation, %d unlabeled, %d test (%s) -> %s",
        resumed ? "resuming" : "training",
        arch,
        d.spec().label(),
        d.shape(),
        d.train().size(),
        d.validation().size(),
        d.unlabeledCount(),
        d.test().size(),
        d.testSource(),
        runDir);
  }

  static String finish(SupervisedRun.Summary s) {
    return String.format(
            Locale.ROOT,
            "run folder: %s%ntest accuracy: %s (macro F1 %.4f) with the weights of epoch %d%s",
            s.runDir(),
            EpochProgress.percent(s.test().accuracy()),
            s.test().macroF1(),
            s.bestEpoch(),
            s.stoppedEarly() ? " (stopped early)" : "")
        + nearChanceWarning(s.chance(), s.model());
  }

  /**
   * A warning line when a run did not learn (its accuracy is within the margin of always answering
   * the most common class), or "".
   */
  static String nearChanceWarning(ChanceLevel c, String model) {
    if (c == null || !c.nearChance()) {
      return "";
    }
    return String.format(
        Locale.ROOT,
        "%nwarning: the model did not learn: %s accuracy on %,d held-out images is no better than"
            + " always answering the most common class (%s). Try a lower --lr, more labels,"
            + " or another --model (%s has not generalised on these images).",
        EpochProgress.percent(c.accuracy()),
        c.images(),
        EpochProgress.percent(c.majorityShare()),
        model);
  }
}
