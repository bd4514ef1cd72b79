package dev.pupil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import dev.pupil.run.DataSpec;
import dev.pupil.run.RunConfig;
import dev.pupil.run.SelfTrainingConfig;
import dev.pupil.semisup.PseudoLabeler;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A config.json written by an earlier Pupil still reads, with the newer settings at defaults. */
class RunConfigCompatTest {
  @Test
  void aConfigFromBeforeGradientClippingReadsWithClippingOff(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("config.json");
    try (InputStream in = getClass().getResourceAsStream("config-before-clipping.json")) {
      Files.copy(in, file);
    }
    RunConfig c = RunConfig.read(file);
    assertThat(c.train().clipGrad()).isZero();
    assertThat(c.train().clipMode()).isEqualTo("norm");
    assertThat(c.train().epochs()).isEqualTo(2);
    assertThat(c.train().toBuilder().build()).isEqualTo(c.train());
  }

  @Test
  void aConfigFromBeforeSplitFoldersReadsWithoutAValFolderAndAllLabels(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("config.json");
    try (InputStream in = getClass().getResourceAsStream("config-before-clipping.json")) {
      Files.copy(in, file);
    }
    DataSpec d = RunConfig.read(file).data();
    assertThat(d.valFolder()).isNull();
    assertThat(d.labelsPerClass()).isZero();
    assertThat(d.valFraction()).isEqualTo(0.1);
  }

  @Test
  void aSelfTrainingConfigFromBeforeTheShareCapResumesWithNoCap(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("config.json");
    try (InputStream in = getClass().getResourceAsStream("config-before-share-cap.json")) {
      Files.copy(in, file);
    }
    String json = RunConfig.text(file);
    assertThat(RunConfig.parse(file, json).command()).isEqualTo("noisy-student");
    JsonObject st = RunConfig.tree(file, json).getAsJsonObject("selfTraining");
    PseudoLabeler old = SelfTrainingConfig.labeler(st);
    assertThat(old.shareCap()).as("old runs had no cap").isFalse();
    assertThat(old.maxPerClass()).isZero();
    assertThat(old.threshold()).isEqualTo(0.3f);
    st.addProperty("shareCap", true);
    assertThat(SelfTrainingConfig.labeler(st).shareCap()).isTrue();
  }
}
