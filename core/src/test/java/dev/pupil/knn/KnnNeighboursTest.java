package dev.pupil.knn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The engine-independent part of tie breaking: whatever equal-keyed indices top-k returned. */
class KnnNeighboursTest {

  @Test
  void aTieAtTheKthPlaceReadsTheRowBackAndKeepsTheLowestIndices() {
    float[] row = {5f, 1f, 3f, 1f, 1f, 0f};
    // An engine may return any of the equal-keyed indices: here 4 and 3 rather than 1 and 3.
    float[] topKeys = {0f, 1f, 1f, 1f};
    long[] topIndex = {5, 4, 3, 1};
    long[] index = new long[3];
    float[] keys = new float[3];
    int fallbacks = Neighbours.select(topKeys, topIndex, 4, 3, r -> row, index, keys);
    assertThat(fallbacks).isEqualTo(1);
    assertThat(index).containsExactly(5, 1, 3);
    assertThat(keys).containsExactly(0f, 1f, 1f);
  }

  @Test
  void withoutATieAtTheKthPlaceOnlyTheOrderIsFixed() {
    float[] topKeys = {1f, 1f, 2f, 3f};
    long[] topIndex = {7, 2, 9, 0};
    long[] index = new long[3];
    float[] keys = new float[3];
    int fallbacks =
        Neighbours.select(
            topKeys,
            topIndex,
            4,
            3,
            r -> {
              throw new AssertionError("no read-back expected");
            },
            index,
            keys);
    assertThat(fallbacks).isZero();
    assertThat(index).containsExactly(2, 7, 9);
  }
}
