package dev.pupil.knn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Exact search: self-retrieval, deterministic ties, batch-size independence, flat memory. */
class KnnSearchTest {
  private static final int N = 60;
  private static final int DIM = 7;

  private static float[] randomFeatures(long seed, int rows) {
    Random rng = new Random(seed);
    float[] f = new float[rows * DIM];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) rng.nextGaussian();
    }
    return f;
  }

  private static int[] randomLabels(long seed, int rows, int classes) {
    Random rng = new Random(seed);
    int[] l = new int[rows];
    for (int i = 0; i < rows; i++) {
      l[i] = rng.nextInt(classes);
    }
    return l;
  }

  @ParameterizedTest
  @EnumSource(Metric.class)
  void oneNearestNeighbourOfTheTrainingSetIsItself(Metric metric) {
    float[] x = randomFeatures(1, N);
    int[] y = randomLabels(2, N, 3);
    KnnClassifier knn = KnnClassifier.builder().optK(1).optMetric(metric).optQueryBatch(16).build();
    try (KnnModel model = knn.fit(x, N, DIM, y, 3)) {
      List<KnnResult> results = model.predict(x, N);
      for (int i = 0; i < N; i++) {
        assertThat(results.get(i).neighbours()).containsExactly(i);
        assertThat(results.get(i).label()).isEqualTo(y[i]);
        assertThat(results.get(i).distances()[0]).isCloseTo(0f, within(1e-5f));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Metric.class)
  void equalDistancesGoToTheLowestIndexFirst(Metric metric) {
    // 1-D, query at 1: index 0 is the query itself, then 40 examples tie at distance 2 (odd
    // indices), interleaved with farther ones, so the tie straddles the k-th place. Cosine sees
    // only direction: with the query at 2, the 40 positive examples tie at distance 0.
    int n = 81;
    float[] x = new float[n];
    x[0] = metric == Metric.COSINE ? -1f : 1f;
    for (int i = 1; i < n; i++) {
      x[i] = i % 2 == 1 ? 3f : (metric == Metric.COSINE ? -2f : 7f);
    }
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 3;
    }
    KnnClassifier knn = KnnClassifier.builder().optK(6).optMetric(metric).build();
    try (KnnModel model = knn.fit(x, n, 1, y, 3)) {
      KnnResult r = model.predict(new float[] {metric == Metric.COSINE ? 2f : 1f}, 1).get(0);
      if (metric == Metric.COSINE) {
        // all positive examples tie at distance 0: 1, 3, 5, ... in order
        assertThat(r.neighbours()).containsExactly(1, 3, 5, 7, 9, 11);
      } else {
        assertThat(r.neighbours()).containsExactly(0, 1, 3, 5, 7, 9);
      }
    }
  }

  @Test
  void tiesInsideTheTopKAreOrderedByIndex() {
    float[] x = {5f, 1f, 5f, 1f, 9f};
    KnnClassifier knn = KnnClassifier.builder().optK(4).optMetric(Metric.L1).build();
    try (KnnModel model = knn.fit(x, 5, 1, new int[] {0, 1, 0, 1, 0}, 2)) {
      KnnResult r = model.predict(new float[] {3f}, 1).get(0);
      assertThat(r.neighbours()).containsExactly(0, 1, 2, 3);
      assertThat(r.distances()).containsExactly(2f, 2f, 2f, 2f);
    }
  }

  @ParameterizedTest
  @EnumSource(Metric.class)
  void resultsDoNotDependOnTheQueryBatch(Metric metric) {
    float[] x = randomFeatures(3, N);
    int[] y = randomLabels(4, N, 4);
    float[] q = randomFeatures(5, 23);
    List<KnnResult> reference = null;
    for (int batch : new int[] {1, 5, 23, 100}) {
      KnnClassifier knn =
          KnnClassifier.builder().optK(5).optMetric(metric).optQueryBatch(batch).build();
      try (KnnModel model = knn.fit(x, N, DIM, y, 4)) {
        List<KnnResult> results = model.predict(q, 23);
        if (reference == null) {
          reference = results;
          continue;
        }
        for (int i = 0; i < 23; i++) {
          KnnResult a = reference.get(i);
          KnnResult b = results.get(i);
          assertThat(b.neighbours())
              .as("batch %d, query %d", batch, i)
              .containsExactly(a.neighbours());
          assertThat(b.label()).isEqualTo(a.label());
          for (int j = 0; j < 5; j++) {
            assertThat(b.distances()[j]).isCloseTo(a.distances()[j], within(1e-5f));
          }
        }
      }
    }
  }

  @Test
  void predictionLeavesNoNativeArraysBehind() {
    float[] x = randomFeatures(6, N);
    KnnClassifier knn =
        KnnClassifier.builder().optK(3).optMetric(Metric.L2).optQueryBatch(4).build();
    try (KnnModel model = knn.fit(x, N, DIM, randomLabels(7, N, 2), 2)) {
      int before = model.nativeArrays();
      model.predict(x, N);
      assertThat(model.nativeArrays()).isEqualTo(before);
    }
  }
}
