package dev.pupil.cli;

import dev.pupil.BadInputException;
import dev.pupil.augment.AugmentPipeline;
import dev.pupil.augment.AugmentSpec;
import dev.pupil.data.ImageSet;
import dev.pupil.data.Normalization;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.ModelOptions;
import dev.pupil.models.ModelRegistry;
import dev.pupil.optim.LearningRates.Schedule;
import dev.pupil.run.DataSpec;
import dev.pupil.run.PreparedData;
import dev.pupil.run.RunConfig;
import dev.pupil.run.RunDirectory;
import dev.pupil.semisup.FixMatchTrainer;
import dev.pupil.train.TrainConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pupil fixmatch}: FixMatch (Sohn et al. 2020, arXiv:2001.07685). One network learns from
 * the labeled split and the unlabeled pool (or {@code --unlabeled DIR}) at once: cross-entropy on
 * weakly augmented labeled images, plus λ times the cross-entropy of each unlabeled image's strong
 * view against the network's own prediction on its weak view where that prediction is confident (≥
 * τ). The test accuracy reported is that of the exponential moving average of the weights.
 */
@Command(
    name = "fixmatch",
    mixinStandardHelpOptions = true,
    description = {
      "FixMatch (Sohn et al. 2020): each step takes --batch-size labeled images (weak "
          + "augmentation) and --mu times as many unlabeled ones, each in a weak and a strong "
          + "view; the prediction on the weak view, where its probability is at least "
          + "--threshold, is the target of the strong view; loss = CE(labeled) + --lambda · "
          + "mean over unlabeled images of mask · CE(strong, pseudo-label).",
      "Training defaults are the paper's: SGD with Nesterov momentum 0.9, lr 0.03, weight decay "
          + "0.0005, cosine schedule, batch 64. Validation, the kept epoch, model.pupil and the "
          + "test accuracy use the EMA weights (--ema).",
      "Writes config.json (with a fixmatch section), metrics.jsonl (total, ce, unlabeled and the "
          + "mask rate per epoch), checkpoints/, model.pupil, eval.json and run.json."
    })
final class FixMatchCommand implements Callable<Integer> {
  static final String DEFAULT_MODEL = "cnn-small";

  @Spec CommandSpec spec;

  @Mixin DataOptions data;

  @Mixin TrainOptions train;

  @Mixin ArchitectureOptions architecture;

  @Mixin Output output;

  @Option(
      names = "--model",
      paramLabel = "NAME",
      completionCandidates = ModelNames.class,
      description = "Architecture: ${COMPLETION-CANDIDATES} (default: cnn-small).")
  String model = DEFAULT_MODEL;

  @Option(
      names = "--threshold",
      paramLabel = "TAU",
      description =
          "Confidence τ a weak view's prediction needs to become a pseudo-label, in "
              + "(0, 1] (default: 0.95).")
  float threshold = 0.95f;

  @Option(
      names = "--lambda",
      paramLabel = "L",
      description = "Weight λ of the unlabeled term, >= 0 (default: 1).")
  float lambda = 1f;

  @Option(
      names = "--mu",
      paramLabel = "MU",
      description = "Unlabeled images per labeled image in a batch, >= 1 (default: 7).")
  int mu = 7;

  @Option(
      names = "--ema",
      paramLabel = "D",
      description =
          "Decay of the exponential moving average of the weights used for evaluation, "
              + "in [0, 1); 0 evaluates the trained weights (default: 0.999).")
  float ema = 0.999f;

  @Option(
      names = "--weak",
      paramLabel = "SPEC",
      description =
          "Weak augmentation, as for `train --augment` (default: "
              + FixMatchTrainer.DEFAULT_WEAK
              + ").")
  String weak;

  @Option(
      names = "--strong",
      paramLabel = "SPEC",
      description =
          "Strong augmentation (default: the weak one, rand-n2-m10 and cutout of half "
              + "the image side, e.g. "
              + FixMatchTrainer.DEFAULT_WEAK
              + ",rand-n2-m10,cutout:14 "
              + "for 28x28).")
  String strong;

  @Option(
      names = "--unlabeled",
      paramLabel = "DIR",
      description =
          "A folder of unlabeled images (searched recursively); default: the split's "
              + "unlabeled pool (the images beyond --labels-per-class).")
  Path unlabeledDir;

