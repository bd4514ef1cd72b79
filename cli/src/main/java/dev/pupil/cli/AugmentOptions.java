package dev.pupil.cli;

import dev.pupil.BadInputException;
import dev.pupil.augment.AugmentPipeline;
import dev.pupil.augment.AugmentSpec;
import dev.pupil.augment.BatchMixer;
import dev.pupil.run.SupervisedRun;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * The augmentation options of {@code train} (and the {@code augment} commands): a per-image
 * pipeline spec, a batch mixer spec and the data threads. Specs are parsed at once, so that a bad
 * one stops the command before any data is read, with the bad token named.
 */
public final class AugmentOptions {
  /** The default number of threads preparing augmented batches. */
  public static final int DEFAULT_THREADS = SupervisedRun.Augment.DEFAULT_THREADS;

  @Option(
      names = "--augment",
      paramLabel = "SPEC",
      description = {
        "Per-image augmentation, comma-separated: flip[:P], vflip[:P], crop[:PAD], rrc[:MIN], "
            + "rotate:DEG, translate:F, shear:DEG, jitter:S, cutout:SIZE, erase[:P], "
            + "rand-nN-mM[-mstdS] (RandAugment, M in 0..30). E.g. \"flip,crop:4,rand-n2-m9\"."
      })
  String augment;

  @Option(
      names = "--mix",
      paramLabel = "SPEC",
      description = {
        "Batch mixing with soft targets: cutmix:ALPHA, mixup:ALPHA, p:PROB (1.0), "
            + "switch:PROB (0.5, CutMix's share when both). E.g. cutmix:1.0 or "
            + "cutmix:1.0,mixup:0.2,p:1.0,switch:0.5."
      })
  String mix;

  @Option(
      names = "--data-threads",
      paramLabel = "N",
      description = "Threads preparing augmented batches ahead of training (default: 2).")
  Integer dataThreads;

  /**
   * @return whether any augmentation option was given
   */
  boolean anyGiven() {
    return augment != null || mix != null || dataThreads != null;
  }

  /**
   * The resolved choice, over stored values (a resumed run's) where an option is not given.
   *
   * @param stored the run's stored choice, or {@link SupervisedRun.Augment#NONE}
   * @return the choice, with specs validated
   */
  SupervisedRun.Augment resolve(SupervisedRun.Augment stored) {
    String a = augment != null ? augment : stored.augment();
    String m = mix != null ? mix : stored.mix();
    int t = dataThreads != null ? dataThreads : DEFAULT_THREADS;
    if (t < 0 || t > 64) {
      throw new BadInputException("--data-threads must be in [0, 64], got " + t);
    }
    AugmentPipeline p = a == null ? null : parse("--augment", a);
    BatchMixer b = m == null ? null : named("--mix", () -> BatchMixer.parse(m));
    return new SupervisedRun.Augment(
        p == null || p.steps().isEmpty() ? null : p.spec(), b == null ? null : b.spec(), t);
  }

  /**
   * Parses a per-image augmentation spec given with an option.
   *
   * @param option the option, named in the error
   * @param spec the spec
   * @return the pipeline (empty for none)
   * @throws BadInputException naming the option and the bad token
   */
  static AugmentPipeline parse(String option, String spec) {
    return named(option, () -> AugmentSpec.parse(spec));
  }

  /**
   * Parses a spec, naming the option in the error unless the parser's error is about a setting
   * (which {@link ErrorHandler} names by its flag).
   */
  private static <T> T named(String option, Supplier<T> parse) {
    try {
      return parse.get();
    } catch (BadInputException e) {
      if (e.field() != null) {
        throw e;
      }
      throw new BadInputException(option + ": " + e.getMessage(), e);
    }
  }
}
