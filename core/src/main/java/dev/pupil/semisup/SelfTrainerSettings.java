package dev.pupil.semisup;

import ai.djl.Device;
import dev.pupil.augment.Augmentation;
import dev.pupil.data.Normalization;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.ModelOptions;
import dev.pupil.models.ModelRegistry;
import dev.pupil.train.EpochRule;
import dev.pupil.train.TrainConfig;
import dev.pupil.train.TrainerBuilder;
import dev.pupil.train.TrainingLoop;
import dev.pupil.train.TrainingOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The resolved settings of a {@link SelfTrainer}, made by its {@link Builder}.
 *
 * @param teacher a trained first teacher (the caller's to close), or null to train one
 * @param teacherArchitecture the first teacher's architecture when it is trained here
 * @param students each round's student architecture, in order (the student-size schedule)
 * @param config the training configuration of every student, and of the first teacher unless {@code
 *     teacherConfig} is given
 * @param teacherConfig the first teacher's own training configuration (with few labels it needs
 *     many more epochs than a student, whose epoch is a pass over the pseudo-labeled pool), or null
 *     for {@code config}
 * @param studentEpochRule when not null, each student's epochs come from this rule over the round's
 *     pseudo-labeled images (the epoch a student's loop counts), instead of {@code config}'s: a
 *     small pool then still gets enough optimizer steps
 * @param labeler how pool predictions become pseudo-labels
 * @param ratio pseudo-labeled images per labeled image in every batch
 * @param rampUp the pseudo-labeled term's weight over epochs
 * @param augmentation the students' input noise, or null
 * @param teacherAugmentation the first teacher's augmentation when it is trained here, or null for
 *     the students' (with few labels a teacher often does better with milder augmentation than the
 *     students' noise)
 * @param studentOptions the architecture options of the first teacher and of every student
 *     (dropout, stochastic depth), which each of them must take
 * @param noise network noise for the networks this trainer makes, applied where an architecture
 *     takes it and {@code studentOptions} leaves it at the paper's default (Noisy Student's dropout
 *     0.5 and stochastic depth 0.2, Xie et al. 2020 §3); {@link ModelOptions#DEFAULTS} for none
 * @param normalization the preprocessing, or null for the labeled images' statistics
 * @param run the run folder, or null
 * @param resume whether to continue from the run folder's checkpoints: every round whose run has a
 *     last.ckpt continues from it (a finished round's loop then trains no more epochs)
 * @param device the device
 * @param dataThreads threads preparing augmented labeled batches
 * @param listeners epoch progress listeners, added to every run
 * @param roundListeners round listeners
 */
public record SelfTrainerSettings(
    ClassifierModel teacher,
    String teacherArchitecture,
    List<String> students,
    TrainConfig config,
    TrainConfig teacherConfig,
    EpochRule studentEpochRule,
    PseudoLabeler labeler,
    float ratio,
    RampUp rampUp,
    Augmentation augmentation,
    Augmentation teacherAugmentation,
    ModelOptions studentOptions,
    ModelOptions noise,
    Normalization normalization,
    TrainingOutput run,
    boolean resume,
    Device device,
    int dataThreads,
    List<TrainingLoop.Listener> listeners,
    List<SelfTrainer.RoundListener> roundListeners) {

  /**
   * The options one network of this run is built with: {@code studentOptions}, plus the {@code
   * noise} dropout and stochastic depth where the architecture takes them and {@code
   * studentOptions} leaves them open.
   *
   * @param architecture a registry name
   * @return its options
   */
  public ModelOptions optionsFor(String architecture) {
    return withNoise(studentOptions, noise, architecture);
  }

  /**
   * @param options the options given
   * @param noise dropout and stochastic depth to add where {@code options} leaves them open
   * @param architecture a registry name; only the noise it takes is added
   * @return the options for that architecture
   */
  public static ModelOptions withNoise(
      ModelOptions options, ModelOptions noise, String architecture) {
    Set<ModelOptions.Option> takes = ModelRegistry.get(architecture).supportedOptions();
    ModelOptions o = options;
    if (Double.isNaN(o.dropout()) && takes.contains(ModelOptions.Option.DROPOUT)) {
      o = o.withDropout(noise.dropout());
    }
    if (Double.isNaN(o.stochasticDepth()) && takes.contains(ModelOptions.Option.STOCHASTIC_DEPTH)) {
      o = o.withStochasticDepth(noise.stochasticDepth());
    }
    return o;
  }

  /**
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link SelfTrainer}; {@code setX} are required, {@code optX} optional. */
  public static final class Builder extends TrainerBuilder<Builder> {
    private ClassifierModel teacher;
    private String teacherArchitecture;
    private List<String> students;
    private TrainConfig teacherConfig;
    private EpochRule studentEpochRule;
    private PseudoLabeler labeler;
    private float ratio = 1f;
    private RampUp rampUp = RampUp.constant(1f);
    private Augmentation augmentation;
    private Augmentation teacherAugmentation;
    private ModelOptions studentOptions = ModelOptions.DEFAULTS;
    private ModelOptions noise = ModelOptions.DEFAULTS;
    private Device device = Device.cpu();
    private int dataThreads = 2;
    private final List<SelfTrainer.RoundListener> roundListeners = new ArrayList<>();

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * @param name the first teacher's architecture, trained on the labeled images
     */
    public Builder setTeacherArchitecture(String name) {
      this.teacherArchitecture = name;
      return this;
    }

    /**
     * @param model a trained first teacher instead (stays the caller's to close)
     */
    public Builder optTeacher(ClassifierModel model) {
      this.teacher = model;
      return this;
    }

    /**
     * @param names each round's student architecture (required, at least one)
     */
    public Builder setStudents(List<String> names) {
      this.students = names == null ? null : List.copyOf(names);
      return this;
    }

    /**
     * @param c the first teacher's own training configuration, when it is trained here (default:
     *     the students' configuration)
     */
    public Builder optTeacherConfig(TrainConfig c) {
      this.teacherConfig = c;
      return this;
    }

    /**
     * @param rule the rule that gives each student its epochs from the round's pseudo-labeled
     *     images; default none (every student takes the configuration's epochs)
     */
    public Builder optStudentEpochRule(EpochRule rule) {
      this.studentEpochRule = rule;
      return this;
    }

    /**
     * @param l the pseudo-labeler (required)
     */
    public Builder setLabeler(PseudoLabeler l) {
      this.labeler = l;
      return this;
    }

    /**
     * @param r pseudo-labeled images per labeled image in a batch, &gt; 0; default 1
     */
    public Builder optRatio(float r) {
      this.ratio = r;
      return this;
    }

    /**
     * @param r the pseudo-labeled term's weight over epochs; default constant 1
     */
    public Builder optRampUp(RampUp r) {
      this.rampUp = r;
      return this;
    }

    /**
     * @param a the students' input noise (e.g. RandAugment); default none
     */
    public Builder optAugmentation(Augmentation a) {
      this.augmentation = a;
      return this;
    }

    /**
     * @param o the students' options (dropout, stochastic depth); default each paper's
     */
    public Builder optStudentOptions(ModelOptions o) {
      this.studentOptions = o == null ? ModelOptions.DEFAULTS : o;
      return this;
    }

    /**
     * @param o dropout and stochastic depth added where an architecture takes them and the student
     *     options leave them open; default none
     */
    public Builder optNoise(ModelOptions o) {
      this.noise = o == null ? ModelOptions.DEFAULTS : o;
      return this;
    }

    /**
     * @param d the device; default CPU
     */
    public Builder optDevice(Device d) {
      this.device = d;
      return this;
    }

    /**
     * @param a the first teacher's augmentation, when it is trained here (default: the students')
     */
    public Builder optTeacherAugmentation(Augmentation a) {
      this.teacherAugmentation = a;
      return this;
    }

    /**
     * @param n threads preparing augmented labeled batches, &gt;= 0; default 2
     */
    public Builder optDataThreads(int n) {
      this.dataThreads = n;
      return this;
    }

    /**
     * @param l a round listener
     */
    public Builder addRoundListener(SelfTrainer.RoundListener l) {
      roundListeners.add(l);
      return this;
    }

    /**
     * @return the trainer
     */
    public SelfTrainer build() {
      if (teacher == null && teacherArchitecture == null) {
        throw new IllegalArgumentException("teacherArchitecture or teacher is required");
      }
      if (teacher != null && teacherArchitecture != null) {
        throw new IllegalArgumentException("give teacherArchitecture or teacher, not both");
      }
      if (teacherArchitecture != null) {
        ModelRegistry.get(teacherArchitecture);
      }
      if (students == null || students.isEmpty()) {
        throw new IllegalArgumentException("students must name at least one architecture");
      }
      students.forEach(ModelRegistry::get);
      checkCommon();
      if ((teacherConfig != null || teacherAugmentation != null) && teacher != null) {
        throw new IllegalArgumentException(
            "teacherConfig and teacherAugmentation are for a teacher trained here, not a given"
                + " one");
      }
      if (labeler == null) {
        throw new IllegalArgumentException("labeler is required");
      }
      if (!(ratio > 0) || Float.isInfinite(ratio)) {
        throw new IllegalArgumentException("ratio must be > 0 and finite, got " + ratio);
      }
      if (rampUp == null) {
        throw new IllegalArgumentException("rampUp is required");
      }
      if (dataThreads < 0) {
        throw new IllegalArgumentException("dataThreads must be >= 0, got " + dataThreads);
      }
      if (teacher == null) {
        ModelRegistry.get(teacherArchitecture).checkOptions(studentOptions);
      }
      students.forEach(s -> ModelRegistry.get(s).checkOptions(studentOptions));
      return new SelfTrainer(
          new SelfTrainerSettings(
              teacher,
              teacherArchitecture,
              students,
              config(),
              teacherConfig,
              studentEpochRule,
              labeler,
              ratio,
              rampUp,
              augmentation,
              teacherAugmentation,
              studentOptions,
              noise,
              normalization(),
              runDirectory(),
              resume(),
              device,
              dataThreads,
              listeners(),
              List.copyOf(roundListeners)));
    }
  }
}
