package dev.pupil.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import dev.pupil.BadInputException;
import dev.pupil.data.ImageSet;
import dev.pupil.data.Normalization;
import dev.pupil.io.ChecksummedFile;
import dev.pupil.io.Json;
import dev.pupil.models.ModelOptions.Option;
import dev.pupil.train.Seeds;
import dev.pupil.train.SyntheticData;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cnn-small and cnn-tiny take --drop; every architecture refuses the options it does not take. */
class ModelOptionsSupportTest {
  private static final Normalization NORM = Normalization.of(new float[] {0}, new float[] {1});

  private static ModelMetadata meta(String arch, ModelOptions o) {
    return new ModelMetadata(arch, List.of("a", "b", "c"), 1, 12, 12, NORM, "t", 1, o);
  }

  private static long dropouts(Block b) {
    long n = b instanceof Dropout ? 1 : 0;
    for (Block c : b.getChildren().values()) {
      n += dropouts(c);
    }
    return n;
  }

  /** The backbone's output (after its last dropout, if any) for one fixed batch. */
  private static float[] backbone(ClassifierModel m, NDArray x, boolean training) {
    ParameterStore ps = new ParameterStore(x.getManager(), false);
    return m.block().backbone().forward(ps, new NDList(x), training).head().toFloatArray();
  }

  /**
   * Training passes over one fixed batch (batch norm sees the same statistics, only the dropout
   * mask changes): among units alive in any pass, the fraction zeroed per pass estimates the
   * dropout rate p (units dropped in all 6 passes, p^6 of them, are missed).
   */
  private static double trainingDropRate(String arch, ModelOptions o) {
    try (ClassifierModel m = ClassifierModel.create(meta(arch, o), Device.cpu());
        NDManager manager = NDManager.newBaseManager()) {
      Seeds.seedEngine(3);
      NDArray x = manager.randomNormal(new Shape(64, 1, 12, 12));
      float[] inferA = backbone(m, x, false);
      float[] inferB = backbone(m, x, false);
      assertThat(Arrays.equals(inferA, inferB)).as("%s inference is deterministic", arch).isTrue();
      int passes = 6;
      float[][] out = new float[passes][];
      for (int k = 0; k < passes; k++) {
        out[k] = backbone(m, x, true);
      }
      long alive = 0;
      long zeroed = 0;
      for (int i = 0; i < out[0].length; i++) {
        int zeros = 0;
        for (float[] pass : out) {
          zeros += pass[i] == 0 ? 1 : 0;
        }
        if (zeros < passes) {
          alive++;
          zeroed += zeros;
        }
      }
      return (double) zeroed / (alive * passes);
    }
  }

  @Test
  void cnnSmallDropoutFollowsTheOptionInTrainingAndIsOffInInference() {
    assertThat(trainingDropRate("cnn-small", ModelOptions.DEFAULTS.withDropout(0.5)))
        .isBetween(0.44, 0.56);
    assertThat(trainingDropRate("cnn-small", ModelOptions.DEFAULTS))
        .as("its default 0.3")
        .isBetween(0.25, 0.35);
    try (ClassifierModel m =
        ClassifierModel.create(
            meta("cnn-small", ModelOptions.DEFAULTS.withDropout(0.5)), Device.cpu())) {
      assertThat(dropouts(m.block())).isEqualTo(1);
    }
  }

  @Test
  void cnnTinyGetsDropoutOnlyWhenAsked() {
    assertThat(trainingDropRate("cnn-tiny", ModelOptions.DEFAULTS.withDropout(0.5)))
        .isBetween(0.44, 0.56);
    assertThat(trainingDropRate("cnn-tiny", ModelOptions.DEFAULTS)).isZero();
    try (ClassifierModel plain =
            ClassifierModel.create(meta("cnn-tiny", ModelOptions.DEFAULTS), Device.cpu());
        ClassifierModel zero =
            ClassifierModel.create(
                meta("cnn-tiny", ModelOptions.DEFAULTS.withDropout(0)), Device.cpu())) {
      assertThat(dropouts(plain.block())).isZero();
      assertThat(dropouts(zero.block())).isZero();
    }
  }

  @Test
  void theModelFileRecordsTheDropout(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("small.pupil");
    try (ClassifierModel m =
        ClassifierModel.create(
            meta("cnn-small", ModelOptions.DEFAULTS.withDropout(0.5)), Device.cpu())) {
      m.save(f);
    }
    try (ClassifierModel m = ClassifierModel.load(f, Device.cpu())) {
      assertThat(m.metadata().options().dropout()).isEqualTo(0.5);
    }
  }