  @Option(
      names = "--init",
      paramLabel = "RUN|FILE",
      description =
          "Start from a trained model's weights (a run folder or model.pupil), for "
              + "example a supervised run on the same labels, instead of a random initialization; "
              + "its architecture, options and normalization are used (--normalize still applies).")
  Path init;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Run folder (default: runs/fixmatch-<model>-<yyyyMMdd-HHmmss>).")
  Path out;

  @Option(
      names = "--resume",
      paramLabel = "RUN",
      description =
          "Continue an interrupted fixmatch run from its last checkpoint (trained and "
              + "EMA weights, optimizer state), with the data, model, FixMatch settings and --init "
              + "model in its config.json; the result equals an uninterrupted run's.")
  Path resume;

  /** The options that config.json fixes for a resumed run. */
  private static final List<String> FIXED_BY_RUN =
      List.of(
          "--model",
          "--out",
          "--threshold",
          "--lambda",
          "--mu",
          "--ema",
          "--weak",
          "--strong",
          "--unlabeled",
          "--init");

  /** The paper's training settings (Sohn et al. 2020, appendix B.1), under the options given. */
  static TrainConfig paperDefaults() {
    return TrainConfig.builder()
        .optOptimizer("sgd")
        .optLr(0.03f)
        .optMomentum(0.9f)
        .optNesterov(true)
        .optWeightDecay(5e-4f)
        .optSchedule(Schedule.COSINE)
        .optBatchSize(64)
        .build();
  }

  @Override
  public Integer call() {
    if (resume != null) {
      return resumeRun();
    }
    if (init != null) {
      require(
          !spec.commandLine().getParseResult().hasMatchedOption("--model")
              && !architecture.anyGiven(),
          "--init "
              + init
              + " fixes the architecture and its options; drop --model and the "
              + "architecture options");
    } else {
      ModelRegistry.get(model);
    }
    require(threshold > 0 && threshold <= 1, "--threshold must be in (0, 1], got " + threshold);
    require(lambda >= 0 && Float.isFinite(lambda), "--lambda must be >= 0, got " + lambda);
    require(mu >= 1, "--mu must be >= 1, got " + mu);
    require(ema >= 0 && ema < 1, "--ema must be in [0, 1), got " + ema);
    TrainConfig base = paperDefaults();
    if (train.momentum != null && train.momentum == 0 && train.nesterov == null) {
      base = base.toBuilder().optNesterov(false).build(); // Nesterov needs momentum
    }
    TrainConfig config = train.apply(base, data.seed());
    require(
        (long) mu * config.batchSize() <= 1_000_000,
        "--mu × --batch-size must be at most 1000000, got " + mu + " × " + config.batchSize());
    AugmentPipeline weakPipeline = parse(weak, "--weak");
    AugmentPipeline strongGiven = parse(strong, "--strong");
    try (ClassifierModel initial = init == null ? null : loadInitial(init)) {
      String arch = initial == null ? model : initial.metadata().architecture();
      ModelOptions options =
          initial == null ? architecture.resolve() : initial.metadata().options();
      DataSpec dataSpec = data.toSpec();
      PreparedData prepared = Data.load(dataSpec, unlabeledDir == null);
      fits(initial, prepared.train(), init);
      FixMatchRun.Settings settings = settings(weakPipeline, strongGiven, prepared.train(), init);
      RunDirectory run = RunFolders.fresh(out, "fixmatch-" + arch, false);
      return execute(prepared, dataSpec, arch, options, config, settings, initial, run, false);
    }
  }

  private FixMatchRun.Settings settings(
      AugmentPipeline weakPipeline, AugmentPipeline strongGiven, ImageSet labeled, Path initial) {
    AugmentPipeline weakAug =
        weakPipeline != null ? weakPipeline : AugmentSpec.parse(FixMatchTrainer.DEFAULT_WEAK);
    AugmentPipeline strongAug =
        strongGiven != null
            ? strongGiven
            : AugmentSpec.parse(FixMatchTrainer.defaultStrong(labeled.height(), labeled.width()));
    return new FixMatchRun.Settings(
        threshold,
        lambda,
        mu,
        ema,
        weakAug.spec(),
        strongAug.spec(),
        SelfTrainOptions.unlabeledSource(unlabeledDir),
        initial == null ? null : initial.toAbsolutePath().toString());
  }

