package dev.pupil.bench;

import dev.pupil.augment.Augmentation;
import dev.pupil.data.ImageSet;
import dev.pupil.distill.Distiller;
import dev.pupil.eval.EvalReport;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.FrozenModel;
import dev.pupil.train.ClassifierTrainer;
import dev.pupil.train.EpochMetrics;
import dev.pupil.train.TrainingDivergedException;
import dev.pupil.train.TrainingLoop;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Trains the students of {@link DistillationBench} (alone with {@link ClassifierTrainer}, or
 * distilled with {@link Distiller} from shared cached teacher logits, or from the teacher run on
 * each augmented view when there is augmentation), evaluates each on the test set and keeps a
 * record of every run.
 */
final class DistillationRunner {
  final String student;
  final int epochs;
  final FrozenModel teacher;
  final float[][] cache;
  final ImageSet train;
  final ImageSet unlabeled;
  final ImageSet test;
  final Augmentation augmentation;
  final List<Map<String, Object>> records = new ArrayList<>();

  DistillationRunner(
      String student,
      int epochs,
      FrozenModel teacher,
      float[][] cache,
      ImageSet train,
      ImageSet unlabeled,
      ImageSet test,
      Augmentation augmentation) {
    this.student = student;
    this.epochs = epochs;
    this.teacher = teacher;
    this.cache = cache;
    this.train = train;
    this.unlabeled = unlabeled;
    this.test = test;
    this.augmentation = augmentation;
  }

  /**
   * @return the test accuracy, or NaN when training diverged (recorded, the sweep goes on)
   */
  double alone(long seed) {
    return run(
        "student alone",
        null,
        seed,
        () ->
            ClassifierTrainer.builder()
                .setArchitecture(student)
                .setConfig(FashionMnistAccuracy.config(student, epochs, seed))
                .optNormalization(teacher.metadata().normalization())
                .optAugmentation(augmentation)
                .addListener(progress("alone seed " + seed))
                .build()
                .train(train, null));
  }

  /**
   * @return the test accuracy, or NaN when training diverged (recorded, the sweep goes on)
   */
  double distill(DistillationBench.Setting s, long seed) {
    return run(
        s.label(),
        s,
        seed,
        () ->
            Distiller.builder()
                .setTeacher(teacher)
                .setArchitecture(student)
                .setConfig(FashionMnistAccuracy.config(student, epochs, seed))
                .optTemperature(s.temperature())
                .optAlpha(s.alpha())
                .optTeacherLogits(augmentation == null ? cache : null)
                .optAugmentation(augmentation)
                .addListener(progress(s.label() + " seed " + seed))
                .build()
                .train(s.labeled() ? train : unlabeled, null));
  }

  private double run(
      String name,
      DistillationBench.Setting s,
      long seed,
      Supplier<ClassifierTrainer.Trained> training) {
    long t0 = System.nanoTime();
    ClassifierTrainer.Trained t;
    try {
      t = training.get();
    } catch (TrainingDivergedException e) {
      Map<String, Object> r = entry(name, s, seed);
      r.put("diverged", e.getMessage());
      r.put("trainSeconds", (System.nanoTime() - t0) / 1e9);
      records.add(r);
      System.out.printf(Locale.ROOT, "%s seed %d: %s%n", name, seed, e.getMessage());
      return Double.NaN;
    }
    return record(name, s, seed, t, t0);
  }

  private double record(
      String name, DistillationBench.Setting s, long seed, ClassifierTrainer.Trained t, long t0) {
    double seconds = (System.nanoTime() - t0) / 1e9;
    try (ClassifierModel m = t.model()) {
      double acc = EvalReport.evaluate(m, test, 1000).accuracy();
      Map<String, Object> r = entry(name, s, seed);
      r.put("testAccuracy", acc);
      r.put("trainSeconds", seconds);
      r.put("history", t.result().history());
      records.add(r);
      System.out.printf(
          Locale.ROOT, "%s seed %d: test acc %.2f%% (%.0f s)%n", name, seed, 100 * acc, seconds);
      return acc;
    }
  }

  /** The first fields of a run's record, finished or diverged. */
  private static Map<String, Object> entry(String name, DistillationBench.Setting s, long seed) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("run", name);
    r.put("setting", s);
    r.put("seed", seed);
    return r;
  }

  static TrainingLoop.Listener progress(String what) {
    return new TrainingLoop.Listener() {
      @Override
      public void onEpoch(EpochMetrics m) {
        System.out.printf(
            Locale.ROOT,
            "  %s epoch %d %s %.0f img/s%n",
            what,
            m.epoch(),
            terms(m.losses()),
            m.imagesPerSecond());
      }
    };
  }

  private static String terms(Map<String, Double> losses) {
    StringBuilder b = new StringBuilder();
    losses.forEach((k, v) -> b.append(String.format(Locale.ROOT, "%s %.4f ", k, v)));
    return b.toString().strip();
  }
}
