package dev.pupil.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import dev.pupil.data.ImageSet;
import dev.pupil.data.Normalization;
import dev.pupil.train.SyntheticData;
import org.junit.jupiter.api.Test;

class BatchPredictorTest {
  private static final ImageSet IMAGES = SyntheticData.bars(40, 4, 12, 5);

  @Test
  void aRowDoesNotDependOnWhichImagesShareItsBatchOrHowFullTheBatchIs() {
    ModelMetadata meta =
        new ModelMetadata(
            "lenet5", IMAGES.classes(), 1, 12, 12, Normalization.fromImages(IMAGES), "t", 1);
    byte[] px = IMAGES.pixelsView();
    try (ClassifierModel m = ClassifierModel.create(meta, Device.cpu());
        BatchPredictor p = new BatchPredictor(m, false, 16)) {
      float[][] a = p.predict(px, 0, 16);
      float[][] shifted = p.predict(px, 3, 16);
      float[][] partial = p.predict(px, 3, 7);
      for (int i = 0; i < 7; i++) {
        assertThat(shifted[i]).containsExactly(a[i + 3]);
        assertThat(partial[i]).containsExactly(a[i + 3]);
      }
      assertThat(m.logits(IMAGES.subset(new int[] {3, 4, 5}), 16)[0]).hasSize(4);
      assertThatThrownBy(() -> p.predict(px, 0, 17)).hasMessageContaining("[1, 16]");
    }
  }
}
