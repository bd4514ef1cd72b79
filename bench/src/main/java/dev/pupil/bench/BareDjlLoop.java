package dev.pupil.bench;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.pupil.data.ImageSet;
import dev.pupil.data.Normalization;
import dev.pupil.models.ModelRegistry;
import dev.pupil.models.ModelSpec;

/**
 * The floor for Pupil's loop: a bare DJL training loop as a user would write it by hand — the whole
 * training set pre-converted to one float NDArray, batches sliced from it, DJL's own AdamW, DJL's
 * softmax cross-entropy — on the same network and batch size. No validation, metrics or
 * checkpoints.
 */
final class BareDjlLoop {
  private BareDjlLoop() {}

  /**
   * Trains one epoch over the images and returns images per second.
   *
   * @param arch registry name
   * @param images labeled images
   * @param batch batch size
   * @return throughput
   */
  static double epoch(String arch, ImageSet images, int batch) {
    Normalization norm = Normalization.fromImages(images);
    int n = images.size();
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    float[] x = new float[n * images.imageBytes()];
    norm.applyBatch(images, all, x);
    try (Model model = Model.newInstance(arch);
        NDManager data = NDManager.newBaseManager()) {
      model.setBlock(
          ModelRegistry.create(
              arch, new ModelSpec(images.channels(), images.height(), images.width(), 10)));
      NDArray xs = data.create(x, new Shape(n, images.channels(), images.height(), images.width()));
      NDArray ys = data.create(images.labels()).toType(DataType.FLOAT32, false);
      DefaultTrainingConfig cfg =
          new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
              .optOptimizer(
                  Optimizer.adamW()
                      .optLearningRateTracker(Tracker.fixed(2e-3f))
                      .optWeightDecays(5e-4f)
                      .build());
      try (Trainer trainer = model.newTrainer(cfg)) {
        trainer.initialize(new Shape(1, images.channels(), images.height(), images.width()));
        long t0 = System.nanoTime();
        int seen = 0;
        for (int s = 0; s + 1 < n; s += batch) {
          int e = Math.min(n, s + batch);
          try (NDManager bm = data.newSubManager()) {
            NDArray bx = xs.get(new NDIndex(s + ":" + e));
            NDArray by = ys.get(new NDIndex(s + ":" + e));
            bx.attach(bm);
            by.attach(bm);
            try (GradientCollector gc = trainer.newGradientCollector()) {
              NDArray out = trainer.forward(new NDList(bx)).head();
              NDArray loss = trainer.getLoss().evaluate(new NDList(by), new NDList(out));
              gc.backward(loss);
              loss.getFloat();
            }
            trainer.step();
            seen += e - s;
          }
        }
        return seen / ((System.nanoTime() - t0) / 1e9);
      }
    }
  }
}
