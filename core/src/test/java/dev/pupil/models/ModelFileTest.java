package dev.pupil.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import dev.pupil.BadInputException;
import dev.pupil.data.ImageSet;
import dev.pupil.data.Normalization;
import dev.pupil.train.SyntheticData;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
  private static final ImageSet IMAGES = SyntheticData.bars(8, 4, 12, 1);

  private static ClassifierModel model() {
    ModelMetadata meta =
        new ModelMetadata(
            "lenet5", IMAGES.classes(), 1, 12, 12, Normalization.fromImages(IMAGES), "t", 1);
    return ClassifierModel.create(meta, Device.cpu());
  }

  @Test
  void savedModelPredictsIdenticallyAfterLoading(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("m.pupil");
    try (ClassifierModel a = model()) {
      a.save(f);
      try (ClassifierModel b = ClassifierModel.load(f, Device.cpu())) {
        assertThat(b.metadata()).isEqualTo(a.metadata());
        assertThat(b.logits(IMAGES, 4)).isDeepEqualTo(a.logits(IMAGES, 4));
      }
    }
  }

  @Test
  void architectureOptionsTravelWithTheModel(@TempDir Path dir) throws Exception {
    ImageSet rgb =
        ImageSet.of(
            new byte[2 * 3 * 16 * 16], new int[] {0, 1}, 3, 16, 16, List.of("a", "b"), null);
    ModelOptions narrow = ModelOptions.DEFAULTS.withWidth(0.5).withStochasticDepth(0.1);
    ModelMetadata meta =
        new ModelMetadata(
            "resnet20",
            rgb.classes(),
            3,
            16,
            16,
            Normalization.of(new float[] {0, 0, 0}, new float[] {1, 1, 1}),
            "t",
            1,
            narrow);
    Path f = dir.resolve("narrow.pupil");
    try (ClassifierModel a = ClassifierModel.create(meta, Device.cpu())) {
      a.save(f);
      try (ClassifierModel b = ClassifierModel.load(f, Device.cpu())) {
        assertThat(b.metadata().options()).isEqualTo(narrow);
        assertThat(b.logits(rgb, 2)).isDeepEqualTo(a.logits(rgb, 2));
      }
    }
  }

  @Test
  void defaultOptionsWithNaNsSurviveTheFile(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("m.pupil");
    try (ClassifierModel a = model()) {
      a.save(f);
    }
    try (ClassifierModel b = ClassifierModel.load(f, Device.cpu())) {
      assertThat(b.metadata().options()).isEqualTo(ModelOptions.DEFAULTS);
    }
  }

  @Test
  void truncatedFileIsRefusedByName(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("m.pupil");
    try (ClassifierModel a = model()) {
      a.save(f);
    }
    byte[] all = Files.readAllBytes(f);
    Files.write(f, Arrays.copyOf(all, all.length / 2));
    assertThatThrownBy(() -> ClassifierModel.load(f, Device.cpu()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(f.toString())
        .hasMessageContaining("corrupt");
  }

  @Test
  void tamperedWeightsAreRefused(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("m.pupil");
    try (ClassifierModel a = model()) {
      a.save(f);
    }
    byte[] all = Files.readAllBytes(f);
    all[all.length - 100] ^= 1;
    Files.write(f, all);
    assertThatThrownBy(() -> ClassifierModel.load(f, Device.cpu()))
        .hasMessageContaining("checksum");
  }

  @Test
  void newerFormatVersionIsRefused(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("m.pupil");
    try (ClassifierModel a = model()) {
      a.save(f);
    }
    byte[] all = Files.readAllBytes(f);
    ByteBuffer.wrap(all).putInt(8, ModelFile.FORMAT_VERSION + 1);
    Files.write(f, all);
    assertThatThrownBy(() -> ClassifierModel.load(f, Device.cpu()))
        .hasMessageContaining("format version " + (ModelFile.FORMAT_VERSION + 1));
  }

  @Test
  void otherFilesAreNotModels(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("x.pupil");
    Files.writeString(
        f, "hello, I am not a model, but I am long enough to pass the length check!!");
    assertThatThrownBy(() -> ClassifierModel.load(f, Device.cpu()))
        .hasMessageContaining("not a Pupil model");
  }

  @Test
  void everyRegisteredArchitectureHasLogitShapeForGrayAndRgb() {
    for (Architecture a : ModelRegistry.all()) {
      for (int c : new int[] {1, 3}) {
        ClassifierBlock b = a.build(new ModelSpec(c, 28, 28, 3));
        assertThat(b.getOutputShapes(new Shape[] {new Shape(2, c, 28, 28)})[0].getShape())
            .as(a.name())
            .containsExactly(2, 3);
      }
    }
  }

  @org.junit.jupiter.api.Tag("slow")
  @Test
  void everyRegisteredArchitectureBuildsForGrayAndRgb() {
    for (Architecture a : ModelRegistry.all()) {
      for (int c : new int[] {1, 3}) {
        ModelMetadata meta =
            new ModelMetadata(
                a.name(),
                List.of("a", "b", "c"),
                c,
                28,
                28,
                Normalization.of(new float[c], filled(c)),
                "t",
                1);
        try (ClassifierModel m = ClassifierModel.create(meta, Device.cpu())) {
          assertThat(m.block().getOutputShapes(new Shape[] {new Shape(2, c, 28, 28)})[0].getShape())
              .containsExactly(2, 3);
        }
      }
    }
  }

  @Test
  void unknownArchitectureNamesTheKnownOnes() {
    assertThatThrownBy(() -> ModelRegistry.get("resnet9000"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("resnet9000")
        .hasMessageContaining("cnn-small");
  }

  private static float[] filled(int c) {
    float[] s = new float[c];
    Arrays.fill(s, 1f);
    return s;
  }
}
