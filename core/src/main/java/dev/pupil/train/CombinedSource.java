package dev.pupil.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.List;

/**
 * Batches drawn from several sources at once: every training batch concatenates one batch of each
 * source, so the ratio of their batch sizes is the ratio of, say, labeled to pseudo-labeled images
 * in every step (as Noisy Student and FixMatch train). The first source is the primary one and
 * defines the epoch; the others cycle, starting a new pass of their own (with a fresh derived
 * order) whenever they run out. Hard labels stay hard when every part has them; otherwise hard
 * parts become one-hot and all targets are soft (N × C), which the loss accepts.
 */
public final class CombinedSource implements BatchSource {
  private final List<BatchSource> sources;
  private final int numClasses;
  private final int[] passes;
  private long seed;
  private int epoch;

  /**
   * @param sources the primary source first, then the others
   * @param numClasses number of classes, for one-hot targets
   */
  public CombinedSource(List<BatchSource> sources, int numClasses) {
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("sources must not be empty");
    }
    for (BatchSource s : sources) {
      if (s.batchesPerEpoch() < 1) {
        throw new IllegalArgumentException("every source needs at least one batch");
      }
    }
    this.sources = List.copyOf(sources);
    this.numClasses = numClasses;
    this.passes = new int[sources.size()];
  }

  @Override
  public int batchesPerEpoch() {
    return sources.get(0).batchesPerEpoch();
  }

  @Override
  public int imagesPerEpoch() {
    int n = sources.get(0).imagesPerEpoch();
    int steps = batchesPerEpoch();
    for (int k = 1; k < sources.size(); k++) {
      BatchSource s = sources.get(k);
      n += (int) Math.round((double) s.imagesPerEpoch() / s.batchesPerEpoch() * steps);
    }
    return n;
  }

  @Override
  public void startEpoch(long seed, int epoch) {
    this.seed = seed;
    this.epoch = epoch;
    sources.get(0).startEpoch(seed, epoch);
  }

  @Override
  public TrainBatch batch(int index, NDManager manager) {
    NDList images = new NDList();
    NDList targets = new NDList();
    int[][] hard = new int[sources.size()][];
    boolean allHard = true;
    for (int k = 0; k < sources.size(); k++) {
      BatchSource s = sources.get(k);
      int local = index;
      if (k > 0) {
        // Secondary sources cycle: global step → (pass, batch within pass).
        long step = (long) epoch * batchesPerEpoch() + index;
        int pass = (int) (step / s.batchesPerEpoch());
        local = (int) (step % s.batchesPerEpoch());
        if (local == 0 || passes[k] != pass + 1) {
          s.startEpoch(Seeds.derive(seed, 100 + k, pass), pass);
          passes[k] = pass + 1;
        }
      }
      TrainBatch b = s.batch(local, manager);
      images.add(b.images());
      targets.add(b.targets());
      hard[k] = b.hardLabels();
      allHard &= b.targets().getShape().dimension() == 1;
    }
    NDArray x = NDArrays.concat(images);
    NDArray y;
    if (allHard) {
      NDList asInt = new NDList();
      for (NDArray t : targets) {
        asInt.add(t.toType(DataType.INT32, false));
      }
      y = NDArrays.concat(asInt);
    } else {
      NDList soft = new NDList();
      for (NDArray t : targets) {
        soft.add(
            t.getShape().dimension() == 1
                ? t.toType(DataType.INT32, false).oneHot(numClasses, DataType.FLOAT32)
                : t.toType(DataType.FLOAT32, false));
      }
      y = NDArrays.concat(soft);
    }
    return new TrainBatch(x, y, concatLabels(hard));
  }

  private static int[] concatLabels(int[][] parts) {
    int n = 0;
    for (int[] p : parts) {
      if (p == null) {
        return null;
      }
      n += p.length;
    }
    int[] out = new int[n];
    int at = 0;
    for (int[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  /** Closes every part. */
  @Override
  public void close() {
    sources.forEach(BatchSource::close);
  }
}
