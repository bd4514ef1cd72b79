package dev.pupil.spark;

import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Starts the {@link SparkSession} of a job. On a local master everything binds to 127.0.0.1, and
 * on every master the web UI is off; image folders are split so that a partition holds thousands
 * of small images, not the 32 that Spark's default 4 MB open cost per file gives. Executors in
 * their own JVMs get the {@code --add-opens} set Spark's launcher gives them on Java 17 and DJL's
 * offline settings. Every default can be overridden by the job's settings.
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

  private SparkSessions() {}

  /**
   * @param master e.g. {@code local[*]}, {@code local[2]}, {@code spark://host:7077}, {@code yarn}
   * @return whether the master runs in this JVM or on loopback only
   */
  public static boolean isLocal(String master) {
    return master.startsWith("local");
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
            .config("spark.executor.extraJavaOptions",
                JAVA_MODULE_OPTIONS + " -Dai.djl.offline=true -Djava.awt.headless=true")
            .config("spark.executorEnv.OPT_OUT_TRACKING", "true");
    if (isLocal(master)) {
      b.config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.executorEnv.SPARK_LOCAL_IP", "127.0.0.1");
    }
    settings.forEach(b::config);
    return b.getOrCreate();
  }
}
