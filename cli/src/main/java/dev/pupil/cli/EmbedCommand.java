package dev.pupil.cli;

import dev.pupil.BadInputException;
import dev.pupil.data.BadImagePolicy;
import dev.pupil.pool.PoolEngine;
import dev.pupil.pool.PoolJob;
import dev.pupil.pool.PoolSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pupil embed}: a trained model's backbone features (the penultimate layer) for every image
 * of a pool, the input of k-NN on embeddings (Wu et al. 2018, arXiv:1805.01978, classify by nearest
 * neighbours in a learned feature space) at scale, in this JVM or on Apache Spark.
 */
@Command(
    name = "embed",
    mixinStandardHelpOptions = true,
    description = {
      "Embed a pool of images with a trained model's backbone (the features before its "
          + "classifier), for k-NN at scale.",
      "--engine jvm (default) writes embeddings.csv (index, id, e_0 … e_D-1); --engine spark "
          + "writes embeddings.parquet (index, id, embedding). Both write summary.json. The "
          + "in-JVM loop is faster up to a few hundred thousand small images (see "
          + "docs/benchmarks.md)."
    })
final class EmbedCommand implements Callable<Integer> {
  @Option(
      names = "--model",
      paramLabel = "FILE",
      required = true,
      description = "The trained model (.pupil).")
  Path model;

  @Option(
      names = "--images",
      paramLabel = "DIR",
      description = "A folder of images, searched recursively (ids: paths relative to it).")
  Path images;

  @Option(
      names = "--data",
      paramLabel = "DATASET",
      description = "Embed a dataset's training split instead, e.g. fashion-mnist.")
  String dataset;

  @Option(
      names = "--on-bad-image",
      paramLabel = "fail|skip",
      description = "Stop at an unreadable image (fail, default) or skip it and count it.")
  String onBadImage = "fail";

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      description = "Images per forward pass, >= 1 (default: 128).")
  int batchSize = PoolJob.DEFAULT_BATCH_SIZE;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Output folder (default: runs/embed-<engine>-<yyyyMMdd-HHmmss>); earlier "
              + "outputs there are replaced only with --force.")
  Path out;

  @Mixin ForceOption force;

  /** What an embedding job may write into its folder, with either engine. */
  static final List<String> OUTPUTS =
      List.of("embeddings.csv", "embeddings.parquet", "summary.json");

  @Mixin PoolOptions pool;

  @Mixin TorchScriptOption torchScript;

  @Mixin Output output;

  @Override
  public Integer call() {
    if (!Files.isRegularFile(model)) {
      throw new BadInputException("--model " + model + " is not a file");
    }
    if (batchSize < 1) {
      throw new BadInputException("--batch-size must be >= 1, got " + batchSize);
    }
    BadImagePolicy policy =
        switch (onBadImage.toLowerCase(Locale.ROOT)) {
          case "fail" -> BadImagePolicy.FAIL;
          case "skip" -> BadImagePolicy.SKIP;
          default ->
              throw new BadInputException(
                  "--on-bad-image must be fail or skip, got '" + onBadImage + "'");
        };
    if (out != null) {
      new OutputPlan(force).files(out, OUTPUTS, "--out").check();
    }
    Supplier<PoolSource> poolSource = pool.source(images, "--images", dataset);
    try (PoolEngine engine = pool.engine()) {
      // The engine starts up (a Spark session) while the pool is read.
      engine.prepare(
          new PoolJob.Setup(
              PoolJob.Task.EMBED, model, torchScript.allow, pool.master, pool.settings()));
      PoolSource source = poolSource.get();
      Path dir = out != null ? out : RunFolders.defaultFor("embed-" + engine.name());
      new OutputPlan(force).files(dir, OUTPUTS, out != null ? "--out" : "default of --out").check();
      PoolJob job =
          new PoolJob(
              PoolJob.Task.EMBED,
              model,
              torchScript.allow,
              source,
              dir,
              null,
              false,
              policy,
              batchSize,
              pool.master,
              pool.settings());
      return PoolRun.run(engine, job, output);
    }
  }
}
