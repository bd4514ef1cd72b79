package dev.pupil.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.PairList;
import dev.pupil.data.ImageSet;
import dev.pupil.eval.EvalReport;
import dev.pupil.eval.NonFiniteLogitsException;
import dev.pupil.io.FaultPoints;
import dev.pupil.io.ProcessMemory;
import dev.pupil.models.ClassifierModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One epoch of {@link TrainingLoop}: every batch through the task, backward and the optimizer step,
 * the checks that stop a diverged run ({@link TrainingDivergedException}), and the validation pass.
 */
final class EpochPass {
  private static final long DROPOUT_STREAM = 2;

  private final ClassifierModel model;
  private final ClassifierModel evaluated;
  private final TrainConfig config;
  private final BatchSource source;
  private final TrainingTask task;
  private final ImageSet validation;
  private final List<TrainingLoop.Listener> listeners;
  private final GradientClipping clipping;

  /** The trained block's parameters, read once: clipping and the divergence checks use them. */
  private final PairList<String, Parameter> parameters;

  EpochPass(
      ClassifierModel model,
      ClassifierModel evaluated,
      TrainConfig config,
      BatchSource source,
      TrainingTask task,
      ImageSet validation,
      List<TrainingLoop.Listener> listeners) {
    this.model = model;
    this.evaluated = evaluated;
    this.config = config;
    this.source = source;
    this.task = task;
    this.validation = validation;
    this.listeners = listeners;
    this.clipping = GradientClipping.of(config);
    this.parameters = model.block().getParameters();
  }

  /**
   * @param trainer the trainer
   * @param epoch the 0-based epoch
   * @param lr the learning-rate schedule (for the epoch's last rate)
   * @param steps batches per epoch
   * @param validate whether to run the validation pass after this epoch (NaN metrics if not)
   * @return the epoch's metrics
   * @throws TrainingDivergedException when training diverges
   */
  EpochMetrics run(Trainer trainer, int epoch, Tracker lr, int steps, boolean validate) {
    source.startEpoch(config.seed(), epoch);
    Seeds.seedEngine(Seeds.derive(config.seed(), DROPOUT_STREAM, epoch));
    Map<String, Double> sums = new LinkedHashMap<>();
    Map<String, long[]> counts = new LinkedHashMap<>();
    long correct = 0;
    long labeled = 0;
    long images = 0;
    long clipped = 0;
    long dataNanos = 0;
    long perEpoch = source.imagesPerEpoch();
    long t0 = System.nanoTime();
    for (int i = 0; i < steps; i++) {
      try (NDManager bm = trainer.getManager().newSubManager()) {
        long d0 = System.nanoTime();
        TrainBatch batch = source.batch(i, bm);
        dataNanos += System.nanoTime() - d0;
        double total;
        TrainingTask.Output out;
        try (GradientCollector gc = trainer.newGradientCollector()) {
          out = task.forward(trainer, batch);
          NDArray loss = out.losses().get("total");
          gc.backward(loss);
          for (Map.Entry<String, NDArray> e : out.losses().entrySet()) {
            sums.merge(e.getKey(), (double) e.getValue().getFloat() * batch.size(), Double::sum);
          }
          for (Map.Entry<String, TrainingTask.Count> e : out.counts().entrySet()) {
            long[] c = counts.computeIfAbsent(e.getKey(), k -> new long[2]);
            c[0] += e.getValue().hits();
            c[1] += e.getValue().of();
          }
          total = loss.getFloat();
          if (batch.hardLabels() != null) {
            correct += EvalReport.correct(out.logits(), batch.hardLabels());
            labeled += labeledCount(batch.hardLabels());
          }
        }
        if (clipping != null && clipping.apply(parameters)) {
          clipped++;
        }
        trainer.step();
        images += batch.size();
        if (!Double.isFinite(total)) {
          throw TrainingDivergedException.atBatch(epoch + 1, i + 1, batch, out, parameters);
        }
        if (!listeners.isEmpty()) {
          BatchProgress p =
              new BatchProgress(
                  epoch + 1,
                  i + 1,
                  steps,
                  images,
                  perEpoch,
                  total,
                  sums.getOrDefault("total", Double.NaN) / images,
                  (System.nanoTime() - t0) / 1e9);
          for (TrainingLoop.Listener l : listeners) {
            l.onBatch(p);
          }
        }
        FaultPoints.reach("batch:" + (epoch + 1) + ":" + (i + 1));
      }
    }
    TrainingDivergedException.checkWeights(epoch + 1, parameters);
    double seconds = (System.nanoTime() - t0) / 1e9;
    Map<String, Double> means = new LinkedHashMap<>();
    for (String name : task.lossNames()) {
      means.put(name, sums.getOrDefault(name, Double.NaN) / Math.max(1, images));
    }
    double valLoss = Double.NaN;
    double valAcc = Double.NaN;
    if (validation != null && validate) {
      EvalReport r;
      try {
        r = EvalReport.evaluate(evaluated, validation, 512);
      } catch (NonFiniteLogitsException e) {
        throw TrainingDivergedException.onValidation(epoch + 1, e);
      }
      valLoss = r.loss();
      valAcc = r.accuracy();
    }
    if (clipping != null) {
      // The share of steps whose gradients were clipped, shown beside the task's own rates.
      counts.put("clipped", new long[] {clipped, steps});
    }
    return new EpochMetrics(
        epoch + 1,
        means,
        labeled == 0 ? Double.NaN : (double) correct / labeled,
        valLoss,
        valAcc,
        lr.getNewValue((epoch + 1) * steps - 1),
        seconds,
        dataNanos / 1e9,
        images / seconds,
        ProcessMemory.rssBytes(),
        rates(counts));
  }

  private static Map<String, Double> rates(Map<String, long[]> counts) {
    Map<String, Double> rates = new LinkedHashMap<>();
    counts.forEach((k, c) -> rates.put(k, c[1] == 0 ? Double.NaN : (double) c[0] / c[1]));
    return rates;
  }

  /**
   * @return how many labels are not {@link ImageSet#UNLABELED} (rows without one never count)
   */
  private static int labeledCount(int[] labels) {
    int n = 0;
    for (int l : labels) {
      n += l == ImageSet.UNLABELED ? 0 : 1;
    }
    return n;
  }
}
