package dev.pupil.cli;

import dev.pupil.io.Json;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code --json} option and the streams a command writes to. Human text goes to stdout; with
 * {@code --json}, stdout holds exactly one JSON object and progress goes to stderr.
 */
public final class Output {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--json", description = "Print one JSON object with the results instead of text.")
  boolean json;

  /**
   * @return whether {@code --json} was given
   */
  public boolean json() {
    return json;
  }

  /**
   * @return stdout
   */
  public PrintWriter out() {
    return spec.commandLine().getOut();
  }

  /**
   * @return stderr
   */
  public PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /**
   * @return where progress lines go: stdout for text, stderr under {@code --json}
   */
  public PrintWriter progress() {
    return json ? err() : out();
  }

  /**
   * @param line a line of human text, printed unless {@code --json} was given
   */
  public void text(String line) {
    if (!json) {
      out().println(line);
      out().flush();
    }
  }

  /**
   * @param keysAndValues alternating keys and values
   * @return an ordered map of them, for a JSON result whose fields keep their order
   */
  public static Map<String, Object> fields(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  /**
   * @param value the result, printed as pretty JSON when {@code --json} was given
   */
  public void result(Object value) {
    if (json) {
      out().println(Json.PRETTY.toJson(value));
      out().flush();
    }
  }
}
