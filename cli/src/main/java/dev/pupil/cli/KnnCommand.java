package dev.pupil.cli;

import dev.pupil.BadInputException;
import dev.pupil.data.ImageSet;
import dev.pupil.eval.EvalReport;
import dev.pupil.knn.FeatureMatrix;
import dev.pupil.knn.KnnClassifier;
import dev.pupil.knn.KnnModel;
import dev.pupil.knn.KnnResult;
import dev.pupil.knn.Metric;
import dev.pupil.knn.PixelFeatures;
import dev.pupil.knn.Vote;
import dev.pupil.models.ClassifierModel;
import dev.pupil.report.MistakeGrid;
import dev.pupil.run.DataSpec;
import dev.pupil.run.PreparedData;
import dev.pupil.run.Reports;
import dev.pupil.run.RunConfig;
import dev.pupil.run.RunDirectory;
import dev.pupil.run.RunRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pupil knn}: k-nearest-neighbour classification (Cover &amp; Hart 1967) as search, on
 * pixels or on a trained model's embeddings; the labeled split is the index, the test set the
 * queries. Writes a run folder with config.json, eval.json and run.json.
 */
@Command(
    name = "knn",
    mixinStandardHelpOptions = true,
    description = {
      "k-NN on pixels or on a trained model's embeddings; prints the test accuracy.",
      "The labeled training split (same --seed/--labels-per-class/--val-fraction as train) is "
          + "searched."
    })
final class KnnCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin DataOptions data;

  @Mixin Output output;

  @Mixin TorchScriptOption torchScript;

  @Option(
      names = "--k",
      paramLabel = "K",
      defaultValue = "5",
      description = "Neighbours (default: 5).")
  int k;

  @Option(
      names = "--metric",
      paramLabel = "l2|l1|cosine",
      defaultValue = "l2",
      description = "Distance (default: l2).")
  Metric metric;

  @Option(
      names = "--vote",
      paramLabel = "majority|distance",
      defaultValue = "majority",
      description = "How neighbours vote: one each, or weighted by 1/distance (default: majority).")
  Vote vote;

  @Option(
      names = "--features",
      paramLabel = "pixels|RUN_DIR",
      defaultValue = "pixels",
      description = "Pixels, or the embeddings of a trained model (run folder or model file).")
  String features;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Run folder (default: runs/knn-<yyyyMMdd-HHmmss>).")
  Path out;

  @Override
  public Integer call() throws IOException {
    Instant start = Instant.now();
    if (k < 1) {
      throw new BadInputException("--k must be >= 1, got " + k);
    }
    DataSpec dataSpec = data.toSpec();
    ClassifierModel model =
        features.equals("pixels")
            ? null
            : ModelSource.resolve(Path.of(features)).load(torchScript.permission());
    try {
      PreparedData d = Data.load(dataSpec);
      if (k > d.train().size()) {
        throw new BadInputException(
            "--k " + k + " is more than the " + d.train().size() + " labeled training images");
      }
      ImageSet test = Data.relabel(d.test(), d.classes(), "the test set");
      RunDirectory run = RunFolders.fresh(out, "knn", false);
      output
          .progress()
          .printf(
              Locale.ROOT,
              "k-NN (k=%d, %s, %s vote) on %s: %d indexed, %d queries -> %s%n",
              k,
              name(metric),
              name(vote),
              features,
              d.train().size(),
              test.size(),
              run.root());
      output.progress().flush();
      float[][] scores = scores(d.train(), test, d.classes(), k, metric, vote, model);
      EvalReport report = EvalReport.of(scores, test.labels(), d.classes());
      Map<String, Object> settings = new LinkedHashMap<>();
      settings.put("k", k);
      settings.put("metric", name(metric));
      settings.put("vote", name(vote));
      settings.put("features", features);
      settings.put("featureDimension", featureDimension(d.train(), model));
      run.writeJson(
          run.configFile(),
          new RunConfig(
              "knn",
              d.spec(),
              d.location(),
              d.testSource(),
              d.sizes(),
              "knn",
              null,
              settings,
              d.shape(),
              d.classes(),
              null,
              null,
              null));
      run.writeSplit(d.split());
      run.writeJson(run.evalFile(), report);
      MistakeGrid.write(run.root(), test, scores, d.classes());
      Map<String, Object> results = new LinkedHashMap<>();
      results.put("runDir", run.root().toString());
      results.put("knn", settings);
      results.put("testAccuracy", report.accuracy());
      results.put("testTop5", report.top5());
      results.put("testMacroF1", report.macroF1());
      results.put("splitSizes", d.sizes());
      RunRecord.write(run, dataSpec.seed(), start, Pupil.typed(spec), results);
      output.text("run folder: " + run.root());
      output.text(
          String.format(
              Locale.ROOT,
              "test accuracy: %s (macro F1 %.4f)",
              EpochProgress.percent(report.accuracy()),
              report.macroF1()));
      output.result(results);
    } finally {
      if (model != null) {
        model.close();
      }
    }
    return Pupil.OK;
  }

  /**
   * Exact k-NN of the test images among the training images, scored.
   *
   * @param train labeled images to search
   * @param test labeled queries
   * @param classes class names
   * @param k neighbours
   * @param metric the distance
   * @param vote how neighbours vote
   * @param model a model whose embeddings to search, or null for pixels
   * @return the test report
   */
  static EvalReport evaluate(
      ImageSet train,
      ImageSet test,
      List<String> classes,
      int k,
      Metric metric,
      Vote vote,
      ClassifierModel model) {
    return EvalReport.of(
        scores(train, test, classes, k, metric, vote, model), test.labels(), classes);
  }

  /**
   * Runs k-NN over the test images.
   *
   * @return per test image, the log of each class's vote share (a softmax gives the shares back)
   */
  static float[][] scores(
      ImageSet train,
      ImageSet test,
      List<String> classes,
      int k,
      Metric metric,
      Vote vote,
      ClassifierModel model) {
    try (KnnModel knn =
        KnnClassifier.builder()
            .optK(k)
            .optMetric(metric)
            .optVote(vote)
            .build()
            .fit(features(train, model), train.labels(), classes.size())) {
      return logScores(knn.predict(features(test, model)));
    }
  }

  /**
   * @return the length of one image's feature vector: C·H·W pixels, or the embedding's size
   */
  private static int featureDimension(ImageSet images, ClassifierModel model) {
    return model == null
        ? images.imageBytes()
        : model.embeddings(images.subset(new int[] {0}), 1)[0].length;
  }

  private static FeatureMatrix features(ImageSet images, ClassifierModel model) {
    if (model == null) {
      return PixelFeatures.of(images);
    }
    float[][] e = model.embeddings(images, Reports.EVAL_BATCH);
    int dim = e[0].length;
    float[] flat = new float[e.length * dim];
    for (int i = 0; i < e.length; i++) {
      System.arraycopy(e[i], 0, flat, i * dim, dim);
    }
    return new FeatureMatrix(flat, e.length, dim);
  }

  /** Vote shares as logits whose softmax gives them back, so the report's loss is their CE. */
  private static float[][] logScores(List<KnnResult> results) {
    float[][] z = new float[results.size()][];
    for (int i = 0; i < z.length; i++) {
      float[] s = results.get(i).scores();
      z[i] = new float[s.length];
      for (int c = 0; c < s.length; c++) {
        z[i][c] = (float) Math.log(s[c] + 1e-6);
      }
    }
    return z;
  }

  private static String name(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }
}
