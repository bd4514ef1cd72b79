package dev.pupil.explain;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.pupil.data.ImageSet;
import dev.pupil.data.Normalization;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.ModelMetadata;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The default layer of each family is its last convolutional stage, and Grad-CAM runs there: a flat
 * chain whose ReLU is a separate sibling (LeNet-5), residual blocks (CIFAR ResNet-20) and a network
 * with auxiliary heads walked through its inference chain (GoogLeNet).
 */
class GradCamArchitecturesTest {
  @ParameterizedTest
  @CsvSource({
    "lenet5, backbone/05LambdaBlock, 16, 12",
    "resnet20, backbone/10Residual, 64, 8",
  })
  void defaultLayerIsTheLastConvolutionalStage(
      String name, String expected, int channels, int side) {
    check(name, expected, channels, side);
  }

  /** GoogLeNet at 32x32 takes about 15-40 s here. */
  @Test
  @Tag("slow")
  void googLeNetIsWalkedThroughItsInferenceChain() {
    check("googlenet", "backbone/tail/04ParallelBlock", 1024, 8);
  }

  private static void check(String name, String expected, int channels, int side) {
    int size = 32;
    ModelMetadata meta =
        new ModelMetadata(
            name,
            List.of("a", "b", "c"),
            3,
            size,
            size,
            Normalization.of(new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.25f, 0.25f, 0.25f}),
            "test",
            1);
    byte[] px = new byte[2 * 3 * size * size];
    new Random(1).nextBytes(px);
    ImageSet images =
        ImageSet.of(
            px,
            new int[] {ImageSet.UNLABELED, ImageSet.UNLABELED},
            3,
            size,
            size,
            meta.classes(),
            null);
    try (ClassifierModel m = ClassifierModel.create(meta, Device.cpu())) {
      GradCam cam = GradCam.builder().setModel(m).build();
      assertThat(cam.layer().name()).isEqualTo(expected);
      assertThat(cam.layer().channels()).isEqualTo(channels);
      assertThat(cam.layer().height()).isEqualTo(side);
      List<Heatmap> maps = cam.explain(images);
      assertThat(maps).hasSize(2);
      assertThat(maps.get(0).map()).hasSize(side * side);
      assertThat(maps.get(0).heat()).hasSize(size * size);
    }
  }
}
