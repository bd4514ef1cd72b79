package dev.pupil.cli;

import dev.pupil.BadInputException;
import dev.pupil.data.BadImagePolicy;
import dev.pupil.models.ModelOptions;
import dev.pupil.models.ModelRegistry;
import dev.pupil.pool.JvmPoolEngine;
import dev.pupil.pool.PoolEngine;
import dev.pupil.pool.PoolJob;
import dev.pupil.pool.PoolSource;
import dev.pupil.semisup.PseudoLabeler;
import dev.pupil.semisup.RampUp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pupil pseudo-label}: Pseudo-Label (Lee 2013, ICML workshop, "Pseudo-Label"). A teacher
 * trained on the labeled split labels the unlabeled images; the confident ones (each class at most
 * its labeled share, or K) join the labeled ones in every batch with a weight that ramps up, in a
 * fresh network of the same architecture; with {@code --rounds N} the new network labels again. The
 * run's model is the best round's on the validation images.
 */
@Command(
    name = "pseudo-label",
    mixinStandardHelpOptions = true,
    description = {
      "Pseudo-labeling (Lee 2013): train a teacher on the labeled images, keep its confident "
          + "predictions on the unlabeled ones (each class at most its labeled share), train a "
          + "new network on both (loss ce + α(t)·pseudo); repeat for --rounds.",
      "Writes config.json, round-0/ (the teacher), round-R/ (each student's run, model.pupil "
          + "and pseudo-labels.csv: index, id, label, class, confidence), rounds.json, "
          + "model.pupil (the best round on the validation images: a student worse than its "
          + "teacher is not kept), eval.json and run.json into the run folder.",
      "With --teacher FILE it only labels a pool with that trained model (no training), on this "
          + "JVM (--engine jvm, the default: faster up to a few hundred thousand small images) or "
          + "on Apache Spark (--engine spark [--master URL]), and writes pseudo-labels.csv (and "
          + "p_<class> columns with --soft), summary.json and, with Spark, predictions.parquet. "
          + "The pool: --unlabeled DIR, --pool-table PARQUET (Spark) or --data DATASET (its "
          + "training split). --batch-size is then the images per forward pass (default 128)."
    })
