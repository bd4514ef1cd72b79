package dev.pupil.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.pupil.BadInputException;
import dev.pupil.models.ModelOptions;
import dev.pupil.semisup.PseudoLabeler;
import dev.pupil.semisup.RampUp;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelfTrainingConfigTest {
  private static final Path FILE = Path.of("run/config.json");

  private static SelfTrainingConfig config() {
    return new SelfTrainingConfig(
        "noisy-student",
        "cnn-small",
        List.of("cnn-small", "resnet20"),
        PseudoLabeler.builder().optThreshold(0.8f).optMaxPerClass(50).optShareCap(true).build(),
        3f,
        RampUp.constant(1f),
        SelfTrainingConfig.POOL,
        "rand-n2-m9",
        "flip",
        ModelOptions.DEFAULTS,
        ModelOptions.DEFAULTS,
        300,
        true);
  }

  @Test
  void theConfigJsonSectionReadsBackToTheSameConfiguration() {
    SelfTrainingConfig c = config();
    JsonObject json = JsonParser.parseString(c.toJson().toString()).getAsJsonObject();
    SelfTrainingConfig back =
        SelfTrainingConfig.fromJson(json, "noisy-student", ModelOptions.DEFAULTS, FILE);
    assertThat(back.toJson()).isEqualTo(c.toJson());
    assertThat(back.students()).containsExactly("cnn-small", "resnet20");
    assertThat(back.labeler().threshold()).isEqualTo(0.8f);
    assertThat(back.labeler().shareCap()).isTrue();
    assertThat(back.teacherEpochs()).isEqualTo(300);
    assertThat(back.studentEpochRule()).isTrue();
    assertThat(back.teacherAugment()).isEqualTo("flip");
  }

  @Test
  void aSectionFromBeforeTheShareCapTheStudentRuleAndTheRecordedNoiseReadsAsItRanThen() {
    JsonObject old = config().toJson();
    old.remove("shareCap");
    old.remove("studentEpochRule");
    old.remove("studentNoise");
    ModelOptions methodNoise = ModelOptions.DEFAULTS.withDropout(0.5);
    SelfTrainingConfig back = SelfTrainingConfig.fromJson(old, "noisy-student", methodNoise, FILE);
    assertThat(back.labeler().shareCap()).isFalse();
    assertThat(back.studentEpochRule()).isFalse();
    assertThat(back.noise()).isEqualTo(methodNoise);
  }

  @Test
  void aSectionWithoutStudentOptionsOrWithAMissingKeyIsRefusedNamingTheFile() {
    JsonObject noOptions = config().toJson();
    noOptions.remove("studentOptions");
    assertThatThrownBy(
            () ->
                SelfTrainingConfig.fromJson(noOptions, "pseudo-label", ModelOptions.DEFAULTS, FILE))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(FILE.toString());
    JsonObject noTeacher = config().toJson();
    noTeacher.remove("teacher");
    assertThatThrownBy(
            () ->
                SelfTrainingConfig.fromJson(noTeacher, "pseudo-label", ModelOptions.DEFAULTS, FILE))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("incomplete selfTraining section");
  }

  @Test
  void invalidValuesNameTheirField() {
    assertThatThrownBy(
            () ->
                new SelfTrainingConfig(
                    "pseudo-label",
                    "cnn-small",
                    List.of(),
                    PseudoLabeler.builder().build(),
                    1f,
                    RampUp.constant(1f),
                    "pool",
                    null,
                    null,
                    null,
                    null,
                    10,
                    true))
        .isInstanceOf(BadInputException.class)
        .extracting(e -> ((BadInputException) e).field())
        .isEqualTo("students");
    assertThatThrownBy(
            () ->
                new SelfTrainingConfig(
                    "pseudo-label",
                    "cnn-small",
                    List.of("cnn-small"),
                    PseudoLabeler.builder().build(),
                    0f,
                    RampUp.constant(1f),
                    "pool",
                    null,
                    null,
                    null,
                    null,
                    10,
                    true))
        .extracting(e -> ((BadInputException) e).field())
        .isEqualTo("ratio");
  }
}
