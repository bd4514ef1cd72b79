package dev.pupil.run;

import com.google.gson.JsonObject;
import dev.pupil.BadInputException;
import dev.pupil.io.Json;
import dev.pupil.models.ModelOptions;
import dev.pupil.semisup.PseudoLabeler;
import dev.pupil.semisup.RampUp;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The configuration of a self-training run (pseudo-labeling, Lee 2013; Noisy Student, Xie et al.
 * 2020, arXiv:1911.04252), as config.json's {@code selfTraining} section records it and {@link
 * SelfTrainingRun} reads it back on resume. The training configuration of each network (epochs,
 * optimizer, seed) is the run's {@link dev.pupil.train.TrainConfig}, beside this section.
 *
 * @param method "pseudo-label" or "noisy-student"
 * @param teacher the first teacher's architecture
 * @param students each round's student architecture
 * @param labeler how the teacher's predictions become pseudo-labels
 * @param ratio pseudo-labeled images per labeled image in a batch
 * @param rampUp the pseudo-labeled term's weight over epochs
 * @param unlabeled "pool" (the split's unlabeled images) or the unlabeled folder's path
 * @param studentAugment the students' per-image augmentation spec, or null
 * @param teacherAugment the first teacher's augmentation spec, or null for the students'
 * @param noise dropout and stochastic depth added to students where an architecture takes them and
 *     the options leave them open ({@link ModelOptions#DEFAULTS} for none)
 * @param studentOptions the architecture options of the networks
 * @param teacherEpochs the first teacher's epochs
 * @param studentEpochRule whether each student trains the epochs {@link
 *     dev.pupil.train.EpochRule#DEFAULT} gives for its round's pseudo-labels (false: the
 *     configuration's epochs, as runs before the rule did)
 */
public record SelfTrainingConfig(
    String method,
    String teacher,
    List<String> students,
    PseudoLabeler labeler,
    float ratio,
    RampUp rampUp,
    String unlabeled,
    String studentAugment,
    String teacherAugment,
    ModelOptions noise,
    ModelOptions studentOptions,
    int teacherEpochs,
    boolean studentEpochRule) {

  /** The unlabeled source meaning the split's own pool. */
  public static final String POOL = "pool";

  /** Validates the fields. */
  public SelfTrainingConfig {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(teacher, "teacher");
    Objects.requireNonNull(labeler, "labeler");
    Objects.requireNonNull(rampUp, "rampUp");
    Objects.requireNonNull(unlabeled, "unlabeled");
    if (students == null || students.isEmpty()) {
      throw BadInputException.forField("students", "must name at least one student");
    }
    if (!(ratio > 0) || Float.isInfinite(ratio)) {
      throw BadInputException.forField("ratio", "must be > 0, got " + ratio);
    }
    if (teacherEpochs < 1) {
      throw BadInputException.forField("teacherEpochs", "must be >= 1, got " + teacherEpochs);
    }
    students = List.copyOf(students);
    noise = noise == null ? ModelOptions.DEFAULTS : noise;
    studentOptions = studentOptions == null ? ModelOptions.DEFAULTS : studentOptions;
  }

  /**
   * @return the last student's architecture, the run's model in config.json
   */
  public String lastStudent() {
    return students.get(students.size() - 1);
  }

  /**
   * @return the settings run.json repeats beside the results
   */
  public Map<String, Object> summary() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("method", method);
    m.put("teacher", teacher);
    m.put("students", students);
    m.put("threshold", labeler.threshold());
    m.put("maxPerClass", labeler.maxPerClass());
    m.put("shareCap", labeler.shareCap());
    m.put("labels", labeler.soft() ? "soft" : "hard");
    m.put("ratio", ratio);
    m.put("rampUp", rampUp);
    m.put("unlabeled", unlabeled);
    m.put("studentAugment", studentAugment);
    if (!noise.given().isEmpty()) {
      m.put(
          "noise", Map.of("dropout", noise.dropout(), "stochasticDepth", noise.stochasticDepth()));
    }
    return m;
  }

  /**
   * @return config.json's {@code selfTraining} section
   */
  public JsonObject toJson() {
    JsonObject o = Json.PRETTY.toJsonTree(summary()).getAsJsonObject();
    o.addProperty("teacherEpochs", teacherEpochs);
    o.addProperty("studentEpochRule", studentEpochRule);
    o.addProperty("teacherAugment", teacherAugment != null ? teacherAugment : studentAugment);
    o.add("studentOptions", Json.PRETTY.toJsonTree(studentOptions));
    o.add("studentNoise", Json.PRETTY.toJsonTree(noise));
    return o;
  }

  /**
   * Reads config.json's {@code selfTraining} section back. Sections written before a setting
   * existed read as the behaviour of their time: no {@code shareCap} is no cap, no {@code
   * studentEpochRule} is the configuration's epochs, no {@code studentNoise} is the method's
   * default noise.
   *
   * @param st the section
   * @param method the method the section must belong to
   * @param defaultNoise the method's noise, where the section does not record it
   * @param file the config.json, for messages
   * @return the configuration
   * @throws BadInputException naming the file when the section is missing or incomplete
   */
  public static SelfTrainingConfig fromJson(
      JsonObject st, String method, ModelOptions defaultNoise, Path file) {
    if (st == null || !st.has("studentOptions")) {
      throw new BadInputException(
          file
              + " does not record the student options "
              + "(written before runs could be resumed); start the run again");
    }
    try {
      List<String> students = new ArrayList<>();
      st.getAsJsonArray("students").forEach(e -> students.add(e.getAsString()));
      return new SelfTrainingConfig(
          method,
          st.get("teacher").getAsString(),
          students,
          labeler(st),
          st.get("ratio").getAsFloat(),
          Json.PRETTY.fromJson(st.get("rampUp"), RampUp.class),
          st.get("unlabeled").getAsString(),
          RunConfig.optString(st, "studentAugment"),
          RunConfig.optString(st, "teacherAugment"),
          st.has("studentNoise")
              ? Json.PRETTY.fromJson(st.get("studentNoise"), ModelOptions.class)
              : defaultNoise,
          Json.PRETTY.fromJson(st.get("studentOptions"), ModelOptions.class),
          st.get("teacherEpochs").getAsInt(),
          st.has("studentEpochRule") && st.get("studentEpochRule").getAsBoolean());
    } catch (NullPointerException | IllegalStateException | UnsupportedOperationException e) {
      throw new BadInputException(file + ": incomplete selfTraining section: " + e.getMessage(), e);
    }
  }

  /**
   * The pseudo-labeler a {@code selfTraining} section records. A run from before the share cap
   * records no {@code shareCap} and had none, so it resumes without one.
   *
   * @param st the section
   * @return the labeler
   */
  public static PseudoLabeler labeler(JsonObject st) {
    return PseudoLabeler.builder()
        .optThreshold(st.get("threshold").getAsFloat())
        .optMaxPerClass(st.get("maxPerClass").getAsInt())
        .optShareCap(st.has("shareCap") && st.get("shareCap").getAsBoolean())
        .optSoft("soft".equals(st.get("labels").getAsString()))
        .build();
  }
}
