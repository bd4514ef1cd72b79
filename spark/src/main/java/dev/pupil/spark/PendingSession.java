package dev.pupil.spark;

import dev.pupil.pool.PoolJob;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.spark.sql.SparkSession;

/**
 * A Spark session starting on a background thread, and then the job's model loading into {@link
 * ModelCache}, while the caller reads the pool ({@link SparkPoolEngine#prepare}). Its owner either
 * takes the session ({@link #await}) or stops it ({@link #stop}).
 */
final class PendingSession {
  private final PoolJob.Setup setup;
  private final CompletableFuture<SparkSession> session = new CompletableFuture<>();
  private volatile double seconds = Double.NaN;

  private PendingSession(PoolJob.Setup setup) {
    this.setup = setup;
  }

  /**
   * @param setup the job's setup
   * @param master the master URL to start
   * @return the session being started
   */
  static PendingSession start(PoolJob.Setup setup, String master) {
    PendingSession p = new PendingSession(setup);
    Thread t = new Thread(() -> p.run(master), "pupil-spark-start");
    t.setDaemon(true);
    t.setContextClassLoader(Thread.currentThread().getContextClassLoader());
    t.start();
    return p;
  }

  private void run(String master) {
    long t0 = System.nanoTime();
    SparkSession spark;
    try {
      spark = SparkSessions.start(master, SparkPoolEngine.appName(setup), setup.settings());
    } catch (Throwable e) {
      session.completeExceptionally(e);
      return;
    }
    seconds = (System.nanoTime() - t0) / 1e9;
    try {
      ModelCache.get(SparkPoolEngine.modelKey(setup.model()), setup.allowTorchScript());
    } catch (RuntimeException e) {
      // The job loads it again on the caller's thread and reports what is wrong there.
    }
    session.complete(spark);
  }

  /**
   * @return the setup it was started for
   */
  PoolJob.Setup setup() {
    return setup;
  }

  /**
   * @return how long the session took to start, NaN until it has
   */
  double seconds() {
    return seconds;
  }

  /**
   * @return the session, once started
   * @throws RuntimeException what the start threw
   */
  SparkSession await() {
    try {
      return session.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException("the Spark session did not start: " + cause, cause);
    }
  }

  /** Waits for the start to end, then stops the session, so that no later job picks it up. */
  void stop() {
    SparkSession spark;
    try {
      spark = session.join();
    } catch (CompletionException | CancellationException e) {
      return;
    }
    spark.stop();
  }
}
