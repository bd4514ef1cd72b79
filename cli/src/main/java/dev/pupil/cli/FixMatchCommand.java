package dev.pupil.cli;

import dev.pupil.BadInputException;
import dev.pupil.augment.AugmentPipeline;
import dev.pupil.augment.AugmentSpec;
import dev.pupil.data.ImageSet;
import dev.pupil.data.Normalization;
import dev.pupil.models.ModelOptions;
import dev.pupil.models.ModelRegistry;
import dev.pupil.optim.LearningRates.Schedule;
import dev.pupil.report.RunDirectory;
import dev.pupil.semisup.FixMatchTrainer;
import dev.pupil.train.TrainConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
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
 * view against the network's own prediction on its weak view where that prediction is confident
 * (≥ τ). The test accuracy reported is that of the exponential moving average of the weights.
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
      description = "Confidence τ a weak view's prediction needs to become a pseudo-label, in "
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
      description = "Decay of the exponential moving average of the weights used for evaluation, "
          + "in [0, 1); 0 evaluates the trained weights (default: 0.999).")
  float ema = 0.999f;

  @Option(
      names = "--weak",
      paramLabel = "SPEC",
      description = "Weak augmentation, as for `train --augment` (default: "
          + FixMatchTrainer.DEFAULT_WEAK + ").")
  String weak;

  @Option(
      names = "--strong",
      paramLabel = "SPEC",
      description = "Strong augmentation (default: the weak one, rand-n2-m10 and cutout of half "
          + "the image side, e.g. " + FixMatchTrainer.DEFAULT_WEAK + ",rand-n2-m10,cutout:14 "
          + "for 28x28).")
  String strong;

  @Option(
      names = "--unlabeled",
      paramLabel = "DIR",
      description = "A folder of unlabeled images (searched recursively); default: the split's "
          + "unlabeled pool (the images beyond --labels-per-class).")
  Path unlabeledDir;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Run folder (default: runs/fixmatch-<model>-<yyyyMMdd-HHmmss>).")
  Path out;

  @Option(
      names = "--resume",
      paramLabel = "RUN",
      description = "Continue an interrupted fixmatch run from its last checkpoint (trained and "
          + "EMA weights, optimizer state), with the data, model and FixMatch settings in its "
          + "config.json; the result equals an uninterrupted run's.")
  Path resume;

  /** The options that config.json fixes for a resumed run. */
  private static final List<String> FIXED_BY_RUN =
      List.of("--model", "--out", "--threshold", "--lambda", "--mu", "--ema", "--weak",
          "--strong", "--unlabeled");

  /** The paper's training settings (Sohn et al. 2020, appendix B.1), under the options given. */
  static TrainConfig paperDefaults() {
    return TrainConfig.builder().optOptimizer("sgd").optLr(0.03f).optMomentum(0.9f)
        .optNesterov(true).optWeightDecay(5e-4f).optSchedule(Schedule.COSINE).optBatchSize(64)
        .build();
  }

  @Override
  public Integer call() {
    if (resume != null) {
      return resumeRun();
    }
    ModelRegistry.get(model);
    require(threshold > 0 && threshold <= 1,
        "--threshold must be in (0, 1], got " + threshold);
    require(lambda >= 0 && Float.isFinite(lambda), "--lambda must be >= 0, got " + lambda);
    require(mu >= 1, "--mu must be >= 1, got " + mu);
    require(ema >= 0 && ema < 1, "--ema must be in [0, 1), got " + ema);
    TrainConfig base = paperDefaults();
    if (train.momentum != null && train.momentum == 0 && train.nesterov == null) {
      base = base.toBuilder().optNesterov(false).build(); // Nesterov needs momentum
    }
    TrainConfig config = train.apply(base, data.seed());
    require((long) mu * config.batchSize() <= 1_000_000,
        "--mu × --batch-size must be at most 1000000, got " + mu + " × " + config.batchSize());
    ModelOptions options = architecture.resolve();
    AugmentPipeline weakPipeline = parse(weak, "--weak");
    AugmentPipeline strongGiven = parse(strong, "--strong");
    DataSpec dataSpec = data.toSpec();
    PreparedData prepared = DataLoader.load(dataSpec, unlabeledDir == null);
    ImageSet labeled = prepared.train();
    AugmentPipeline weakAug =
        weakPipeline != null ? weakPipeline : AugmentSpec.parse(FixMatchTrainer.DEFAULT_WEAK);
    AugmentPipeline strongAug =
        strongGiven != null
            ? strongGiven
            : AugmentSpec.parse(FixMatchTrainer.defaultStrong(labeled.height(), labeled.width()));
    FixMatchRun.Settings settings =
        new FixMatchRun.Settings(
            threshold, lambda, mu, ema, weakAug.spec(), strongAug.spec(),
            SelfTrainOptions.unlabeledSource(unlabeledDir));
    RunDirectory run = RunFolders.fresh(out, "fixmatch-" + model, false);
    return execute(prepared, dataSpec, model, options, config, settings, run, false);
  }

  /** {@code --resume RUN}: everything but the training options comes from the run's config. */
  private Integer resumeRun() {
    ResumeOptions.refuse(spec, resume, FIXED_BY_RUN);
    if (data.anyGiven() || architecture.anyGiven()) {
      throw new BadInputException(
          "--resume continues " + resume + " with its own data and model; drop the data, split "
              + "and architecture options");
    }
    RunDirectory run = RunDirectory.open(resume);
    String json = RunConfig.text(run.configFile());
    RunConfig rc = RunConfig.parse(run.configFile(), json);
    if (!"fixmatch".equals(rc.command()) || rc.train() == null) {
      throw new BadInputException(resume + " is not a fixmatch run (config.json says "
          + rc.command() + "); resume it with its own command");
    }
    FixMatchRun.Settings settings = FixMatchRun.Settings.read(run.configFile(), json);
    TrainConfig config = train.apply(rc.train(), rc.train().seed());
    String unlabeled = settings.unlabeled();
    if (!"pool".equals(unlabeled)) {
      unlabeledDir = Path.of(unlabeled);
    }
    PreparedData prepared = DataLoader.load(rc.data(), unlabeledDir == null);
    return execute(prepared, rc.data(), rc.model(), rc.modelOptions(), config, settings, run, true);
  }

  private Integer execute(PreparedData prepared, DataSpec dataSpec, String arch,
      ModelOptions options, TrainConfig config, FixMatchRun.Settings settings, RunDirectory run,
      boolean resumed) {
    ImageSet unlabeled = SelfTrainOptions.unlabeled(unlabeledDir, prepared, dataSpec);
    ImageSet labeled = prepared.train();
    Normalization norm =
        dataSpec.normalize() == null
            ? Normalization.fromImages(labeled)
            : Normalization.parse(dataSpec.normalize(), "--normalize");
    output.progress().println(
        (resumed ? "resuming " : "") + describe(arch, prepared, unlabeled, settings, run.root()));
    EpochProgress progress =
        new EpochProgress(
            arch, config.epochs(), output.progress(), ProgressBar.onTerminal(output.err()));
    FixMatchRun.Summary s =
        FixMatchRun.execute(
            prepared, unlabeled, arch, options, config, norm,
            AugmentSpec.parse(settings.weak()), AugmentSpec.parse(settings.strong()), settings,
            run, resumed, Pupil.typed(spec), progress);
    output.text(finish(s));
    output.result(s.toMap());
    return Pupil.OK;
  }

  /** A spec given on the command line, or null when none was; "none" is no augmentation. */
  private static AugmentPipeline parse(String spec, String option) {
    if (spec == null) {
      return null;
    }
    try {
      return AugmentSpec.parse(spec);
    } catch (BadInputException e) {
      throw new BadInputException(option + ": " + e.getMessage(), e);
    }
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new BadInputException(message);
    }
  }

  static String describe(
      String arch, PreparedData d, ImageSet unlabeled, FixMatchRun.Settings s, Path runDir) {
    return String.format(
        Locale.ROOT,
        "fixmatch %s on %s (%s): %d labeled + %d unlabeled, %d validation, %d test; τ %s, λ %s, "
            + "μ %d, EMA %s; weak %s, strong %s -> %s",
        arch, d.spec().label(), d.shape(), d.train().size(), unlabeled.size(),
        d.validation().size(), d.test().size(), s.threshold(), s.lambda(), s.mu(), s.emaDecay(),
        s.weak(), s.strong(), runDir);
  }

  static String finish(FixMatchRun.Summary s) {
    return String.format(
        Locale.ROOT,
        "run folder: %s%nlast epoch: mask rate %s%ntest accuracy: %s (EMA weights of epoch %d)",
        s.runDir(), EpochProgress.percent(s.lastMaskRate()),
        EpochProgress.percent(s.test().accuracy()), s.bestEpoch());
  }
}
