package dev.pupil.knn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pupil.data.ImageSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad settings and inputs fail early with messages naming the field and value. */
class KnnValidationTest {
  private static final float[] TRAIN = {0f, 1f, 2f};
  private static final int[] LABELS = {0, 1, 0};

  @Test
  void kBelowOneIsRejectedByTheBuilder() {
    assertThatThrownBy(() -> KnnClassifier.builder().optK(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("k must be >= 1, got 0");
  }

  @Test
  void kAboveTheTrainingSizeIsRejectedAtFit() {
    KnnClassifier knn = KnnClassifier.builder().optK(5).build();
    assertThatThrownBy(() -> knn.fit(TRAIN, 3, 1, LABELS, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("k must be <= the number of training examples (3), got 5");
  }

  @Test
  void kEqualToTheTrainingSizeWorks() {
    try (KnnModel model = KnnClassifier.builder().optK(3).build().fit(TRAIN, 3, 1, LABELS, 2)) {
      assertThat(model.predict(new float[] {0.9f}, 1).get(0).neighbours()).containsExactly(1, 0, 2);
    }
  }

  @Test
  void builderNamesOtherBadSettings() {
    assertThatThrownBy(() -> KnnClassifier.builder().optQueryBatch(0).build())
        .hasMessage("queryBatch must be >= 1, got 0");
    assertThatThrownBy(() -> KnnClassifier.builder().optEpsilon(0).build())
        .hasMessage("epsilon must be finite and > 0, got 0.0");
    assertThatThrownBy(() -> KnnClassifier.builder().optMetric(null).build())
        .hasMessage("metric must not be null");
  }

  @Test
  void fitNamesBadLabelsAndShapes() {
    KnnClassifier knn = KnnClassifier.builder().optK(1).build();
    assertThatThrownBy(() -> knn.fit(TRAIN, 3, 1, new int[] {0, 2, 0}, 2))
        .hasMessage("labels[1] is 2, outside [0, 2)");
    assertThatThrownBy(() -> knn.fit(TRAIN, 3, 1, new int[] {0, 1}, 2))
        .hasMessage("labels has 2 entries for 3 examples");
    assertThatThrownBy(() -> knn.fit(TRAIN, 2, 2, LABELS, 2))
        .hasMessageContaining("data holds 3 values");
    assertThatThrownBy(() -> knn.fit(new float[] {0f, Float.NaN, 1f}, 3, 1, LABELS, 2))
        .hasMessageContaining("data[1]");
  }

  @Test
  void predictChecksTheQueryShapeAndClosing() {
    KnnModel model = KnnClassifier.builder().optK(1).build().fit(TRAIN, 3, 1, LABELS, 2);
    assertThatThrownBy(() -> model.predict(new FeatureMatrix(new float[] {1, 2}, 1, 2)))
        .hasMessage("queries have 2 features, the model expects 1");
    model.close();
    model.close();
    assertThatThrownBy(() -> model.predict(new float[] {1f}, 1))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void pixelFeaturesScaleBytesToUnitRange() {
    byte[] px = {0, (byte) 255, (byte) 128, 51, 0, 0, 0, 0};
    ImageSet set = ImageSet.of(px, new int[] {0, 1}, 1, 2, 2, List.of("a", "b"), null);
    FeatureMatrix f = PixelFeatures.of(set);
    assertThat(f.rows()).isEqualTo(2);
    assertThat(f.cols()).isEqualTo(4);
    assertThat(f.row(0)).containsExactly(0f, 1f, 128 / 255f, 0.2f);
  }
}
