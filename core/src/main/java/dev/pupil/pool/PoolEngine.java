package dev.pupil.pool;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Runs a {@link PoolJob}. {@link JvmPoolEngine} ("jvm") runs it in this JVM; other engines are
 * found with {@link ServiceLoader} when their module is on the class path (the {@code pupil-spark}
 * module registers "spark"), so the library and the CLI do not depend on them.
 */
public interface PoolEngine extends AutoCloseable {
  /**
   * @return the engine's name, as the {@code engine} setting takes it
   */
  String name();

  /**
   * Runs the job and writes its outputs under {@link PoolJob#out()}.
   *
   * @param job the job
   * @return what was done
   * @throws dev.pupil.BadInputException when the model, pool or settings are unusable
   */
  PoolSummary run(PoolJob job);

  /**
   * Starts, in the background, what a job with this setup will need, so that it overlaps with
   * reading the pool; a later {@link #run} of a job with an equal {@link PoolJob#setup()} uses it,
   * and {@link #close()} releases it if no job came. Only a hint: the default does nothing, and a
   * failure here surfaces, if at all, from {@code run}.
   *
   * @param setup the job's engine, model and settings
   */
  default void prepare(PoolJob.Setup setup) {}

  /** Releases what {@link #prepare} started and no job used; the default has nothing to release. */
  @Override
  default void close() {}

  /**
   * Finds an engine by name: "jvm", or one registered with {@link ServiceLoader}.
   *
   * @param name the engine's name
   * @return the engine
   * @throws IllegalStateException naming the engines there are when none has that name
   */
  static PoolEngine named(String name) {
    List<String> names = new ArrayList<>(List.of(JvmPoolEngine.NAME));
    if (JvmPoolEngine.NAME.equals(name)) {
      return new JvmPoolEngine();
    }
    try {
      for (PoolEngine e : ServiceLoader.load(PoolEngine.class)) {
        if (e.name().equals(name)) {
          return e;
        }
        names.add(e.name());
      }
    } catch (ServiceConfigurationError | LinkageError e) {
      throw new IllegalStateException(
          "a pool engine on the class path cannot be loaded (are its jars complete?): "
              + e.getMessage(),
          e);
    }
    throw new IllegalStateException(
        "no pool engine '"
            + name
            + "' on the class path (found: "
            + String.join(", ", names)
            + ")");
  }
}
