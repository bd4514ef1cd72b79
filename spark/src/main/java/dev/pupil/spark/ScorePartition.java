package dev.pupil.spark;

import dev.pupil.BadInputException;
import dev.pupil.data.BadImagePolicy;
import dev.pupil.data.ImageFiles;
import dev.pupil.eval.EvalReport;
import dev.pupil.models.BatchPredictor;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.ModelMetadata;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;

/**
 * Runs the model over one partition: the model comes from this executor's {@link ModelCache}, one
 * {@link BatchPredictor} serves the whole partition, and images go through it in batches. Encoded
 * images are decoded as the folder readers decode files; one that cannot be decoded fails the job
 * naming it, or is emitted as skipped, by the {@link BadImagePolicy}. For pseudo-labels each row is
 * the softmax of the logits (as {@link ClassifierModel#softmaxInPlace}), its top class ({@link
 * EvalReport#argmax}) and that class's probability; for embeddings, the backbone's output.
 */
final class ScorePartition implements FlatMapFunction<Iterator<Row>, Row> {
  private static final long serialVersionUID = 1L;

  private final String modelPath;
  private final boolean allowTorchScript;
  private final boolean embed;
  private final boolean keepVector;
  private final boolean encoded;
  private final BadImagePolicy policy;
  private final int batchSize;
  private PartitionPicks picks;

  /**
   * @param modelPath the model file
   * @param allowTorchScript whether a TorchScript backbone may be loaded
   * @param embed embeddings rather than class probabilities
   * @param keepVector whether rows carry the probabilities (always true for embeddings)
   * @param encoded whether the bytes are encoded files (else raw C×H×W pixels)
   * @param policy what to do with an image that cannot be decoded
   * @param batchSize images per forward pass
   */
  ScorePartition(
      String modelPath,
      boolean allowTorchScript,
      boolean embed,
      boolean keepVector,
      boolean encoded,
      BadImagePolicy policy,
      int batchSize) {
    this.modelPath = modelPath;
    this.allowTorchScript = allowTorchScript;
    this.embed = embed;
    this.keepVector = keepVector || embed;
    this.encoded = encoded;
    this.policy = policy;
    this.batchSize = batchSize;
  }

  /**
   * Also gathers pseudo-label candidates, as each partition is scored.
   *
   * @param p where they go
   * @return this
   */
  ScorePartition gathering(PartitionPicks p) {
    this.picks = p;
    return this;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    ClassifierModel model = ModelCache.get(modelPath, allowTorchScript);
    ModelMetadata meta = model.metadata();
    List<Row> out = new ArrayList<>();
    try (BatchPredictor predictor = new BatchPredictor(model, embed, batchSize)) {
      int per = predictor.imageBytes();
      byte[] batch = new byte[batchSize * per];
      String[] ids = new String[batchSize];
      long[] indices = new long[batchSize];
      int n = 0;
      while (rows.hasNext()) {
        Row r = rows.next();
        String id = r.getString(0);
        long index = r.getLong(1);
        byte[] bytes = (byte[]) r.get(2);
        byte[] pixels;
        try {
          pixels =
              encoded
                  ? ImageFiles.decodeImage(bytes, id, meta.channels(), meta.height(), meta.width())
                  : bytes;
          if (pixels.length != per) {
            throw new BadInputException(
                id + " has " + pixels.length + " pixel bytes, the model expects " + per);
          }
        } catch (BadInputException e) {
          if (policy == BadImagePolicy.FAIL) {
            throw e;
          }
          out.add(ScoredRows.skipped(id, index, e.getMessage()));
          continue;
        }
        System.arraycopy(pixels, 0, batch, n * per, per);
        ids[n] = id;
        indices[n] = index;
        n++;
        if (n == batchSize) {
          flush(predictor, batch, ids, indices, n, out);
          n = 0;
        }
      }
      if (n > 0) {
        flush(predictor, batch, ids, indices, n, out);
      }
    }
    if (picks != null) {
      picks.add(TaskContext.getPartitionId(), out);
    }
    return out.iterator();
  }

  private void flush(
      BatchPredictor predictor, byte[] batch, String[] ids, long[] indices, int n, List<Row> out) {
    float[][] y = predictor.predict(batch, 0, n);
    for (int i = 0; i < n; i++) {
      float[] row = y[i];
      if (embed) {
        out.add(ScoredRows.scored(ids[i], indices[i], -1, Float.NaN, row));
      } else {
        ClassifierModel.softmaxInPlace(row);
        int label = EvalReport.argmax(row);
        out.add(ScoredRows.scored(ids[i], indices[i], label, row[label], keepVector ? row : null));
      }
    }
  }
}
