package dev.pupil.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The root command, {@code pupil}: image classifiers from scarce labels. Only picocli and this
 * package's small classes load before a subcommand runs, so {@code pupil --help} answers at once;
 * the engine loads when a command needs it.
 */
@Command(
    name = "pupil",
    mixinStandardHelpOptions = true,
    versionProvider = Pupil.Version.class,
    description = "Image classifiers from scarce labels (DJL + PyTorch, CPU).",
    footer = {
      "",
      "Exit codes: 0 ok, 1 failure, 2 bad usage or input.",
      "Run `pupil COMMAND --help` for a command's options; `pupil demo` for a tour."
    },
    subcommands = {
      TrainCommand.class,
      TransferCommand.class,
      EvalCommand.class,
      PredictCommand.class,
      ExplainCommand.class,
      KnnCommand.class,
      EmbedCommand.class,
      TemplatesCommand.class,
      ReportCommand.class,
      CompareCommand.class,
      AugmentCommand.class,
      DataCommand.class,
      ModelsCommand.class,
      ReceptiveFieldCommand.class,
      DistillCommand.class,
      PseudoLabelCommand.class,
      NoisyStudentCommand.class,
      FixMatchCommand.class,
      SuggestLabelsCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Pupil implements Runnable {
  /** Exit code of a successful command. */
  public static final int OK = 0;

  /** Exit code of a command that failed for a reason other than its input. */
  public static final int FAILURE = 1;

  /** Exit code of bad usage or bad input (an option, a file, a name). */
  public static final int BAD_INPUT = 2;

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "Print stack traces of unexpected errors.")
  boolean debug;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * Builds the configured command line: error handlers that print one line and map to exit codes.
   *
   * @return the command line, ready for {@code execute(args)}
   */
  public static CommandLine commandLine() {
    ErrorHandler handler = new ErrorHandler();
    return new CommandLine(new Pupil())
        .setExecutionExceptionHandler(handler)
        .setParameterExceptionHandler(handler)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setUsageHelpAutoWidth(true);
  }

  /**
   * Runs {@code pupil} and exits with its code.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * @param spec any command's spec
   * @return whether {@code --debug} was given
   */
  static boolean debug(CommandLine.Model.CommandSpec spec) {
    Object root = spec.root().userObject();
    return root instanceof Pupil p && p.debug;
  }

  /**
   * @param spec any command's spec
   * @return the command line as typed, for run.json
   */
  static String typed(CommandLine.Model.CommandSpec spec) {
    CommandLine.ParseResult r = spec.root().commandLine().getParseResult();
    List<String> args = r == null ? List.of() : r.originalArgs();
    return "pupil " + String.join(" ", args);
  }

  /** Reports Pupil's version (from the jar manifest) and Java's, without loading the engine. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Pupil.class.getPackage().getImplementationVersion();
      return new String[] {
        "pupil " + (v == null ? "0.1.0-SNAPSHOT" : v),
        "Java "
            + System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vendor")
            + ")",
        "DJL 0.35.1, PyTorch 2.7.1 (CPU)"
      };
    }
  }
}
