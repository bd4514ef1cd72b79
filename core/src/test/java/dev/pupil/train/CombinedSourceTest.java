package dev.pupil.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.pupil.augment.AugmentSpec;
import dev.pupil.data.ImageSet;
import dev.pupil.data.Normalization;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CombinedSourceTest {
  private static final ImageSet A = SyntheticData.bars(16, 4, 8, 1);
  private static final ImageSet B = SyntheticData.bars(12, 4, 8, 2);
  private static final Normalization NORM = Normalization.fromImages(A);

  @Test
  void everyBatchHoldsOneBatchOfEachSource() {
    CombinedSource s =
        new CombinedSource(
            List.of(new LabeledImages(A, NORM, 4), new LabeledImages(B, NORM, 8)), 4);
    assertThat(s.batchesPerEpoch()).isEqualTo(4);
    assertThat(s.imagesPerEpoch()).isEqualTo(16 + 4 * 6);
    s.startEpoch(3, 0);
    try (NDManager m = NDManager.newBaseManager()) {
      for (int i = 0; i < s.batchesPerEpoch(); i++) {
        try (NDManager bm = m.newSubManager()) {
          TrainBatch b = s.batch(i, bm);
          // 4 from A; B's 12 images come as batches of 8 then 4.
          int expected = 4 + (i % 2 == 0 ? 8 : 4);
          assertThat(b.size()).isEqualTo(expected);
          assertThat(b.targets().getShape().dimension()).isEqualTo(1);
          assertThat(b.hardLabels()).hasSize(expected);
        }
      }
    }
  }

  @Test
  void secondarySourceCyclesThroughAllItsImagesAcrossEpochBoundaries() {
    // B has 12 images in batches of 8 → passes of 2 batches (8 + 4); A gives 4 steps per epoch.
    CombinedSource s =
        new CombinedSource(
            List.of(new LabeledImages(A, NORM, 4), new LabeledImages(B, NORM, 8)), 4);
    int[] seenPerClass = new int[4];
    try (NDManager m = NDManager.newBaseManager()) {
      for (int epoch = 0; epoch < 2; epoch++) {
        s.startEpoch(5, epoch);
        for (int i = 0; i < s.batchesPerEpoch(); i++) {
          try (NDManager bm = m.newSubManager()) {
            int[] labels = s.batch(i, bm).hardLabels();
            for (int k = 4; k < labels.length; k++) { // after A's 4
              seenPerClass[labels[k]]++;
            }
          }
        }
      }
    }
    // 8 steps = 4 full passes over B's 12 images (3 per class each).
    assertThat(seenPerClass).containsExactly(12, 12, 12, 12);
  }

  @Test
  void sameSeedGivesTheSameBatches() {
    float[][] first = new float[2][];
    for (int run = 0; run < 2; run++) {
      CombinedSource s =
          new CombinedSource(
              List.of(new LabeledImages(A, NORM, 4), new LabeledImages(B, NORM, 8)), 4);
      s.startEpoch(9, 1);
      try (NDManager m = NDManager.newBaseManager()) {
        first[run] = s.batch(2, m).images().toFloatArray();
      }
    }
    assertThat(first[1]).containsExactly(first[0]);
  }

  @Test
  void hardAndSoftPartsBecomeSoftTargetsThatSumToOne() {
    BatchSource soft =
        new BatchSource() {
          @Override
          public int batchesPerEpoch() {
            return 1;
          }

          @Override
          public int imagesPerEpoch() {
            return 2;
          }

          @Override
          public void startEpoch(long seed, int epoch) {}

          @Override
          public TrainBatch batch(int index, NDManager manager) {
            return new TrainBatch(
                manager.zeros(new Shape(2, 1, 8, 8)),
                manager.create(new float[] {0.7f, 0.3f, 0, 0, 0, 0, 0.5f, 0.5f}, new Shape(2, 4)),
                null);
          }
        };
    CombinedSource s = new CombinedSource(List.of(new LabeledImages(A, NORM, 4), soft), 4);
    s.startEpoch(1, 0);
    try (NDManager m = NDManager.newBaseManager()) {
      TrainBatch b = s.batch(0, m);
      assertThat(b.targets().getShape().getShape()).containsExactly(6, 4);
      assertThat(b.targets().sum(new int[] {1}).toFloatArray()).containsOnly(1f);
      assertThat(b.targets().get(4).toFloatArray()).containsExactly(0.7f, 0.3f, 0f, 0f);
      assertThat(b.hardLabels()).isNull();
    }
  }

  @Test
  void closingTheCombinationClosesEveryPart() {
    int[] closed = new int[1];
    BatchSource counted =
        new BatchSource() {
          @Override
          public int batchesPerEpoch() {
            return 1;
          }

          @Override
          public int imagesPerEpoch() {
            return 1;
          }

          @Override
          public void startEpoch(long seed, int epoch) {}

          @Override
          public TrainBatch batch(int index, NDManager manager) {
            throw new UnsupportedOperationException();
          }

          @Override
          public void close() {
            closed[0]++;
          }
        };
    new CombinedSource(List.of(counted, new LabeledImages(A, NORM, 4), counted), 4).close();
    assertThat(closed[0]).isEqualTo(2);
  }

  @Test
  void aTrainerStopsTheAugmentationThreadsOfItsSource() throws Exception {
    Set<Thread> before = augmentThreads();
    try (var trained =
        ClassifierTrainer.builder()
            .setArchitecture("linear")
            .setConfig(TrainConfig.builder().optEpochs(1).optBatchSize(8).optSeed(2).build())
            .optAugmentation(AugmentSpec.parse("flip"))
            .optDataThreads(2)
            .build()
            .train(A, null)
            .model()) {
      long deadline = System.nanoTime() + 5_000_000_000L;
      Set<Thread> left = augmentThreads();
      left.removeAll(before);
      while (!left.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20);
        left = augmentThreads();
        left.removeAll(before);
      }
      assertThat(left).as("augmentation threads still alive after train()").isEmpty();
    }
  }

  private static Set<Thread> augmentThreads() {
    Set<Thread> s = new HashSet<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("pupil-augment-") && t.isAlive()) {
        s.add(t);
      }
    }
    return s;
  }
}
