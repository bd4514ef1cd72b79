package dev.pupil.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.pupil.BadInputException;
import dev.pupil.augment.Augmentation;
import dev.pupil.augment.BatchMixer;
import dev.pupil.augment.ImageShape;
import dev.pupil.data.ImageSet;
import dev.pupil.data.Normalization;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Labeled images with per-image augmentation and optional batch mixing (CutMix/MixUp, soft
 * targets), prepared by a small fixed thread pool that works on the next batches while the trainer
 * runs. Deterministic: image {@code k} of the epoch's order draws its randomness from a generator
 * seeded by (run seed, epoch, k) and batch {@code b}'s mixing from (run seed, epoch, b), so a batch
 * is the same whatever the number of threads or their timing. The order is the same as {@link
 * LabeledImages}' for the same seed.
 *
 * <p>{@link #views} makes a source of several augmented views of each image, for methods that
 * compare an image's views (FixMatch's weak and strong views, Sohn et al. 2020, arXiv:2001.07685):
 * a batch holds view 0 of its n images, then view 1 of the same images, and so on; view v of image
 * k draws from (run seed, epoch, k, v), so view 0 is what a one-view source makes. Such a source
 * may hold unlabeled images; its rows carry their labels as they are.
 *
 * <p>{@link #batch} waits for its batch to be ready; the training loop counts that wait as {@code
 * dataSeconds}. Close the source to stop its threads.
 */
public final class AugmentedImages extends ShuffledImages {
  private static final long IMAGE_STREAM = 4;
  private static final long MIX_STREAM = 5;

  /**
   * One batch on the heap.
   *
   * @param images N×C×H×W normalized floats
   * @param targets N×classes soft targets, or null when not mixed
   * @param labels the N hard labels (views × n with several views)
   */
  public record Prepared(float[] images, float[] targets, int[] labels) {}

  private final Normalization normalization;

  /** One augmentation per view (an entry may be null: that view is not augmented). */
  private final List<Augmentation> views;

  private final BatchMixer mixer;
  private final ExecutorService pool;
  private final int prefetch;
  private final Map<Integer, Future<Prepared>> pending = new HashMap<>();

  /** Reused native copies the batch tensors are made on (see {@link LabeledImages}). */
  private final StagingBuffer imageBuffer;

  private final StagingBuffer targetBuffer;

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
    this(
        trainable(images),
        normalization,
        batchSize,
        Collections.singletonList(augmentation),
        mixer,
        threads);
  }

  private static ImageSet trainable(ImageSet images) {
    LabeledImages.requireTrainable(images);
    return images;
  }

  private AugmentedImages(
      ImageSet images,
      Normalization normalization,
      int batchSize,
      List<Augmentation> views,
      BatchMixer mixer,
      int threads) {
    super(atLeastTwo(images), batchSize);
    if (views.isEmpty()) {
      throw new IllegalArgumentException("views must not be empty");
    }
    if (mixer != null && views.size() > 1) {
      throw new IllegalArgumentException("a batch mixer needs a single view");
    }
    if (threads < 0) {
      throw new IllegalArgumentException("threads must be >= 0, got " + threads);
    }
    this.normalization = normalization;
    this.views = new ArrayList<>(views);
    this.mixer = mixer;
    this.prefetch = threads == 0 ? 0 : threads + 1;
    this.pool = threads == 0 ? null : Executors.newFixedThreadPool(threads, daemonThreads());
    this.imageBuffer = new StagingBuffer(views.size() * this.batchSize * images.imageBytes());
    this.targetBuffer =
        mixer == null ? null : new StagingBuffer(this.batchSize * images.classes().size());
  }

  /**
   * A source of several augmented views of each image, labeled or not.
   *
   * @param images the images (labels, where present, are passed through)
   * @param normalization the preprocessing, after augmentation
   * @param batchSize images per batch (each appears once per view)
   * @param views one augmentation per view, in order (null entries: that view unaugmented)
   * @param threads worker threads; 0 prepares each batch on the caller's thread
   * @return the source; its batches hold views × n rows, view-major
   */
  public static AugmentedImages views(
      ImageSet images,
      Normalization normalization,
      int batchSize,
      List<Augmentation> views,
      int threads) {
    return new AugmentedImages(images, normalization, batchSize, views, null, threads);
  }

  /**
   * @return the number of views of each image in a batch
   */
  public int viewCount() {
    return views.size();
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "pupil-augment-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private static ImageSet atLeastTwo(ImageSet images) {
    if (images.size() < 2) {
      throw new BadInputException("training needs at least 2 images, got " + images.size());
    }
    return images;
  }

  @Override
  public synchronized void startEpoch(long seed, int epoch) {
    pending.values().forEach(f -> f.cancel(true));
    pending.clear();
    super.startEpoch(seed, epoch);
    for (int i = 0; i < Math.min(prefetch, batchesPerEpoch()); i++) {
      submit(i);
    }
  }

  private void submit(int index) {
    int[] ord = order();
    long s = seed();
    int e = epoch();
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
      return prepare(order(), seed(), epoch(), index);
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
    float[] x = new float[views.size() * n * per];
    int[] labels = new int[views.size() * n];
    for (int v = 0; v < views.size(); v++) {
      Augmentation augmentation = views.get(v);
      for (int k = 0; k < n; k++) {
        int i = ord[start + k];
        int row = v * n + k;
        labels[row] = images.label(i);
        byte[] img = Arrays.copyOfRange(src, i * per, (i + 1) * per);
        if (augmentation != null) {
          img =
              augmentation.augment(img, shape, Seeds.random(Seeds.derive(imageSeed, start + k, v)));
        }
        normalization.apply(img, 0, x, row * per, images.channels(), hw);
      }
    }
    float[] targets = null;
    if (mixer != null) {
      BatchMixer.Params p =
          mixer.sample(
              Seeds.random(Seeds.derive(Seeds.derive(runSeed, MIX_STREAM, ep), index, 0)),
              images.height(),
              images.width());
      targets =
          BatchMixer.apply(
              x,
              n,
              images.channels(),
              images.height(),
              images.width(),
              labels,
              images.classes().size(),
              p);
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
