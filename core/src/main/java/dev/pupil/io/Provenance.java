package dev.pupil.io;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where and with what a result was produced: Pupil, DJL, engine and Java versions, and the machine
 * (CPU model, cores, memory, OS). Every run.json and benchmark JSON carries one, so that a number
 * can be traced to the software and hardware that made it (as Tribuo's provenance does).
 *
 * @param pupilVersion Pupil's version
 * @param djlVersion DJL's version
 * @param engine the engine's name and version, e.g. "PyTorch 2.7.1"
 * @param javaVersion the JVM's version and vendor
 * @param os operating system name, version and architecture
 * @param cpuModel the CPU's model name from /proc/cpuinfo, or "unknown"
 * @param cores available processors
 * @param memoryBytes physical memory, or -1 where unknown
 */
public record Provenance(
    String pupilVersion,
    String djlVersion,
    String engine,
    String javaVersion,
    String os,
    String cpuModel,
    int cores,
    long memoryBytes) {

  /**
   * @return the provenance of this process (loads the engine)
   */
  public static Provenance collect() {
    Engine e = Engine.getInstance();
    return new Provenance(
        currentPupilVersion(),
        Engine.getDjlVersion(),
        e.getEngineName() + " " + e.getVersion(),
        System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")",
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"),
        readCpuModel(),
        Runtime.getRuntime().availableProcessors(),
        readMemoryBytes());
  }

  /**
   * @return Pupil's version from the jar manifest, or "dev" when run from classes
   */
  public static String currentPupilVersion() {
    String v = Provenance.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }

  /**
   * @return this provenance as an ordered map, for JSON
   */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("pupil", pupilVersion);
    m.put("djl", djlVersion);
    m.put("engine", engine);
    m.put("java", javaVersion);
    m.put("os", os);
    m.put("cpu", cpuModel);
    m.put("cores", cores);
    m.put("memoryBytes", memoryBytes);
    return m;
  }

  private static String readCpuModel() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
      for (String l : lines) {
        if (l.startsWith("model name")) {
          return l.substring(l.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: fall through
    }
    return "unknown";
  }

  private static long readMemoryBytes() {
    try {
      var os = ManagementFactory.getOperatingSystemMXBean();
      if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
        return sun.getTotalMemorySize();
      }
    } catch (RuntimeException | LinkageError e) {
      // unavailable on this JVM
    }
    return -1;
  }
}
