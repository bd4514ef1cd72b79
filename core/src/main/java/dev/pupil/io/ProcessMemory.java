package dev.pupil.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory of this process from /proc/self/status (Linux); -1 elsewhere. */
public final class ProcessMemory {
  private ProcessMemory() {}

  /**
   * @return current resident set size in bytes (VmRSS), or -1
   */
  public static long rssBytes() {
    return read("VmRSS:");
  }

  /**
   * @return peak resident set size in bytes (VmHWM), or -1
   */
  public static long peakRssBytes() {
    return read("VmHWM:");
  }

  private static long read(String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(key)) {
          String[] parts = line.substring(key.length()).trim().split("\\s+");
          return Long.parseLong(parts[0]) * 1024L;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return -1;
  }
}
