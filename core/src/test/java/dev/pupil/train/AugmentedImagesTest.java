package dev.pupil.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import dev.pupil.augment.AugmentSpec;
import dev.pupil.augment.BatchMixer;
import dev.pupil.data.ImageSet;
import dev.pupil.data.Normalization;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AugmentedImagesTest {
  private static final ImageSet TRAIN = SyntheticData.bars(20, 4, 12, 1);
  private static final Normalization NORM = Normalization.fromImages(TRAIN);

  private static List<AugmentedImages.Prepared> epoch(int threads, int epoch) {
    List<AugmentedImages.Prepared> out = new ArrayList<>();
    try (AugmentedImages src =
        new AugmentedImages(
            TRAIN,
            NORM,
            6,
            AugmentSpec.parse("flip,crop:2,rand-n2-m9-mstd0.5"),
            BatchMixer.parse("cutmix:1.0,mixup:0.2"),
            threads)) {
      src.startEpoch(7, epoch);
      for (int b = 0; b < src.batchesPerEpoch(); b++) {
        out.add(src.prepared(b));
      }
    }
    return out;
  }

  @Test
  void sameSeedGivesTheSameBatchesWhateverTheThreadCount() {
    List<AugmentedImages.Prepared> inline = epoch(0, 1);
    for (int threads : new int[] {1, 3}) {
      List<AugmentedImages.Prepared> pooled = epoch(threads, 1);
      assertThat(pooled).hasSameSizeAs(inline);
      for (int b = 0; b < inline.size(); b++) {
        assertThat(pooled.get(b).images()).as("batch " + b).isEqualTo(inline.get(b).images());
        assertThat(pooled.get(b).targets()).isEqualTo(inline.get(b).targets());
        assertThat(pooled.get(b).labels()).isEqualTo(inline.get(b).labels());
      }
    }
  }

  @Test
  void epochsDifferAndBatchesCoverTheSetOnce() {
    List<AugmentedImages.Prepared> e1 = epoch(2, 1);
    List<AugmentedImages.Prepared> e2 = epoch(2, 2);
    assertThat(e1.get(0).images()).isNotEqualTo(e2.get(0).images());
    int n = e1.stream().mapToInt(p -> p.labels().length).sum();
    assertThat(n).isEqualTo(20);
  }

  @Test
  void mixedBatchesCarrySoftTargetsToTheDevice() {
    try (AugmentedImages src =
            new AugmentedImages(TRAIN, NORM, 8, null, BatchMixer.parse("mixup:0.4"), 1);
        NDManager m = NDManager.newBaseManager()) {
      src.startEpoch(3, 0);
      TrainBatch b = src.batch(0, m);
      assertThat(b.targets().getShape().dimension()).isEqualTo(2);
      assertThat(b.targets().getShape().get(1)).isEqualTo(4);
      float[] sums = b.targets().sum(new int[] {1}).toFloatArray();
      for (float s : sums) {
        assertThat(s).isBetween(0.9999f, 1.0001f);
      }
      // Training accuracy counts against each row's dominant class.
      float[] t = b.targets().toFloatArray();
      int[] dominant = b.hardLabels();
      assertThat(dominant).hasSize(8);
      for (int i = 0; i < 8; i++) {
        for (int c = 0; c < 4; c++) {
          assertThat(t[i * 4 + dominant[i]]).isGreaterThanOrEqualTo(t[i * 4 + c]);
        }
      }
    }
  }

  @Test
  void withoutAugmentationTheBatchesEqualLabeledImages() {
    try (AugmentedImages aug = new AugmentedImages(TRAIN, NORM, 6, null, null, 2);
        NDManager m = NDManager.newBaseManager()) {
      LabeledImages plain = new LabeledImages(TRAIN, NORM, 6);
      aug.startEpoch(5, 2);
      plain.startEpoch(5, 2);
      for (int b = 0; b < plain.batchesPerEpoch(); b++) {
        assertThat(aug.batch(b, m).images().toFloatArray())
            .isEqualTo(plain.batch(b, m).images().toFloatArray());
      }
    }
  }

  private static byte[] trainedWeights(int threads) {
    TrainConfig cfg = TrainConfig.builder().optEpochs(2).optBatchSize(8).optSeed(11).build();
    ClassifierTrainer.Trained t =
        ClassifierTrainer.builder()
            .setArchitecture("cnn-small")
            .setConfig(cfg)
            .optAugmentation(AugmentSpec.parse("flip,crop:2,rand-n2-m9"))
            .optMixer(BatchMixer.parse("cutmix:1.0,mixup:0.2"))
            .optDataThreads(threads)
            .build()
            .train(TRAIN, null);
    try (var model = t.model()) {
      return model.parameterBytes();
    }
  }

  @Test
  void trainingWithAugmentationIsBitIdenticalWhateverTheThreadCount() {
    assertThat(trainedWeights(2)).isEqualTo(trainedWeights(0));
  }
}
