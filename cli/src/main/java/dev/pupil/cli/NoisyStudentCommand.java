package dev.pupil.cli;

import dev.pupil.augment.AugmentPipeline;
import dev.pupil.models.ModelOptions;
import dev.pupil.semisup.RampUp;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pupil noisy-student}: Noisy Student self-training (Xie et al. 2020, arXiv:1911.04252). The
 * first of --models is trained on the labeled split and becomes the teacher; each later one is a
 * student trained with noise (augmentation, dropout, stochastic depth) on labeled and
 * pseudo-labeled batches at {@code --ratio}, and becomes the next teacher.
 */
@Command(
    name = "noisy-student",
    mixinStandardHelpOptions = true,
    description = {
      "Noisy Student (Xie et al. 2020): the teacher, not noised, labels the unlabeled images; "
          + "the confident ones (each class at most its labeled share, or --max-per-class) "
          + "train a noised, equal-or-larger "
          + "student with the labeled ones; the student becomes the teacher, for each step of "
          + "--models.",
      "Noise: --augment (default rand-n2-m9) on the student's inputs, --drop (default 0.5) and "
          + "--drop-path (default 0.2) in its network, where the architecture takes them (the "
          + "ResNets and EfficientNets take both, cnn-small and cnn-tiny dropout only); a --drop "
          + "or --drop-path given explicitly must be taken by every model of --models; "
          + "the first teacher trains with the same noise, and labels with none.",
      "Writes config.json, round-0/ (the first teacher), round-R/ (each student's run and "
          + "pseudo-labels.csv: index, id, label, class, confidence), rounds.json (teacher and "
          + "student accuracy per round, pseudo-label class balance), model.pupil (the best "
          + "round on the validation images), eval.json and run.json."
    })
final class NoisyStudentCommand implements Callable<Integer> {
  /**
   * Two rounds of equal students. Xie et al. grow the student (EfficientNet-B7 to L2) on 1.3M
   * labels; with few labels a deeper student trained from scratch under heavy noise ends below its
   * teacher (cnn-small, resnet20, resnet32 at 10 labels per class: 44% to 31% on an image folder),
   * so the default grows nothing and a larger student is asked for with --models.
   */
  static final String DEFAULT_MODELS = "cnn-small,cnn-small,cnn-small";

  /** Network noise where an architecture takes it and no --drop / --drop-path is given. */
  static final ModelOptions NOISE = ModelOptions.DEFAULTS.withDropout(0.5).withStochasticDepth(0.2);

  @Spec CommandSpec spec;

  @Mixin DataOptions data;

  @Mixin TrainOptions train;

  @Mixin ArchitectureOptions architecture;

  @Mixin SelfTrainOptions selfTrain;

  @Mixin Output output;

  @Option(
      names = "--models",
      paramLabel = "A,B,...",
      description =
          "The first teacher, then each round's student, comma-separated (default: "
              + DEFAULT_MODELS
              + ").")
  String models = DEFAULT_MODELS;

  @Option(
      names = "--augment",
      paramLabel = "SPEC",
      description =
          "The students' input noise, as for `train` (default: rand-n2-m9; \"none\" "
              + "for no augmentation).")
  String augment = "rand-n2-m9";

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Run folder (default: runs/noisy-student-<yyyyMMdd-HHmmss>).")
  Path out;

  @Override
  public Integer call() {
    if (selfTrain.resume != null) {
      return SelfTrainRun.resume(spec, "noisy-student", NOISE, selfTrain.resume, output);
    }
    List<String> names = Arrays.stream(models.split(",")).map(String::strip).toList();
    SelfTrainOptions.require(
        names.size() >= 2 && names.stream().noneMatch(String::isEmpty),
        "--models needs a teacher and at least one student, got '" + models + "'");
    ModelOptions options = architecture.resolveFor(names.toArray(String[]::new));
    AugmentPipeline pipeline =
        augment.equals("none") ? null : AugmentOptions.parse("--augment", augment);
    if (pipeline != null && pipeline.steps().isEmpty()) {
      pipeline = null;
    }
    SelfTrainRun.Settings settings =
        new SelfTrainRun.Settings(
            "noisy-student",
            names.get(0),
            names.subList(1, names.size()),
            selfTrain.trainingLabeler(0.3f),
            selfTrain.ratio(3f),
            RampUp.constant(1f),
            selfTrain.unlabeledSource(),
            pipeline == null ? null : pipeline.spec(),
            NOISE);
    return SelfTrainRun.launch(
        spec, data, train, options, selfTrain, output, settings, pipeline, out, "noisy-student");
  }
}
