package dev.pupil.cli;

import dev.pupil.BadInputException;
import dev.pupil.augment.AugmentPipeline;
import dev.pupil.data.BadImagePolicy;
import dev.pupil.data.ImageSet;
import dev.pupil.data.Normalization;
import dev.pupil.data.UnlabeledFolderReader;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.FrozenModel;
import dev.pupil.models.ModelMetadata;
import dev.pupil.models.ModelOptions;
import dev.pupil.models.ModelRegistry;
import dev.pupil.run.DataSpec;
import dev.pupil.run.PreparedData;
import dev.pupil.run.RunConfig;
import dev.pupil.run.RunDirectory;
import dev.pupil.train.TrainConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pupil distill}: knowledge distillation (Hinton, Vinyals &amp; Dean 2015,
 * arXiv:1503.02531). A student architecture learns from one or more trained teachers (an ensemble
 * averages their logits) on the labeled training split, plus unlabeled images from a folder or the
 * split's unlabeled pool, then is evaluated on the test set next to its teacher.
 */
@Command(
    name = "distill",
    mixinStandardHelpOptions = true,
    description = {
      "Distill a trained teacher into a student: loss α·T²·KL(teacher‖student at temperature T)"
          + " + (1−α)·CE on labeled images, the KL term alone on unlabeled ones.",
      "Writes config.json, metrics.jsonl (total, kl, ce per epoch), checkpoints/, model.pupil,"
          + " eval.json and run.json into the run folder."
    })
final class DistillCommand implements Callable<Integer> {
  static final String DEFAULT_STUDENT = "cnn-tiny";

  @Spec CommandSpec spec;

  @Mixin DataOptions data;

  @Mixin TrainOptions train;

  @Mixin ArchitectureOptions architecture;

  @Mixin Output output;

  @Option(
      names = "--teacher",
      paramLabel = "RUN_DIR|FILE",
      description =
          "A trained model (run folder or model.pupil); repeat for an ensemble whose "
              + "logits are averaged.")
  List<Path> teachers;

  @Option(
      names = "--student",
      paramLabel = "NAME",
      completionCandidates = ModelNames.class,
      description = "Student architecture: ${COMPLETION-CANDIDATES} (default: cnn-tiny).")
  String student;

  @Option(
      names = "--temperature",
      paramLabel = "T",
      description = "Softmax temperature of the distillation term (default: 4).")
  float temperature = 4f;

  @Option(
      names = "--alpha",
      paramLabel = "A",
      description = "Weight of the distillation term on labeled images, in [0, 1] (default: 0.9).")
  float alpha = 0.9f;

  @Option(
      names = "--unlabeled",
      paramLabel = "DIR",
      description =
          "A folder of unlabeled images (searched recursively) added to the transfer "
              + "set; they get the distillation term alone.")
  Path unlabeledDir;

  @Option(
      names = "--unlabeled-pool",
      description =
          "Add the split's unlabeled pool (the images beyond --labels-per-class) to the "
              + "transfer set, without their labels.")
  boolean unlabeledPool;

  @Option(
      names = "--augment",
      paramLabel = "SPEC",
      description =
          "Per-image augmentation of the transfer set, as for `train` (the teacher then "
              + "sees each augmented view; without it its logits are computed once).")
  String augment;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Run folder (default: runs/distill-<student>-<yyyyMMdd-HHmmss>).")
  Path out;

  @Option(
      names = "--resume",
      paramLabel = "RUN",
      description =
          "Continue an interrupted distill run from its last checkpoint, with the "
              + "teachers, data, student and settings in its config.json.")
  Path resume;

  /** The options that config.json fixes for a resumed run. */
  private static final List<String> FIXED_BY_RUN =
      List.of(
          "--teacher",
          "--student",
          "--temperature",
          "--alpha",
          "--unlabeled",
          "--unlabeled-pool",
          "--augment",
          "--out");

