package dev.pupil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pupil.BadInputException;
import dev.pupil.models.ModelOptions;
import dev.pupil.train.TrainConfig;
import dev.pupil.transfer.TransferPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Core names settings by field; the CLI names them by flag, and every flag exists. */
class FlagNamesTest {
  /** Core's main sources, read to find the fields its errors and texts name. */
  private static final Path CORE = Path.of("../core/src/main/java");

  /** A field name passed to forField or to a naming function, e.g. name.apply("epochs"). */
  private static final Pattern NAMED =
      Pattern.compile("(?:forField\\(|\\.apply\\()\\s*\"([a-z][A-Za-z]*)\"");

  @Test
  void aFlagIsTheFieldInKebabCaseUnlessTheTableSaysOtherwise() {
    assertThat(FlagNames.flag("lr")).isEqualTo("--lr");
    assertThat(FlagNames.flag("batchSize")).isEqualTo("--batch-size");
    assertThat(FlagNames.flag("backboneLrScale")).isEqualTo("--backbone-lr-scale");
    assertThat(FlagNames.flag("earlyStopPatience")).isEqualTo("--early-stop");
    assertThat(FlagNames.flag("dropout")).isEqualTo("--drop");
    assertThat(FlagNames.flag("stochasticDepth")).isEqualTo("--drop-path");
    assertThat(FlagNames.flag("allowTorchScript")).isEqualTo("--allow-torchscript");
    assertThat(FlagNames.described(ModelOptions.Option.STOCHASTIC_DEPTH))
        .isEqualTo("stochasticDepth (--drop-path)");
  }

  @Test
  void aFieldErrorIsWordedWithTheFlagAndOthersAsTheyAre() {
    assertThat(
            FlagNames.message(
                BadInputException.forField("earlyStopPatience", "must be >= 0, got -1")))
        .isEqualTo("--early-stop must be >= 0, got -1");
    assertThat(FlagNames.message(new BadInputException("data/ does not exist")))
        .isEqualTo("data/ does not exist");
    assertThat(
            ErrorHandler.badInputMessage(
                BadInputException.forField("labelsPerClass", "must be >= 0, got -3")))
        .isEqualTo("--labels-per-class must be >= 0, got -3");
  }

  @Test
  void everyFieldCoreNamesIsAFlagOfSomeCommand() {
    Set<String> flags = everyFlag();
    Set<String> fields = new TreeSet<>(FlagNames.DIFFERENT.keySet());
    for (ModelOptions.Option o : ModelOptions.Option.values()) {
      fields.add(o.field());
    }
    for (RecordComponent c : TrainConfig.class.getRecordComponents()) {
      fields.add(c.getName());
    }
    for (RecordComponent c : TransferPlan.class.getRecordComponents()) {
      fields.add(c.getName());
    }
    Set<String> named = fieldsNamedInCore();
    assertThat(named)
        .as("fields core's sources name")
        .contains(
            "labelsPerClass",
            "valFraction",
            "schedule",
            "approach",
            "mix",
            "engine",
            "imageSize",
            "channels",
            "allowTorchScript",
            "lr",
            "epochs");
    fields.addAll(named);
    for (String field : fields) {
      assertThat(flags).as("the flag of %s", field).contains(FlagNames.flag(field));
    }
  }

  /** Every option name of every command and subcommand. */
  private static Set<String> everyFlag() {
    Set<String> flags = new TreeSet<>();
    ArrayDeque<CommandLine> todo = new ArrayDeque<>();
    todo.add(Pupil.commandLine());
    while (!todo.isEmpty()) {
      CommandLine c = todo.poll();
      for (OptionSpec o : c.getCommandSpec().options()) {
        flags.addAll(Set.of(o.names()));
      }
      todo.addAll(c.getSubcommands().values());
    }
    assertThat(flags).contains("--epochs", "--drop-path", "--approach");
    return flags;
  }

  /** The fields core's main code names in forField(...) and name.apply(...) calls. */
  private static Set<String> fieldsNamedInCore() {
    assertThat(CORE).isDirectory();
    Set<String> named = new TreeSet<>();
    try (Stream<Path> files = Files.walk(CORE)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher m = NAMED.matcher(Files.readString(f));
        while (m.find()) {
          named.add(m.group(1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return named;
  }
}