  /** The --init model, its errors naming the option. */
  private static ClassifierModel loadInitial(Path path) {
    try {
      return ModelSource.resolve(path).load();
    } catch (BadInputException e) {
      throw new BadInputException("--init " + path + ": " + FlagNames.message(e), e);
    }
  }

  /** {@code --resume RUN}: everything but the training options comes from the run's config. */
  private Integer resumeRun() {
    ResumeOptions.refuse(spec, resume, FIXED_BY_RUN);
    if (data.anyGiven() || architecture.anyGiven()) {
      throw new BadInputException(
          "--resume continues "
              + resume
              + " with its own data and model; drop the data, split "
              + "and architecture options");
    }
    RunDirectory run = RunDirectory.open(resume);
    String json = RunConfig.text(run.configFile());
    RunConfig rc = RunConfig.parse(run.configFile(), json);
    if (!"fixmatch".equals(rc.command()) || rc.train() == null) {
      throw new BadInputException(
          resume
              + " is not a fixmatch run (config.json says "
              + rc.command()
              + "); resume it with its own command");
    }
    FixMatchRun.Settings settings = FixMatchRun.Settings.read(run.configFile(), json);
    TrainConfig config = train.apply(rc.train(), rc.train().seed());
    String unlabeled = settings.unlabeled();
    if (!"pool".equals(unlabeled)) {
      unlabeledDir = Path.of(unlabeled);
    }
    try (ClassifierModel initial =
        settings.init() == null ? null : loadInitial(Path.of(settings.init()))) {
      PreparedData prepared = Data.load(rc.data(), unlabeledDir == null);
      fits(initial, prepared.train(), settings.init());
      return execute(
          prepared, rc.data(), rc.model(), rc.modelOptions(), config, settings, initial, run, true);
    }
  }

  private Integer execute(
      PreparedData prepared,
      DataSpec dataSpec,
      String arch,
      ModelOptions options,
      TrainConfig config,
      FixMatchRun.Settings settings,
      ClassifierModel initial,
      RunDirectory run,
      boolean resumed) {
    ImageSet unlabeled = SelfTrainOptions.unlabeled(unlabeledDir, prepared);
    ImageSet labeled = prepared.train();
    Normalization norm =
        dataSpec.normalize() != null
            ? Normalization.parse(dataSpec.normalize(), "--normalize")
            : initial != null
                ? initial.metadata().normalization()
                : Normalization.fromImages(labeled);
    String what = FixMatchRun.describe(arch, prepared, unlabeled, settings, run.root());
    output.progress().println((resumed ? "resuming " : "") + what);
    EpochProgress progress =
        new EpochProgress(
            arch, config.epochs(), output.progress(), ProgressBar.onTerminal(output.err()));
    FixMatchRun.Summary s =
        FixMatchRun.execute(
            prepared,
            unlabeled,
            arch,
            options,
            config,
            norm,
            AugmentSpec.parse(settings.weak()),
            AugmentSpec.parse(settings.strong()),
            settings,
            initial,
            run,
            resumed,
            Pupil.typed(spec),
            progress);
    output.text(FixMatchRun.finish(s));
    output.result(s.toMap());
    return Pupil.OK;
  }

  /** Refuses an --init model whose classes or input differ from the labeled images'. */
  private static void fits(ClassifierModel initial, ImageSet labeled, Object path) {
    if (initial == null) {
      return;
    }
    if (!initial.metadata().classes().equals(labeled.classes())) {
      throw new BadInputException(
          "--init "
              + path
              + ": the model's classes "
              + initial.metadata().classes()
              + " differ from the data's "
              + labeled.classes());
    }
    try {
      initial.checkShape(labeled);
    } catch (BadInputException e) {
      throw new BadInputException("--init " + path + ": " + FlagNames.message(e), e);
    }
  }

  /** A spec given on the command line, or null when none was; "none" is no augmentation. */
  private static AugmentPipeline parse(String spec, String option) {
    return spec == null ? null : AugmentOptions.parse(option, spec);
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new BadInputException(message);
    }
  }
}