  @Override
  public Integer call() {
    RunDirectory resumed = null;
    RunConfig rc = null;
    if (resume != null) {
      ResumeOptions.refuse(spec, resume, FIXED_BY_RUN);
      require(
          !data.anyGiven() && !architecture.anyGiven(),
          "--resume continues "
              + resume
              + " with its own data and student; drop the data, "
              + "split and architecture options");
      resumed = RunDirectory.open(resume);
      String json = RunConfig.text(resumed.configFile());
      rc = RunConfig.parse(resumed.configFile(), json);
      require(
          "distill".equals(rc.command()) && rc.train() != null,
          resume
              + " is not a distill run (config.json says "
              + rc.command()
              + "); resume it with its own command");
      DistillRun.Settings saved = DistillRun.Settings.read(resumed.configFile(), json);
      teachers = saved.teachers();
      temperature = saved.temperature();
      alpha = saved.alpha();
      unlabeledPool = "pool".equals(saved.unlabeled());
      unlabeledDir = saved.unlabeled() == null || unlabeledPool ? null : Path.of(saved.unlabeled());
      augment = saved.augment();
      student = rc.model();
    }
    require(teachers != null && !teachers.isEmpty(), "--teacher is required");
    String arch = student != null ? student : DEFAULT_STUDENT;
    ModelRegistry.get(arch);
    require(
        temperature > 0 && Float.isFinite(temperature),
        "--temperature must be > 0, got " + temperature);
    require(alpha >= 0 && alpha <= 1, "--alpha must be in [0, 1], got " + alpha);
    require(
        !(unlabeledDir != null && unlabeledPool),
        "give --unlabeled DIR or --unlabeled-pool, not both");
    require(
        train.labelSmoothing == null || train.labelSmoothing == 0,
        "--label-smoothing does not apply to distill");
    ModelOptions options = rc != null ? rc.modelOptions() : architecture.resolveFor(arch);
    TrainConfig config =
        rc != null
            ? train.apply(rc.train(), rc.train().seed())
            : train.apply(TrainConfig.builder().build(), data.seed());
    AugmentPipeline pipeline = augment == null ? null : AugmentOptions.parse("--augment", augment);
    if (pipeline != null && pipeline.steps().isEmpty()) {
      pipeline = null;
    }
    List<ClassifierModel> models = new ArrayList<>();
    try {
      for (Path t : teachers) {
        models.add(loadTeacher(t));
      }
      FrozenModel teacher = FrozenModel.of(models);
      DataSpec dataSpec =
          rc != null ? rc.data() : withTeacherShape(data.toSpec(), teacher.metadata());
      PreparedData prepared = Data.load(dataSpec, unlabeledPool);
      fits(teacher, prepared.train());
      ImageSet unlabeled = unlabeledImages(prepared, dataSpec);
      Normalization norm =
          dataSpec.normalize() == null
              ? Normalization.fromImages(prepared.train())
              : Normalization.parse(dataSpec.normalize(), "--normalize");
      DistillRun.Settings settings =
          new DistillRun.Settings(
              teachers,
              temperature,
              alpha,
              unlabeledPool ? "pool" : unlabeledDir == null ? null : unlabeledDir.toString(),
              pipeline == null ? null : pipeline.spec());
      var run = resumed != null ? resumed : RunFolders.fresh(out, "distill-" + arch, false);
      output
          .progress()
          .println(
              (resumed != null ? "resuming " : "")
                  + describe(arch, prepared, unlabeled, run.root()));
      EpochProgress progress =
          new EpochProgress(
              arch, config.epochs(), output.progress(), ProgressBar.onTerminal(output.err()));
      DistillRun.Summary s =
          DistillRun.execute(
              prepared,
              unlabeled,
              teacher,
              arch,
              options,
              config,
              norm,
              pipeline,
              settings,
              run,
              resumed != null,
              Pupil.typed(spec),
              progress);
      output.text(finish(s));
      output.result(s.toMap());
      return Pupil.OK;
    } finally {
      models.forEach(ClassifierModel::close);
    }
  }

  private static ClassifierModel loadTeacher(Path path) {
    try {
      return ModelSource.resolve(path).load();
    } catch (BadInputException e) {
      throw new BadInputException("--teacher " + path + ": " + FlagNames.message(e), e);
    }
  }

  private static void fits(FrozenModel teacher, ImageSet images) {
    try {
      teacher.checkFits(images);
    } catch (BadInputException e) {
      throw new BadInputException("--teacher: " + FlagNames.message(e), e);
    }
  }

  /** Folder images are read at the teacher's channels and size unless the options say otherwise. */
  private static DataSpec withTeacherShape(DataSpec d, ModelMetadata t) {
    if (d.folder() == null || d.channels() != 0 || d.height() != 0) {
      return d;
    }
    return d.withShape(t.channels(), t.height(), t.width());
  }

  private ImageSet unlabeledImages(PreparedData prepared, DataSpec d) {
    ImageSet train = prepared.train();
    if (unlabeledPool) {
      require(
          prepared.unlabeled().size() > 0,
          "--unlabeled-pool: the split leaves no unlabeled images; set --labels-per-class N");
      return prepared.unlabeled();
    }
    if (unlabeledDir == null) {
      return null;
    }
    return UnlabeledFolderReader.builder()
        .setRoot(unlabeledDir)
        .optChannels(train.channels())
        .optSize(train.height(), train.width())
        .optOnBadImage(d.skipBadImages() ? BadImagePolicy.SKIP : BadImagePolicy.FAIL)
        .optClasses(train.classes())
        .build()
        .read()
        .images();
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new BadInputException(message);
    }
  }

  static String describe(String arch, PreparedData d, ImageSet unlabeled, Path runDir) {
    return String.format(
        Locale.ROOT,
        "distilling into %s on %s (%s): %d labeled + %d unlabeled, %d validation, %d test -> %s",
        arch,
        d.spec().label(),
        d.shape(),
        d.train().size(),
        unlabeled == null ? 0 : unlabeled.size(),
        d.validation().size(),
        d.test().size(),
        runDir);
  }

  static String finish(DistillRun.Summary s) {
    return String.format(
        Locale.ROOT,
        "run folder: %s%ntest accuracy: %s (teacher %s) with the weights of epoch %d",
        s.runDir(),
        EpochProgress.percent(s.test().accuracy()),
        EpochProgress.percent(s.teacherAccuracy()),
        s.bestEpoch());
  }
}
