package dev.pupil.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.pupil.augment.Augmentation;
import dev.pupil.augment.BatchMixer;
import dev.pupil.augment.ImageShape;
import dev.pupil.data.ImageSet;
import dev.pupil.data.Normalization;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Labeled images with per-image augmentation and optional batch mixing (CutMix/MixUp, soft
 * targets), prepared by a small fixed thread pool that works on the next batches while the trainer
 * runs. Deterministic: image {@code k} of the epoch's order draws its randomness from a generator
 * seeded by (run seed, epoch, k) and batch {@code b}'s mixing from (run seed, epoch, b), so a batch
 * is the same whatever the number of threads or their timing. The order is the same as {@link
 * LabeledImages}' for the same seed.
 *
 * <p>{@link #batch} waits for its batch to be ready; the training loop counts that wait as {@code
 * dataSeconds}. Close the source to stop its threads.
 */
public final class AugmentedImages implements BatchSource, AutoCloseable {
  private static final long IMAGE_STREAM = 4;
  private static final long MIX_STREAM = 5;

  /**
   * One batch on the heap.
   *
   * @param images N×C×H×W normalized floats
   * @param targets N×classes soft targets, or null when not mixed
   * @param labels the N hard labels
   */
  public record Prepared(float[] images, float[] targets, int[] labels) {}

  private final ImageSet images;
  private final Normalization normalization;
  private final int batchSize;
  private final Augmentation augmentation;
  private final BatchMixer mixer;
  private final ExecutorService pool;
  private final int prefetch;
  private final Map<Integer, Future<Prepared>> pending = new HashMap<>();
  /** Reused native copies the batch tensors are made on (see {@link LabeledImages}). */
  private final StagingBuffer imageBuffer;

  private final StagingBuffer targetBuffer;
  private int[] order;
  private long seed;
  private int epoch;

  /**
   * @param images fully labeled images
   * @param normalization the preprocessing, after augmentation
   * @param batchSize images per batch
   * @param augmentation per-image augmentation, or null
   * @param mixer batch mixer, or null
   * @param threads worker threads; 0 prepares each batch on the caller's thread
   */
  public AugmentedImages(
      ImageSet images,
      Normalization normalization,
      int batchSize,
      Augmentation augmentation,
      BatchMixer mixer,
      int threads) {
    LabeledImages.requireTrainable(images);
    if (threads < 0) {
      throw new IllegalArgumentException("threads must be >= 0, got " + threads);
    }
    this.images = images;
    this.normalization = normalization;
    this.batchSize = Math.min(batchSize, images.size());
    this.augmentation = augmentation;
    this.mixer = mixer;
    this.prefetch = threads == 0 ? 0 : threads + 1;
    this.pool = threads == 0 ? null : Executors.newFixedThreadPool(threads, daemonThreads());
    this.order = Seeds.permutation(images.size(), Seeds.random(0));
    this.imageBuffer = new StagingBuffer(this.batchSize * images.imageBytes());
    this.targetBuffer =
        mixer == null ? null : new StagingBuffer(this.batchSize * images.classes().size());
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "pupil-augment-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public int batchesPerEpoch() {
    return LabeledImages.batchCount(images.size(), batchSize);
  }

  @Override
  public int imagesPerEpoch() {
    return Math.min(images.size(), batchesPerEpoch() * batchSize);
  }

  @Override
  public synchronized void startEpoch(long seed, int epoch) {
    pending.values().forEach(f -> f.cancel(true));
    pending.clear();
    this.seed = seed;
    this.epoch = epoch;
    order = LabeledImages.epochOrder(images.size(), seed, epoch);
    for (int i = 0; i < Math.min(prefetch, batchesPerEpoch()); i++) {
      submit(i);
    }
  }

  private void submit(int index) {
    int[] ord = order;
    long s = seed;
    int e = epoch;
    pending.put(index, pool.submit(() -> prepare(ord, s, e, index)));
  }

  @Override
  public TrainBatch batch(int index, NDManager manager) {
    Prepared p = prepared(index);
    int n = p.labels().length;
    Shape shape = new Shape(n, images.channels(), images.height(), images.width());
    NDArray in = imageBuffer.upload(manager, p.images(), shape);
    if (p.targets() == null) {
      return new TrainBatch(in, manager.create(p.labels()), p.labels());
    }
    int classes = images.classes().size();
    Shape soft = new Shape(n, classes);
    return new TrainBatch(
        in, targetBuffer.upload(manager, p.targets(), soft), dominant(p.targets(), n, classes));
  }

  /**
   * The class with the largest weight in each row of mixed targets, so that training accuracy on
   * CutMix/MixUp batches counts a prediction of the image that covers most of the mix as right.
   */
  static int[] dominant(float[] targets, int n, int classes) {
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      int best = 0;
      for (int c = 1; c < classes; c++) {
        if (targets[i * classes + c] > targets[i * classes + best]) {
          best = c;
        }
      }
      labels[i] = best;
    }
    return labels;
  }

  /**
   * The heap form of a batch of the current epoch (waits for it when it is being prepared).
   *
   * @param index batch index
   * @return the batch
   */
  public Prepared prepared(int index) {
    if (pool == null) {
      return prepare(order, seed, epoch, index);
    }
    Future<Prepared> f;
    synchronized (this) {
      f = pending.remove(index);
      if (f == null) {
        submit(index);
        f = pending.remove(index);
      }
      int ahead = index + prefetch;
      if (ahead < batchesPerEpoch() && !pending.containsKey(ahead)) {
        submit(ahead);
      }
    }
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a batch", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("preparing batch " + index + " failed", e.getCause());
    }
  }

  private Prepared prepare(int[] ord, long runSeed, int ep, int index) {
    int start = index * batchSize;
    int n = Math.min(batchSize, images.size() - start);
    int per = images.imageBytes();
    int hw = images.height() * images.width();
    ImageShape shape = new ImageShape(images.channels(), images.height(), images.width());
    long imageSeed = Seeds.derive(runSeed, IMAGE_STREAM, ep);
    byte[] src = images.pixelsView();
    float[] x = new float[n * per];
    int[] labels = new int[n];
    for (int k = 0; k < n; k++) {
      int i = ord[start + k];
      labels[k] = images.label(i);
      byte[] img = Arrays.copyOfRange(src, i * per, (i + 1) * per);
      if (augmentation != null) {
        img = augmentation.augment(img, shape, Seeds.random(Seeds.derive(imageSeed, start + k, 0)));
      }
      normalization.apply(img, 0, x, k * per, images.channels(), hw);
    }
    float[] targets = null;
    if (mixer != null) {
      BatchMixer.Params p =
          mixer.sample(
              Seeds.random(Seeds.derive(Seeds.derive(runSeed, MIX_STREAM, ep), index, 0)),
              images.height(), images.width());
      targets =
          BatchMixer.apply(
              x, n, images.channels(), images.height(), images.width(), labels,
              images.classes().size(), p);
    }
    return new Prepared(x, targets, labels);
  }

  @Override
  public synchronized void close() {
    if (pool != null) {
      pending.values().forEach(f -> f.cancel(true));
      pending.clear();
      pool.shutdownNow();
    }
  }
}
