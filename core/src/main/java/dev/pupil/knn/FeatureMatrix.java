package dev.pupil.knn;

import java.util.Arrays;
import java.util.Objects;

/**
 * A dense row-major matrix of features, one row per example: raw pixels, or embeddings from a
 * network. It holds no native memory.
 *
 * @param data rows × cols values, row-major; shared, not copied, so do not write it afterwards
 * @param rows the number of examples, {@code >= 1}
 * @param cols the feature dimension, {@code >= 1}
 */
public record FeatureMatrix(float[] data, int rows, int cols) {

  /**
   * Checks the shape and that every value is finite.
   *
   * @throws IllegalArgumentException naming the field and the bad value
   */
  public FeatureMatrix {
    Objects.requireNonNull(data, "data");
    if (rows < 1) {
      throw new IllegalArgumentException("rows must be >= 1, got " + rows);
    }
    if (cols < 1) {
      throw new IllegalArgumentException("cols must be >= 1, got " + cols);
    }
    if ((long) rows * cols != data.length) {
      throw new IllegalArgumentException(
          "data holds " + data.length + " values, expected rows × cols = " + rows + " × " + cols);
    }
    for (int i = 0; i < data.length; i++) {
      if (!Float.isFinite(data[i])) {
        throw new IllegalArgumentException(
            "data["
                + i
                + "] (row "
                + i / cols
                + ", col "
                + i % cols
                + ") is "
                + data[i]
                + "; features must be finite");
      }
    }
  }

  /**
   * @param i row index
   * @return a copy of row {@code i}
   */
  public float[] row(int i) {
    Objects.checkIndex(i, rows);
    float[] r = new float[cols];
    System.arraycopy(data, i * cols, r, 0, cols);
    return r;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FeatureMatrix f
        && rows == f.rows
        && cols == f.cols
        && Arrays.equals(data, f.data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * rows + cols) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "FeatureMatrix[" + rows + " × " + cols + "]";
  }
}
