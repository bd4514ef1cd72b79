package dev.pupil.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import dev.pupil.BadInputException;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.ModelMetadata;
import dev.pupil.train.Seeds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DjlFormatTest {
  @Test
  void networkSavedByDjlLoadsAndTransfers(@TempDir Path dir) throws Exception {
    ModelMetadata four = TransferTrainerTest.metadataLike(List.of("a", "b", "c", "d"));
    Seeds.seedEngine(9);
    Map<String, float[]> saved;
    try (ClassifierModel m = ClassifierModel.create(four, Device.cpu())) {
      m.djlModel().save(dir, "net");
      saved = TransferTrainerTest.values(m);
    }
    assertThat(dir.resolve("net-0000.params")).exists();
    assertThat(DjlFormat.isDjlFolder(dir)).isTrue();
    // The caller names the architecture; the class count in its metadata does not matter.
    ModelMetadata two = TransferTrainerTest.metadataLike(List.of("x", "y"));
    try (ClassifierModel loaded = DjlFormat.load(dir, two, Device.cpu());
        TransferTrainer.Trained t =
            TransferTrainer.builder()
                .setPretrained(loaded)
                .setPlan(TransferPlan.builder(Approach.HEAD).optFreezeBatchNorm(true).build())
                .setConfig(TransferTrainerTest.config(1))
                .build()
                .train(TransferTrainerTest.TARGET, null)) {
      assertThat(TransferTrainerTest.values(loaded)).containsAllEntriesOf(saved);
      Map<String, float[]> after = TransferTrainerTest.values(t.model());
      for (String name : after.keySet()) {
        if (name.startsWith("01backbone")) {
          assertThat(after.get(name)).as(name).isEqualTo(saved.get(name));
        }
      }
      assertThat(t.model().metadata().classes()).hasSize(3);
    }
  }

  @Test
  void refusesFoldersWithoutOneNetworkOrOfAnotherArchitecture(@TempDir Path dir) throws Exception {
    ModelMetadata cnn = TransferTrainerTest.metadataLike(List.of("x", "y"));
    assertThatThrownBy(() -> DjlFormat.load(dir, cnn, Device.cpu()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("no DJL parameter file");
    Seeds.seedEngine(9);
    try (ClassifierModel m = ClassifierModel.create(cnn, Device.cpu())) {
      m.djlModel().save(dir, "net");
    }
    ModelMetadata mlp =
        new ModelMetadata("mlp", cnn.classes(), 1, 12, 12, cnn.normalization(), "test", 1);
    assertThatThrownBy(() -> DjlFormat.load(dir, mlp, Device.cpu()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("mlp");
    Files.copy(dir.resolve("net-0000.params"), dir.resolve("other-0000.params"));
    assertThatThrownBy(() -> DjlFormat.load(dir, cnn, Device.cpu()))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("several");
  }
}
