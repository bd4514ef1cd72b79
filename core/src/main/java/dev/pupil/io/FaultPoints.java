package dev.pupil.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test-only fault injection for crash tests: lets a test stop a real Pupil process at a named point
 * (between writing a checkpoint's temporary file and renaming it, after a given batch) so that its
 * {@code kill -9} lands there deterministically. Inert unless the system property {@value
 * #PROPERTY} is set, e.g. {@code -Dpupil.test.faultPoint=rename:last.ckpt#2} (the second time that
 * point is reached). When the point is reached the process creates the file named by {@value
 * #MARKER} (so the test knows it is there) and then sleeps until it is killed.
 */
public final class FaultPoints {
  /** The system property naming the point at which to stop, with an optional {@code #N}. */
  public static final String PROPERTY = "pupil.test.faultPoint";

  /** The system property naming the file created when the point is reached. */
  public static final String MARKER = "pupil.test.faultMarker";

  private static final String POINT = System.getProperty(PROPERTY);
  private static final Map<String, Integer> REACHED = new ConcurrentHashMap<>();

  private FaultPoints() {}

  /**
   * Marks that the process reached a point; stops here forever when it is the configured one.
   *
   * @param name the point, e.g. {@code rename:last.ckpt} or {@code batch:2:3}
   */
  public static void reach(String name) {
    if (POINT == null) {
      return;
    }
    int hash = POINT.lastIndexOf('#');
    String wanted = hash < 0 ? POINT : POINT.substring(0, hash);
    int nth = hash < 0 ? 1 : Integer.parseInt(POINT.substring(hash + 1));
    if (!wanted.equals(name) || REACHED.merge(name, 1, Integer::sum) != nth) {
      return;
    }
    String marker = System.getProperty(MARKER);
    try {
      if (marker != null) {
        Files.writeString(Path.of(marker), name);
      }
      while (true) {
        Thread.sleep(60_000);
      }
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("fault point " + name + " interrupted", e);
    }
  }
}
