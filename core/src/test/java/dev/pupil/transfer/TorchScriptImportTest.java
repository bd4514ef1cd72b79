package dev.pupil.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.pupil.BadInputException;
import dev.pupil.data.Normalization;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.ModelMetadata;
import dev.pupil.models.TorchScript;
import dev.pupil.models.TorchScriptBackbone;
import dev.pupil.train.Seeds;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fixture tiny-cnn.pt was made by scripts/make_torchscript_fixture.py with PyTorch 1.13; the
 * logits and features it printed for a fixed input are in tiny-cnn-expected.json.
 */
class TorchScriptImportTest {
  static final Path FIXTURE = Fixtures.resource("tiny-cnn.pt");
  static final ModelMetadata META =
      new ModelMetadata(
          TorchScript.ARCHITECTURE,
          List.of("a", "b"),
          1,
          12,
          12,
          Normalization.of(new float[] {0.3f}, new float[] {0.3f}),
          "test",
          1);

  private static float[] run(ClassifierModel m, boolean embed) {
    try (NDManager nd = m.djlModel().getNDManager().newSubManager()) {
      float[] x = new float[288];
      for (int i = 0; i < x.length; i++) {
        x[i] = (i % 17) / 8f - 1f;
      }
      NDArray in = nd.create(x, new Shape(2, 1, 12, 12));
      NDList out =
          embed
              ? m.block().embed(new ParameterStore(nd, false), new NDList(in), false)
              : m.block().forward(new ParameterStore(nd, false), new NDList(in), false);
      return out.head().toFloatArray();
    }
  }

  private static float[] expected(String key) throws Exception {
    try (InputStream in =
        TorchScriptImportTest.class.getResourceAsStream("tiny-cnn-expected.json")) {
      JsonObject o =
          JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8))
              .getAsJsonObject();
      JsonArray rows = o.getAsJsonArray(key);
      int d = rows.get(0).getAsJsonArray().size();
      float[] flat = new float[rows.size() * d];
      for (int i = 0; i < rows.size(); i++) {
        for (int j = 0; j < d; j++) {
          flat[i * d + j] = rows.get(i).getAsJsonArray().get(j).getAsFloat();
        }
      }
      return flat;
    }
  }

  @Test
  void forwardMethodGivesPyTorchsLogitsAndAppendsAHead() throws Exception {
    Seeds.seedEngine(1);
    try (ClassifierModel m =
        TorchScript.load(FIXTURE, "forward", META, Device.cpu(), TorchScript.Permission.ALLOW)) {
      assertThat(run(m, true)).containsExactly(expected("logits"), within());
      assertThat(run(m, false)).hasSize(2 * 2);
      assertThat(((TorchScriptBackbone) m.block().backbone()).unusedParameters()).isEmpty();
    }
  }

  @Test
  void featuresMethodReplacesTheModulesClassifier() throws Exception {
    Seeds.seedEngine(1);
    try (ClassifierModel m =
        TorchScript.load(FIXTURE, "features", META, Device.cpu(), TorchScript.Permission.ALLOW)) {
      assertThat(run(m, true)).containsExactly(expected("features"), within());
      TorchScriptBackbone b = (TorchScriptBackbone) m.block().backbone();
      assertThat(b.unusedParameters()).containsExactlyInAnyOrder("fc.weight", "fc.bias");
      assertThat(b.getParameters().keys()).doesNotContain("fc.weight").contains("conv1.weight");
    }
  }

  @Test
  void savedModelReloadsOnlyWithPermission(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("ts.pupil");
    float[] before;
    try (ClassifierModel m =
        TorchScript.load(FIXTURE, "features", META, Device.cpu(), TorchScript.Permission.ALLOW)) {
      before = run(m, false);
      m.save(file);
    }
    assertThatThrownBy(() -> ClassifierModel.load(file, Device.cpu()))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith("allowTorchScript is needed to load " + file)
        .extracting(e -> ((BadInputException) e).field())
        .isEqualTo("allowTorchScript");
    try (ClassifierModel m =
        ClassifierModel.load(file, Device.cpu(), TorchScript.Permission.ALLOW)) {
      assertThat(run(m, false)).containsExactly(before);
      assertThat(((TorchScriptBackbone) m.block().backbone()).unusedParameters())
          .containsExactlyInAnyOrder("fc.weight", "fc.bias");
    }
  }

  @Test
  void refusesWithoutPermissionAndNamesAMissingMethod() {
    assertThatThrownBy(
            () ->
                TorchScript.load(
                    FIXTURE, "forward", META, Device.cpu(), TorchScript.Permission.DENY))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("tiny-cnn.pt")
        .hasMessageStartingWith("allowTorchScript ");
    assertThatThrownBy(
            () ->
                TorchScript.load(
                    FIXTURE, "embed", META, Device.cpu(), TorchScript.Permission.ALLOW))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("no method 'embed'")
        .hasMessageContaining("features");
  }

  private static Offset<Float> within() {
    return Offset.offset(1e-4f);
  }
}
