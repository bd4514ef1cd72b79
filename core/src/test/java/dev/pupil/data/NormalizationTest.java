package dev.pupil.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.reflect.TypeToken;
import dev.pupil.BadInputException;
import dev.pupil.io.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NormalizationTest {
  @Test
  void fromImagesComputesPerChannelMeanAndStd() {
    // Two 1x2 RGB images. Red: 0, 255, 0, 255 -> mean 0.5, std 0.5. Green: all 51 -> mean 0.2,
    // std floored to 1/255. Blue: 0, 0, 0, 102 -> mean 0.1, std sqrt(0.4^2*3/16) = 0.1732.
    byte[] px = {0, (byte) 255, 51, 51, 0, 0, 0, (byte) 255, 51, 51, 0, 102};
    ImageSet set = ImageSet.of(px, new int[] {0, 0}, 3, 1, 2, List.of("x"), null);
    Normalization n = Normalization.fromImages(set);
    assertThat(n.mean()).containsExactly(new float[] {0.5f, 0.2f, 0.1f}, within(1e-6f));
    assertThat(n.std()).containsExactly(new float[] {0.5f, 1f / 255f, 0.17320508f}, within(1e-6f));
  }

  @Test
  void applyMapsBytesThroughTheFormula() {
    Normalization n = Normalization.of(new float[] {0.5f, 0f}, new float[] {0.25f, 1f});
    byte[] src = {9, 0, (byte) 255, 0, (byte) 255};
    float[] dst = new float[5];
    n.apply(src, 1, dst, 1, 2, 2);
    assertThat(dst).containsExactly(new float[] {0f, -2f, 2f, 0f, 1f}, within(1e-6f));
  }

  @Test
  void stdMustBePositive() {
    assertThatThrownBy(() -> Normalization.of(new float[] {0.5f}, new float[] {0f}))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("std must be > 0");
    assertThatThrownBy(() -> Normalization.of(new float[] {0.5f}, new float[] {1f, 1f}))
        .hasMessageContaining("one mean and one std per channel");
  }

  @Test
  void survivesAJsonRoundTripThroughItsMap() {
    Normalization n = Normalization.of(new float[] {0.2860f}, new float[] {0.3530f});
    String json = Json.COMPACT.toJson(n.toMap());
    Map<String, Object> back =
        Json.COMPACT.fromJson(json, new TypeToken<Map<String, Object>>() {}.getType());
    assertThat(Normalization.fromMap(back)).isEqualTo(n);
  }

  @Test
  void gsonCanSerializeItDirectly() {
    Normalization n = Normalization.of(new float[] {0.1f, 0.2f}, new float[] {0.3f, 0.4f});
    Normalization back = Json.COMPACT.fromJson(Json.COMPACT.toJson(n), Normalization.class);
    assertThat(back).isEqualTo(n);
    float[] dst = new float[2];
    back.apply(new byte[] {0, 0}, 0, dst, 0, 2, 1);
    assertThat(dst[1]).isCloseTo(-0.5f, within(1e-6f));
  }
}
