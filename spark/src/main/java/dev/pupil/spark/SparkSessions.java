package dev.pupil.spark;

import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Starts the {@link SparkSession} of a job. On a local master everything binds to 127.0.0.1, and on
 * every master the web UI is off; image folders are split so that a partition holds thousands of
 * small images, not the 32 that Spark's default 4 MB open cost per file gives. Executors in their
 * own JVMs get the {@code --add-opens} set Spark's launcher gives them on Java 17 and DJL's offline
 * settings and {@link #MALLOC_ENV}. Every default can be overridden by the job's settings.
 */
public final class SparkSessions {
  /**
   * The JVM options Spark's launcher passes its JVMs on Java 17 ({@code
   * org.apache.spark.launcher.JavaModuleOptions}, Spark 4.1).
   */
  public static final String JAVA_MODULE_OPTIONS =
      "-XX:+IgnoreUnrecognizedVMOptions --add-modules=jdk.incubator.vector"
          + " --add-opens=java.base/java.lang=ALL-UNNAMED"
          + " --add-opens=java.base/java.lang.invoke=ALL-UNNAMED"
          + " --add-opens=java.base/java.lang.reflect=ALL-UNNAMED"
          + " --add-opens=java.base/java.io=ALL-UNNAMED"
          + " --add-opens=java.base/java.net=ALL-UNNAMED"
          + " --add-opens=java.base/java.nio=ALL-UNNAMED"
          + " --add-opens=java.base/java.util=ALL-UNNAMED"
          + " --add-opens=java.base/java.util.concurrent=ALL-UNNAMED"
          + " --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED"
          + " --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED"
          + " --add-opens=java.base/sun.nio.ch=ALL-UNNAMED"
          + " --add-opens=java.base/sun.nio.cs=ALL-UNNAMED"
          + " --add-opens=java.base/sun.security.action=ALL-UNNAMED"
          + " --add-opens=java.base/sun.util.calendar=ALL-UNNAMED"
          + " --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED"
          + " -Djdk.reflect.useDirectMethodHandle=false"
          + " -Dio.netty.tryReflectionSetAccessible=true"
          + " --enable-native-access=ALL-UNNAMED"
          + " -Dio.netty.allocator.type=pooled"
          + " -Dio.netty.handler.ssl.defaultEndpointVerificationAlgorithm=NONE";

  /** The default split size of image folders and tables: 32 MB. */
  public static final String MAX_PARTITION_BYTES = "32m";

  /** The default cost of opening a file, counted as its bytes: 8 KB, a small image. */
  public static final String OPEN_COST_BYTES = "8192";

  /**
   * The glibc malloc settings {@code ./pupil} exports, given to executors started elsewhere as
   * {@code spark.executorEnv.*}: one arena, and libtorch's buffers kept in the heap rather than
   * returned and re-faulted on every batch (docs/benchmarks.md, issue 10).
   */
  public static final Map<String, String> MALLOC_ENV =
      Map.of(
          "MALLOC_ARENA_MAX",
          "1",
          "MALLOC_MMAP_THRESHOLD_",
          "33554432",
          "MALLOC_TRIM_THRESHOLD_",
          "268435456");

  private SparkSessions() {}

  /**
   * @param master e.g. {@code local[*]}, {@code local[2]}, {@code spark://host:7077}, {@code yarn}
   * @return whether the master runs in this JVM or on loopback only
   */
  public static boolean isLocal(String master) {
    return master.startsWith("local");
  }

  /**
   * The task slots of a local master, whose tasks all run in this JVM: {@code local} 1, {@code
   * local[N]} and {@code local[N,F]} N, {@code local[*]} the available processors; 0 for any other
   * master (its executors are other JVMs).
   *
   * @param master the master URL
   * @return the slots, or 0
   */
  public static int localSlots(String master) {
    if (master.equals("local")) {
      return 1;
    }
    if (!master.startsWith("local[") || !master.endsWith("]")) {
      return 0;
    }
    String n = master.substring(6, master.length() - 1).split(",")[0].strip();
    if (n.equals("*")) {
      return Runtime.getRuntime().availableProcessors();
    }
    try {
      return Math.max(0, Integer.parseInt(n));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * Gets or creates the session.
   *
   * @param master the master URL
   * @param appName the application's name
   * @param settings {@code spark.*} properties, applied last
   * @return the session
   */
  public static SparkSession start(String master, String appName, Map<String, String> settings) {
    SparkSession.Builder b =
        SparkSession.builder()
            .master(master)
            .appName(appName)
            .config("spark.ui.enabled", "false")
            .config("spark.sql.files.maxPartitionBytes", MAX_PARTITION_BYTES)
            .config("spark.sql.files.openCostInBytes", OPEN_COST_BYTES)
            .config(
                "spark.executor.extraJavaOptions",
                JAVA_MODULE_OPTIONS + " -Dai.djl.offline=true -Djava.awt.headless=true")
            .config("spark.executorEnv.OPT_OUT_TRACKING", "true");
    MALLOC_ENV.forEach((k, v) -> b.config("spark.executorEnv." + k, v));
    if (isLocal(master)) {
      b.config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.executorEnv.SPARK_LOCAL_IP", "127.0.0.1");
    }
    settings.forEach(b::config);
    return b.getOrCreate();
  }
}
