package dev.pupil.run;

import dev.pupil.io.Provenance;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a run's run.json: seed, provenance (versions and machine), start and end time, duration,
 * the command line, and the command's results; then the run's report.html.
 */
public final class RunRecord {
  private RunRecord() {}

  /**
   * @param run the run folder
   * @param seed the run's seed
   * @param start when the command started
   * @param commandLine the command as typed
   * @param results final metrics and what else the command reports
   * @return what was written
   */
  public static Map<String, Object> write(
      RunDirectory run, long seed, Instant start, String commandLine, Map<String, Object> results) {
    Instant end = Instant.now();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seed", seed);
    m.put("provenance", Provenance.collect().toMap());
    m.put("start", start.toString());
    m.put("end", end.toString());
    m.put("durationSeconds", Duration.between(start, end).toMillis() / 1000.0);
    m.put("commandLine", commandLine);
    m.putAll(results);
    run.writeJson(run.runFile(), m);
    Reports.write(run);
    return m;
  }
}
