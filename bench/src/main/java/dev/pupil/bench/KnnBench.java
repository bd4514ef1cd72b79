package dev.pupil.bench;

import dev.pupil.data.ImageSet;
import dev.pupil.data.LoadedDataset;
import dev.pupil.data.NamedDataset;
import dev.pupil.io.AtomicFiles;
import dev.pupil.io.Json;
import dev.pupil.io.Provenance;
import dev.pupil.knn.FeatureMatrix;
import dev.pupil.knn.KnnClassifier;
import dev.pupil.knn.KnnModel;
import dev.pupil.knn.KnnResult;
import dev.pupil.knn.Metric;
import dev.pupil.knn.PixelFeatures;
import dev.pupil.knn.Vote;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exact k-NN (Cover &amp; Hart 1967) on raw Fashion-MNIST pixels (Xiao et al. 2017,
 * arXiv:1708.07747): accuracy of k = 1 and 5 under L2 and cosine with majority vote, and the time
 * of {@link KnnModel#predict} against the bare distance-matrix pipeline ({@link BareDistances})
 * with the same query batching. Runs are interleaved (k-NN, bare, k-NN, bare, …) and reported as
 * medians; the target is k-NN ≤ 1.5 × bare.
 *
 * <p>Usage: {@code KnnBench [--data DIR] [--queries M] [--batch B] [--repeats R] [--out DIR]}. The
 * data folder defaults to where Pupil finds fashion-mnist ({@code $PUPIL_DATA/fashion-mnist}, the
 * user cache, then {@code /usr/share/datasets/fashion-mnist}).
 */
public final class KnnBench {
  private record Setting(Metric metric, int k) {
    String name() {
      return metric + " k=" + k;
    }
  }

  private KnnBench() {}

  /**
   * @param args see the class comment
   * @throws IOException when the results cannot be written
   */
  public static void main(String[] args) throws IOException {
    Path data = null;
    int queries = 10_000;
    int batch = 256;
    int repeats = 3;
    Path out = Path.of("bench/results");
    for (int i = 0; i < args.length; i++) {
      String v = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--data" -> data = Path.of(need(args[i], v));
        case "--queries" -> queries = Integer.parseInt(need(args[i], v));
        case "--batch" -> batch = Integer.parseInt(need(args[i], v));
        case "--repeats" -> repeats = Integer.parseInt(need(args[i], v));
        case "--out" -> out = Path.of(need(args[i], v));
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
      i++;
    }
    String loadBefore = loadAverage();
    LoadedDataset fashion =
        data == null ? BenchSupport.fashion() : NamedDataset.FASHION_MNIST.read(data);
    data = fashion.dir();
    ImageSet train = fashion.train();
    ImageSet test = fashion.test();
    FeatureMatrix x = PixelFeatures.of(train);
    FeatureMatrix all = PixelFeatures.of(test);
    int m = Math.min(queries, all.rows());
    FeatureMatrix q = new FeatureMatrix(Arrays.copyOf(all.data(), m * all.cols()), m, all.cols());
    int[] truth = Arrays.copyOf(test.labels(), m);
    System.out.printf(
        "train %d × %d, queries %d, batch %d, repeats %d%n", x.rows(), x.cols(), m, batch, repeats);

    List<Setting> settings =
        List.of(
            new Setting(Metric.L2, 1), new Setting(Metric.L2, 5),
            new Setting(Metric.COSINE, 1), new Setting(Metric.COSINE, 5));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Metric metric : new Metric[] {Metric.L2, Metric.COSINE}) {
      List<Setting> mine = settings.stream().filter(s -> s.metric() == metric).toList();
      rows.addAll(measure(metric, mine, x, train.labels(), q, truth, batch, repeats));
    }

    System.out.println();
    System.out.printf("%-12s %9s %9s %9s %7s%n", "config", "accuracy", "knn s", "bare s", "ratio");
    for (Map<String, Object> r : rows) {
      System.out.printf(
          "%-12s %9.4f %9.2f %9.2f %7.2f%n",
          r.get("config"),
          r.get("accuracy"),
          r.get("knnMedianSeconds"),
          r.get("bareMedianSeconds"),
          r.get("ratio"));
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("benchmark", "knn-pixels");
    json.put("date", OffsetDateTime.now().toString());
    json.put("command", ProcessHandle.current().info().commandLine().orElse("unknown"));
    json.put("args", List.of(args));
    json.put(
        "dataset",
        Map.of(
            "name",
            "fashion-mnist",
            "path",
            data.toString(),
            "train",
            x.rows(),
            "queries",
            m,
            "dim",
            x.cols()));
    json.put("settings", Map.of("queryBatch", batch, "repeats", repeats, "vote", "MAJORITY"));
    json.put("provenance", Provenance.collect().toMap());
    // The machine is shared: 1/5/15-minute load averages show how contended the timings were.
    json.put("loadAverage", Map.of("start", loadBefore, "end", loadAverage()));
    json.put("results", rows);
    Path file = out.resolve("knn-" + LocalDate.now() + ".json");
    AtomicFiles.writeString(file, Json.PRETTY.toJson(json) + "\n");
    System.out.println("wrote " + file);
  }

  private static List<Map<String, Object>> measure(
      Metric metric,
      List<Setting> settings,
      FeatureMatrix x,
      int[] labels,
      FeatureMatrix q,
      int[] truth,
      int batch,
      int repeats) {
    List<KnnModel> models = new ArrayList<>();
    try (BareDistances bare = new BareDistances(x, metric)) {
      for (Setting s : settings) {
        models.add(
            KnnClassifier.builder()
                .optK(s.k())
                .optMetric(metric)
                .optVote(Vote.MAJORITY)
                .optQueryBatch(batch)
                .build()
                .fit(x, labels, 10));
      }
      // Warm-up: JIT, allocator and thread pools, on a slice of the queries.
      FeatureMatrix warm =
          new FeatureMatrix(
              Arrays.copyOf(q.data(), Math.min(q.rows(), 2 * batch) * q.cols()),
              Math.min(q.rows(), 2 * batch),
              q.cols());
      for (KnnModel model : models) {
        model.predict(warm);
      }
      bare.run(warm, batch);

      double[][] knnTimes = new double[settings.size()][repeats];
      double[][] bareTimes = new double[settings.size()][repeats];
      int[][] predicted = new int[settings.size()][];
      boolean deterministic = true;
      for (int r = 0; r < repeats; r++) {
        for (int s = 0; s < settings.size(); s++) {
          long t0 = System.nanoTime();
          List<KnnResult> res = models.get(s).predict(q);
          knnTimes[s][r] = (System.nanoTime() - t0) / 1e9;
          int[] labs = res.stream().mapToInt(KnnResult::label).toArray();
          deterministic &= predicted[s] == null || Arrays.equals(predicted[s], labs);
          predicted[s] = labs;
          t0 = System.nanoTime();
          bare.run(q, batch);
          bareTimes[s][r] = (System.nanoTime() - t0) / 1e9;
          System.out.printf(
              "  %-12s repeat %d: knn %.2f s, bare %.2f s%n",
              settings.get(s).name(), r, knnTimes[s][r], bareTimes[s][r]);
        }
      }
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int s = 0; s < settings.size(); s++) {
        int correct = 0;
        for (int i = 0; i < truth.length; i++) {
          correct += predicted[s][i] == truth[i] ? 1 : 0;
        }
        double knn = median(knnTimes[s]);
        double bareMedian = median(bareTimes[s]);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("config", settings.get(s).name());
        row.put("metric", metric.toString());
        row.put("k", settings.get(s).k());
        row.put("accuracy", correct / (double) truth.length);
        row.put("knnSeconds", knnTimes[s]);
        row.put("bareSeconds", bareTimes[s]);
        row.put("knnMedianSeconds", knn);
        row.put("bareMedianSeconds", bareMedian);
        row.put("ratio", knn / bareMedian);
        row.put("deterministicAcrossRepeats", deterministic);
        rows.add(row);
      }
      return rows;
    } finally {
      models.forEach(KnnModel::close);
    }
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static String need(String option, String value) {
    if (value == null) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }
}