final class PseudoLabelCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin DataOptions data;

  @Mixin TrainOptions train;

  @Mixin ArchitectureOptions architecture;

  @Mixin SelfTrainOptions selfTrain;

  @Mixin Output output;

  @Option(
      names = "--model",
      paramLabel = "NAME",
      completionCandidates = ModelNames.class,
      description =
          "Architecture of the teacher and of every student: ${COMPLETION-CANDIDATES} "
              + "(default: cnn-small).")
  String model = "cnn-small";

  @Option(
      names = "--rounds",
      paramLabel = "N",
      description = "Rounds of labeling and retraining, >= 1 (default: 1).")
  int rounds = 1;

  @Option(
      names = "--ramp-up",
      paramLabel = "T1:T2:A",
      description =
          "Weight α(t) of the pseudo-labeled loss: 0 up to epoch T1, rising linearly to A at epoch"
              + " T2 (Lee used 100:600:3 over 1000 epochs; default 0:0:1, a constant 1).")
  String rampUp = "0:0:1";

  @Option(
      names = "--teacher",
      paramLabel = "FILE",
      description =
          "Only label the pool with this trained model (.pupil) and stop; see " + "--engine.")
  Path teacher;

  @Mixin PoolOptions pool;

  @Mixin TorchScriptOption torchScript;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Run folder (default: runs/pseudo-label-<model>-<yyyyMMdd-HHmmss>); with --teacher, the"
              + " output folder, whose earlier outputs are replaced only with --force.")
  Path out;

  @Mixin ForceOption force;

  /** What labelling with --teacher may write into its folder, with either engine. */
  static final List<String> LABEL_OUTPUTS =
      List.of("pseudo-labels.csv", "predictions.parquet", "summary.json");

  @Override
  public Integer call() {
    if (selfTrain.resume != null) {
      return SelfTrainRun.resume(
          spec, "pseudo-label", ModelOptions.DEFAULTS, selfTrain.resume, output);
    }
    if (teacher != null) {
      return labelOnly();
    }
    if (!JvmPoolEngine.NAME.equals(pool.engine)
        || pool.master != null
        || pool.poolTable != null
        || !pool.conf.isEmpty()) {
      throw new BadInputException(
          "--engine, --master, --conf and --pool-table label with a trained model: give "
              + "--teacher FILE");
    }
    ModelRegistry.get(model);
    ModelOptions options = architecture.resolveFor(model);
    SelfTrainOptions.require(rounds >= 1, "--rounds must be >= 1, got " + rounds);
    RampUp ramp = parseRampUp(rampUp);
    SelfTrainRun.Settings settings =
        new SelfTrainRun.Settings(
            "pseudo-label",
            model,
            Collections.nCopies(rounds, model),
            selfTrain.trainingLabeler(0.95f),
            selfTrain.ratio(1f),
            ramp,
            selfTrain.unlabeledSource(),
            null,
            ModelOptions.DEFAULTS);
    return SelfTrainRun.launch(
        spec,
        data,
        train,
        options,
        selfTrain,
        output,
        settings,
        null,
        out,
        "pseudo-label-" + model);
  }

  private int labelOnly() {
    if (!Files.isRegularFile(teacher)) {
      throw new BadInputException("--teacher " + teacher + " is not a file");
    }
    PseudoLabeler labeler = selfTrain.labeler(0.95f);
    int batch = forwardBatch();
    if (out != null) {
      new OutputPlan(force).files(out, LABEL_OUTPUTS, "--out").check();
    }
    BadImagePolicy policy = data.skipBadImages() ? BadImagePolicy.SKIP : BadImagePolicy.FAIL;
    Supplier<PoolSource> poolSource = pool.source(selfTrain.unlabeledDir, "--unlabeled", data.data);
    try (PoolEngine engine = pool.engine()) {
      // The engine starts up (a Spark session) while the pool is read.
      engine.prepare(
          new PoolJob.Setup(
              PoolJob.Task.PSEUDO_LABEL, teacher, torchScript.allow, pool.master, pool.settings()));
      PoolSource source = leaveOutTrained(poolSource.get());
      Path dir = out != null ? out : RunFolders.defaultFor("pseudo-labels-" + engine.name());
      new OutputPlan(force)
          .files(dir, LABEL_OUTPUTS, out != null ? "--out" : "default of --out")
          .check();
      PoolJob job =
          new PoolJob(
              PoolJob.Task.PSEUDO_LABEL,
              teacher,
              torchScript.allow,
              source,
              dir,
              labeler.filter(),
              labeler.soft(),
              policy,
              batch,
              pool.master,
              pool.settings());
      return PoolRun.run(engine, job, output);
    }
  }

  /**
   * The pool without the images the teacher's run trained or validated on, when it is drawn from
   * the run's own data (its dataset or folder), with a line saying how many were left out.
   */
  private PoolSource leaveOutTrained(PoolSource source) {
    ModelSource teacherSource = ModelSource.resolve(teacher);
    TrainedImages trained =
        switch (source.kind()) {
          case FOLDER -> TrainedImages.inFolder(teacherSource, source.path());
          case IMAGES -> TrainedImages.inDataset(teacherSource, data.data);
          case TABLE -> TrainedImages.NONE;
        };
    if (trained.note() != null) {
      output.err().println(trained.note());
      output.err().flush();
    }
    if (trained.ids().isEmpty()) {
      return source;
    }
    PoolSource rest = source.excluding(trained.ids());
    if (rest.kind() == PoolSource.Kind.IMAGES && rest.images().size() == 0) {
      throw new BadInputException(
          "--data "
              + data.data
              + ": the teacher's run trained or "
              + "validated on all of its training images, so none is left to label");
    }
    int left =
        source.kind() == PoolSource.Kind.IMAGES
            ? source.images().size() - rest.images().size()
            : trained.ids().size();
    output
        .progress()
        .println(
            "left out "
                + left
                + " images the teacher's run trained or "
                + "validated on ("
                + teacherSource.run().splitFile()
                + ")");
    output.progress().flush();
    return rest;
  }

  /**
   * @return images per forward pass when only labelling: --batch-size, else the pool default
   */
  private int forwardBatch() {
    if (train.batchSize == null) {
      return PoolJob.DEFAULT_BATCH_SIZE;
    }
    if (train.batchSize < 1) {
      throw new BadInputException("--batch-size must be >= 1, got " + train.batchSize);
    }
    return train.batchSize;
  }

  /** Parses {@code T1:T2:A}, naming the option when it is malformed. */
  static RampUp parseRampUp(String text) {
    String[] parts = text.split(":", -1);
    try {
      if (parts.length == 3) {
        return new RampUp(
            Integer.parseInt(parts[0].strip()),
            Integer.parseInt(parts[1].strip()),
            Float.parseFloat(parts[2].strip()));
      }
    } catch (NumberFormatException e) {
      // reported below
    } catch (IllegalArgumentException e) {
      throw new BadInputException("--ramp-up " + text + ": " + e.getMessage(), e);
    }
    throw new BadInputException("--ramp-up must be T1:T2:A (e.g. 10:60:3), got '" + text + "'");
  }
}
