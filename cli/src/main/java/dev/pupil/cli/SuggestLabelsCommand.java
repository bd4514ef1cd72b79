package dev.pupil.cli;

import dev.pupil.BadInputException;
import dev.pupil.data.BadImagePolicy;
import dev.pupil.data.DatasetRegistry;
import dev.pupil.data.FolderReadResult;
import dev.pupil.data.ImageSet;
import dev.pupil.data.NamedDataset;
import dev.pupil.data.UnlabeledFolderReader;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.FrozenModel;
import dev.pupil.models.ModelMetadata;
import dev.pupil.run.Reports;
import dev.pupil.semisup.Suggestion;
import dev.pupil.semisup.Suggestions;
import dev.pupil.semisup.Uncertainty;
import dev.pupil.semisup.UncertaintyRanker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pupil suggest-labels}: which unlabeled images to annotate next, by uncertainty sampling
 * (Settles 2009, "Active Learning Literature Survey", §3.1). A trained model scores every pool
 * image; the {@code -n} most uncertain are written, most uncertain first, as CSV.
 */
@Command(
    name = "suggest-labels",
    mixinStandardHelpOptions = true,
    description = {
      "Rank unlabeled images by the model's uncertainty (Settles 2009) so that the most useful "
          + "ones are labeled first: entropy (highest first), margin p1 - p2 (smallest first) or "
          + "least-confidence 1 - p1 (highest first); ties go to the lower pool index.",
      "Writes a CSV (rank, index, id, score, predicted, p1, second, p2; the id is the file's "
          + "path inside a pool folder, or the image's index in a dataset) and prints its top rows."
    })
final class SuggestLabelsCommand implements Callable<Integer> {
  /** Rows printed as text. */
  static final int SHOWN = 10;

  @Mixin Output output;

  @Mixin TorchScriptOption torchScript;

  @Mixin TrainedModelOption model;

  @Option(
      names = "--pool",
      required = true,
      paramLabel = "DIR|DATASET",
      description =
          "The unlabeled images: a folder (searched recursively; subfolder names are "
              + "ignored) or a dataset name (${COMPLETION-CANDIDATES}): its training images with "
              + "labels hidden. When the pool is the model's run's own data (the same dataset, or "
              + "its folder), the images the run trained or validated on are left out.",
      completionCandidates = DataOptions.DatasetNames.class)
  String pool;

  @Option(
      names = "-n",
      paramLabel = "N",
      description = "How many images to suggest (default: 100).")
  int count = 100;

  @Option(
      names = "--by",
      paramLabel = "SCORE",
      description = "entropy, margin or least-confidence (default: entropy).")
  String by = "entropy";

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description =
          "The CSV to write (default: suggest-labels.csv in the current folder); an "
              + "existing file is replaced only with --force.")
  Path out = Path.of("suggest-labels.csv");

  @Mixin ForceOption force;

  @Mixin OnBadImageOption onBadImage;

  @Override
  public Integer call() {
    if (count < 1) {
      throw new BadInputException("-n must be >= 1, got " + count);
    }
    Uncertainty u;
    try {
      u = Uncertainty.parse(by);
    } catch (IllegalArgumentException e) {
      throw new BadInputException("--by: " + e.getMessage(), e);
    }
    BadImagePolicy policy = onBadImage.policy();
    new OutputPlan(force).file(out, "--out").check();
    ModelSource src = model.resolve();
    Suggestions s;
    Pool p;
    try (ClassifierModel m = src.load(torchScript.permission())) {
      p = readPool(src, m.metadata(), policy);
      s =
          UncertaintyRanker.builder()
              .setUncertainty(u)
              .optCount(count)
              .optBatchSize(Reports.EVAL_BATCH)
              .build()
              .rank(FrozenModel.of(m), p.images());
    }
    String source = p.source();
    try {
      s.writeCsv(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (p.leftOut() > 0) {
      output.text(
          String.format(
              Locale.ROOT,
              "left out %d images the model's run trained or validated on (%s)",
              p.leftOut(),
              src.run().splitFile()));
    }
    output.text(
        String.format(
            Locale.ROOT,
            "%d of %d images from %s, most uncertain by %s first:",
            s.size(),
            s.poolSize(),
            source,
            u.cliName()));
    output.text(
        String.format(
            Locale.ROOT,
            "%5s  %-9s  %-12s %-6s  %s",
            "rank",
            u.cliName(),
            "predicted",
            "p1",
            "id"));
    for (Suggestion x : s.items().subList(0, Math.min(SHOWN, s.size()))) {
      output.text(
          String.format(
              Locale.ROOT,
              "%5d  %-9.4f  %-12s %.4f  %s",
              x.rank(),
              x.score(),
              s.classes().get(x.predicted()),
              x.top1(),
              x.id()));
    }
    output.text("wrote " + out);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Suggestion x : s.items()) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("rank", x.rank());
      r.put("id", x.id());
      r.put("score", x.score());
      r.put("predicted", s.classes().get(x.predicted()));
      r.put("p1", (double) x.top1());
      r.put("second", x.second() < 0 ? null : s.classes().get(x.second()));
      r.put("p2", (double) x.top2());
      rows.add(r);
    }
    output.result(
        Output.fields(
            "by",
            u.cliName(),
            "pool",
            source,
            "poolSize",
            s.poolSize(),
            "leftOut",
            p.leftOut(),
            "skipped",
            p.skipped().stream().map(Path::toString).toList(),
            "csv",
            out.toString(),
            "suggestions",
            rows));
    return Pupil.OK;
  }

  /**
   * The unlabeled images, where they came from (in words), how many the run's own images left out,
   * and the files skipped as unreadable.
   */
  private record Pool(ImageSet images, String source, int leftOut, List<Path> skipped) {}

  private Pool readPool(ModelSource src, ModelMetadata meta, BadImagePolicy policy) {
    ImageSet images;
    TrainedImages trained;
    List<Path> skipped = List.of();
    String source;
    if (DataOptions.isDatasetName(pool)) {
      if (onBadImage.given()) {
        throw new BadInputException(
            "--on-bad-image applies to a pool folder, not to dataset '" + pool + "'");
      }
      images = DatasetRegistry.system().load(pool).train().withLabelsHidden();
      trained = TrainedImages.inDataset(src, pool);
      source = pool + " (training images, labels hidden)";
    } else {
      Path dir = Path.of(pool);
      if (!Files.isDirectory(dir)) {
        throw new BadInputException(
            "--pool "
                + pool
                + " is neither a folder nor a dataset ("
                + String.join(", ", NamedDataset.names())
                + ")");
      }
      FolderReadResult r =
          UnlabeledFolderReader.builder()
              .setRoot(dir)
              .optChannels(meta.channels())
              .optSize(meta.height(), meta.width())
              .optOnBadImage(policy)
              .optClasses(meta.classes())
              .build()
              .read();
      OnBadImageOption.warn(output, r.skipped());
      images = r.images();
      skipped = r.skipped();
      trained = TrainedImages.inFolder(src, dir);
      source = pool;
    }
    if (trained.note() != null) {
      output.err().println(trained.note());
      output.err().flush();
    }
    ImageSet rest = images.without(trained.ids());
    if (rest.size() == 0) {
      throw new BadInputException(
          "--pool "
              + pool
              + ": the model's run trained or validated on "
              + "all of its "
              + images.size()
              + " images, so none is left to suggest");
    }
    return new Pool(rest, source, images.size() - rest.size(), skipped);
  }
}