  @Test
  void unsupportedOptionsAreRefusedNamingModelAndOption() {
    ModelSpec spec = new ModelSpec(1, 28, 28, 10);
    assertThatThrownBy(
            () ->
                ModelRegistry.create(
                    "cnn-small", spec, ModelOptions.DEFAULTS.withStochasticDepth(0.2)))
        .isInstanceOf(BadInputException.class)
        .hasMessage("model 'cnn-small' does not support stochasticDepth; it takes dropout");
    assertThat(
            ModelRegistry.get("cnn-small")
                .refusal(
                    ModelOptions.DEFAULTS.withStochasticDepth(0.2), o -> "<" + o.field() + ">"))
        .isEqualTo("model 'cnn-small' does not support <stochasticDepth>; it takes <dropout>");
    assertThat(
            ModelRegistry.get("cnn-small")
                .refusal(ModelOptions.DEFAULTS.withDropout(0.2), o -> "<" + o.field() + ">"))
        .isNull();
    assertThatThrownBy(
            () -> ModelRegistry.create("linear", spec, ModelOptions.DEFAULTS.withDropout(0.5)))
        .hasMessageContaining("'linear'")
        .hasMessageContaining("support dropout;")
        .hasMessageContaining("it takes none");
    assertThatThrownBy(
            () -> ModelRegistry.create("cnn-small", spec, ModelOptions.DEFAULTS.withWidth(0.5)))
        .hasMessageContaining("widthMultiplier");
    assertThatThrownBy(
            () ->
                ModelRegistry.create(
                    "vgg11", spec, ModelOptions.DEFAULTS.withWidth(0.125).withBatchNorm(true)))
        .hasMessageContaining("'vgg11'")
        .hasMessageContaining("support batchNorm;");
    assertThatThrownBy(
            () -> ModelRegistry.create("resnet20", spec, ModelOptions.DEFAULTS.withLrn(true)))
        .hasMessageContaining("'resnet20'")
        .hasMessageContaining("lrn");
    // Supported ones build, and width 1 counts as not given.
    ModelRegistry.create("cnn-tiny", spec, ModelOptions.DEFAULTS.withDropout(0.2).withWidth(1));
    ModelRegistry.create(
        "resnet20",
        spec,
        ModelOptions.DEFAULTS.withWidth(0.5).withDropout(0.1).withStochasticDepth(0.1));
  }

  @Test
  void everyArchitectureDeclaresWhatItTakes() {
    for (Architecture a : ModelRegistry.all()) {
      assertThat(a.supportedOptions()).as(a.name()).isNotNull();
      a.checkOptions(ModelOptions.DEFAULTS);
    }
    assertThat(ModelRegistry.get("mlp").supportedOptions()).isEmpty();
    assertThat(ModelRegistry.get("efficientnet-b0").supportedOptions())
        .containsExactlyInAnyOrder(
            Option.WIDTH_MULTIPLIER, Option.DROPOUT, Option.STOCHASTIC_DEPTH);
  }

  @Test
  void givenAndKeepOnly() {
    ModelOptions o = ModelOptions.DEFAULTS.withDropout(0.5).withStochasticDepth(0.2).withLrn(true);
    assertThat(o.given())
        .containsExactlyInAnyOrder(Option.DROPOUT, Option.STOCHASTIC_DEPTH, Option.LRN);
    assertThat(ModelOptions.DEFAULTS.given()).isEmpty();
    ModelOptions kept = o.keepOnly(EnumSet.of(Option.DROPOUT));
    assertThat(kept.dropout()).isEqualTo(0.5);
    assertThat(kept.given()).containsExactly(Option.DROPOUT);
  }

  @Test
  void aCnnTinyFileFromBeforeItTookDropoutStillLoads(@TempDir Path dir) throws Exception {
    // Noisy Student recorded dropout 0.5 for cnn-tiny students that had no dropout block.
    Path f = dir.resolve("old.pupil");
    byte[] params;
    float[][] logits;
    ImageSet images = SyntheticData.bars(6, 3, 12, 1);
    try (ClassifierModel m =
        ClassifierModel.create(meta("cnn-tiny", ModelOptions.DEFAULTS), Device.cpu())) {
      params = m.parameterBytes();
      logits = m.logits(images, 6);
    }
    byte[] json =
        Json.COMPACT
            .toJson(meta("cnn-tiny", ModelOptions.DEFAULTS.withDropout(0.5)))
            .getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(json.length);
      out.write(json);
      out.writeInt(params.length);
      out.write(params);
    }
    ChecksummedFile.write(f, "PUPILMDL", ModelFile.FORMAT_VERSION, bytes.toByteArray());
    try (ClassifierModel m = ClassifierModel.load(f, Device.cpu())) {
      assertThat(dropouts(m.block())).isZero();
      assertThat(m.logits(images, 6)).isDeepEqualTo(logits);
    }
  }
}
