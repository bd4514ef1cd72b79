package dev.pupil.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pupil.knn.FeatureMatrix;
import dev.pupil.knn.Metric;
import org.junit.jupiter.api.Test;

/** The bare pipeline computes real distances (so the benchmark compares like with like). */
class BareDistancesTest {

  @Test
  void l2ChecksumIsTheFirstSquaredDistanceOfEachBatch() {
    FeatureMatrix train = new FeatureMatrix(new float[] {1, 0, 0, 2}, 2, 2);
    FeatureMatrix queries = new FeatureMatrix(new float[] {1, 1, 3, 0, 0, 0}, 3, 2);
    try (BareDistances bare = new BareDistances(train, Metric.L2)) {
      // batches {q0, q1}, {q2}: ||q0 - x0||² = 1, ||q2 - x0||² = 1
      assertThat(bare.run(queries, 2)).isCloseTo(2.0, within(1e-5));
      // batches {q0}, {q1}, {q2}: 1 + 4 + 1
      assertThat(bare.run(queries, 1)).isCloseTo(6.0, within(1e-5));
    }
  }

  @Test
  void cosineChecksumIsOneMinusCosine() {
    FeatureMatrix train = new FeatureMatrix(new float[] {1, 0}, 1, 2);
    FeatureMatrix queries = new FeatureMatrix(new float[] {0, 5}, 1, 2);
    try (BareDistances bare = new BareDistances(train, Metric.COSINE)) {
      assertThat(bare.run(queries, 4)).isCloseTo(1.0, within(1e-6));
    }
  }
}
