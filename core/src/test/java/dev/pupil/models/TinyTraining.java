package dev.pupil.models;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.pupil.loss.SoftTargetCrossEntropy;
import dev.pupil.train.Seeds;
import dev.pupil.train.SupervisedTask;
import dev.pupil.train.TrainBatch;
import dev.pupil.train.TrainingTask;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Two SGD steps (learning rate 0.01: plain VGG diverges at 0.05 on random inputs) of a network on a
 * tiny random batch, through {@link SupervisedTask}.
 */
final class TinyTraining {
  private TinyTraining() {}

  /**
   * What happened.
   *
   * @param before inference loss before the steps
   * @param after inference loss after them
   * @param terms the loss terms of the last step, by name, in order
   */
  record Losses(double before, double after, Map<String, Double> terms) {}

  static Losses twoSteps(String name, ModelSpec spec, ModelOptions options, int n) {
    Seeds.seedEngine(11);
    return twoSteps(name, ModelRegistry.create(name, spec, options), spec, n);
  }

  static Losses twoSteps(String name, ClassifierBlock block, ModelSpec spec, int n) {
    Shape shape = new Shape(n, spec.channels(), spec.height(), spec.width());
    try (Model model = Model.newInstance(name)) {
      model.setBlock(block);
      block.initialize(model.getNDManager(), DataType.FLOAT32, shape);
      SoftTargetCrossEntropy ce = new SoftTargetCrossEntropy();
      DefaultTrainingConfig config =
          new DefaultTrainingConfig(ce)
              .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.01f)).build());
      try (Trainer trainer = model.newTrainer(config);
          NDManager m = trainer.getManager().newSubManager()) {
        NDArray x = m.randomNormal(shape);
        float[] labels = new float[n];
        for (int i = 0; i < n; i++) {
          labels[i] = i % spec.numClasses();
        }
        NDArray y = m.create(labels);
        double before = inferenceLoss(block, m, x, y, ce);
        TrainingTask task = new SupervisedTask(0f, block.auxiliaryOutputs() > 0);
        Map<String, NDArray> terms = null;
        for (int step = 0; step < 2; step++) {
          try (GradientCollector gc = trainer.newGradientCollector()) {
            TrainingTask.Output out = task.forward(trainer, new TrainBatch(x, y, null));
            terms = out.losses();
            gc.backward(terms.get("total"));
          }
          trainer.step();
        }
        double after = inferenceLoss(block, m, x, y, ce);
        Map<String, Double> values = new LinkedHashMap<>();
        terms.forEach((k, v) -> values.put(k, (double) v.getFloat()));
        return new Losses(before, after, values);
      }
    }
  }

  private static double inferenceLoss(
      ClassifierBlock block, NDManager m, NDArray x, NDArray y, SoftTargetCrossEntropy ce) {
    NDList logits = block.forward(new ParameterStore(m, false), new NDList(x), false);
    return ce.evaluate(new NDList(y), new NDList(logits.head())).getFloat();
  }
}
