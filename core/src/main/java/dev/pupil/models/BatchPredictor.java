package dev.pupil.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.pupil.data.Normalization;

/**
 * Runs a {@link ClassifierModel} in inference mode over batches of raw C×H×W bytes: normalizes them
 * with the model's {@link Normalization}, runs the network (or its backbone, for embeddings) and
 * returns one float row per image. It holds a native sub-manager of the model's, released by {@link
 * #close()}, and each batch runs in its own sub-manager of that.
 *
 * <p>Every batch runs at exactly the batch size, a shorter one padded with zeros: libtorch's CPU
 * kernels give last-bit differences between batch sizes (measured: a 10-image batch and a 16-image
 * batch disagree on some rows), but not between positions in batches of one size, so with padding
 * an image's numbers do not depend on which images share its batch.
 *
 * <p>This is the one inference path: {@link ClassifierModel#logits} and {@link
 * ClassifierModel#embeddings} use it, and so does the Spark engine (one predictor per partition),
 * so every engine gives the same numbers for the same batches. Several predictors of one model may
 * run in different threads.
 */
public final class BatchPredictor implements AutoCloseable {
  private final ClassifierModel model;
  private final boolean embed;
  private final NDManager scope;
  private final ParameterStore parameters;
  private final int per;
  private final int batchSize;

  /**
   * @param model the trained model (stays the caller's to close, after this predictor)
   * @param embed whether to return backbone outputs (embeddings) instead of class logits
   * @param batchSize the size every batch runs at, &gt;= 1
   */
  public BatchPredictor(ClassifierModel model, boolean embed, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    this.model = model;
    this.embed = embed;
    this.batchSize = batchSize;
    this.scope = model.djlModel().getNDManager().newSubManager();
    this.parameters = new ParameterStore(scope, false);
    ModelMetadata m = model.metadata();
    this.per = m.channels() * m.height() * m.width();
  }

  /**
   * @return bytes per image the model expects, C×H×W
   */
  public int imageBytes() {
    return per;
  }

  /**
   * Runs one batch.
   *
   * @param pixels at least {@code n} images of the model's C×H×W, unsigned bytes, back to back
   * @param offset the index of the first image in {@code pixels}
   * @param n images in the batch, in [1, batch size]
   * @return n rows: logits or embeddings
   */
  public float[][] predict(byte[] pixels, int offset, int n) {
    if (n < 1 || n > batchSize) {
      throw new IllegalArgumentException("n must be in [1, " + batchSize + "], got " + n);
    }
    ModelMetadata meta = model.metadata();
    Normalization norm = meta.normalization();
    int hw = meta.height() * meta.width();
    float[] x = new float[batchSize * per];
    for (int i = 0; i < n; i++) {
      norm.apply(pixels, (offset + i) * per, x, i * per, meta.channels(), hw);
    }
    try (NDManager bm = scope.newSubManager()) {
      NDArray in = bm.create(x, new Shape(batchSize, meta.channels(), meta.height(), meta.width()));
      NDList input = new NDList(in);
      ClassifierBlock block = model.block();
      NDArray y =
          embed
              ? block.embed(parameters, input, false).head()
              : block.forward(parameters, input, false).head();
      int d = (int) (y.size() / batchSize);
      float[] flat = y.toFloatArray();
      float[][] out = new float[n][];
      for (int i = 0; i < n; i++) {
        float[] row = new float[d];
        System.arraycopy(flat, i * d, row, 0, d);
        out[i] = row;
      }
      return out;
    }
  }

  @Override
  public void close() {
    scope.close();
  }
}
