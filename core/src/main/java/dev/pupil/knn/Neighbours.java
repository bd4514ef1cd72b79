package dev.pupil.knn;

import java.util.function.IntFunction;

/**
 * Turns the device's top-k answer into the exact, deterministic k nearest: order by key, then by
 * training index. Package-private.
 *
 * <p>The engine's top-k returns the right values but any of several equal-keyed indices. So the
 * device is asked for k + 1 candidates: when the (k+1)-th key differs from the k-th, the set of the
 * k nearest is unique and only its order needs fixing; when they are equal, an equal-keyed example
 * may have been left out, and that row's keys are read back whole and selected here.
 */
final class Neighbours {
  private Neighbours() {}

  /**
   * @param topKeys b × kk keys from the device, ascending per row, row-major
   * @param topIndex b × kk training indices matching {@code topKeys}
   * @param kk candidates per row: k + 1, or k when k equals the training size
   * @param k neighbours to keep
   * @param fullRow reads back all keys of a row, for rows with a tie at the k-th place
   * @param outIndex b × k chosen training indices, written row-major
   * @param outKeys b × k their keys, written row-major
   * @return the number of rows that needed the full read-back
   */
  static int select(
      float[] topKeys,
      long[] topIndex,
      int kk,
      int k,
      IntFunction<float[]> fullRow,
      long[] outIndex,
      float[] outKeys) {
    int rows = topKeys.length / kk;
    int fallbacks = 0;
    for (int r = 0; r < rows; r++) {
      int in = r * kk;
      int out = r * k;
      if (kk > k && topKeys[in + k] == topKeys[in + k - 1]) {
        fallbacks++;
        selectFromRow(fullRow.apply(r), k, outIndex, outKeys, out);
      } else {
        System.arraycopy(topIndex, in, outIndex, out, k);
        System.arraycopy(topKeys, in, outKeys, out, k);
        sortByKeyThenIndex(outKeys, outIndex, out, k);
      }
    }
    return fallbacks;
  }

  /** The k smallest (key, index) pairs of a full row, in order, by bounded insertion. */
  static void selectFromRow(float[] row, int k, long[] outIndex, float[] outKeys, int out) {
    int filled = 0;
    for (int j = 0; j < row.length; j++) {
      float v = row[j];
      if (filled == k && !(v < outKeys[out + k - 1])) {
        continue; // not nearer than the current k-th; equal keys keep the lower index already held
      }
      int pos = filled == k ? k - 1 : filled++;
      while (pos > 0 && outKeys[out + pos - 1] > v) {
        outKeys[out + pos] = outKeys[out + pos - 1];
        outIndex[out + pos] = outIndex[out + pos - 1];
        pos--;
      }
      outKeys[out + pos] = v;
      outIndex[out + pos] = j;
    }
  }

  /** Insertion sort of one row segment by key, then index (k is small). */
  static void sortByKeyThenIndex(float[] keys, long[] index, int from, int len) {
    for (int i = from + 1; i < from + len; i++) {
      float v = keys[i];
      long x = index[i];
      int j = i - 1;
      while (j >= from && (keys[j] > v || (keys[j] == v && index[j] > x))) {
        keys[j + 1] = keys[j];
        index[j + 1] = index[j];
        j--;
      }
      keys[j + 1] = v;
      index[j + 1] = x;
    }
  }
}
