package dev.pupil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import org.junit.jupiter.api.Test;

class CliHelpTest {
  @Test
  void helpListsEveryCommand() {
    Cli.Result r = Cli.run("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains(
            "train",
            "eval",
            "predict",
            "knn",
            "templates",
            "data",
            "models",
            "demo",
            "distill",
            "pseudo-label",
            "noisy-student",
            "report",
            "compare",
            "fixmatch",
            "Exit codes");
  }

  @Test
  void subcommandHelpDescribesOptions() {
    Cli.Result r = Cli.run("train", "--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("--labels-per-class", "--resume", "cnn-small", "fashion-mnist");
  }

  @Test
  void noHelpTextNamesAnInternalIssue() {
    ArrayDeque<picocli.CommandLine> todo = new ArrayDeque<>();
    todo.add(Pupil.commandLine());
    int seen = 0;
    while (!todo.isEmpty()) {
      picocli.CommandLine c = todo.poll();
      String help = c.getUsageMessage(picocli.CommandLine.Help.Ansi.OFF);
      assertThat(help).as(c.getCommandName()).doesNotContainPattern("(?i)issue\\s*#?\\d");
      todo.addAll(c.getSubcommands().values());
      seen++;
    }
    assertThat(seen).isGreaterThan(20);
  }

  @Test
  void versionNamesPupil() {
    Cli.Result r = Cli.run("--version");
    assertThat(r.code()).isZero();
    assertThat(r.out()).startsWith("pupil ");
  }

  @Test
  void unknownOptionIsOneLineAndExitTwo() {
    Cli.Result r = Cli.run("train", "--no-such-option");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).startsWith("pupil: ").contains("--no-such-option");
  }

  @Test
  void dataWithoutSubcommandIsBadUsage() {
    Cli.Result r = Cli.run("data");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("fetch or info");
  }

  @Test
  void modelsListsEveryArchitectureWithParameterCounts() {
    Cli.Result r = Cli.run("models", "--input", "28x28x1");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("linear", "7,850", "cnn-small", "lenet5", "mlp");
  }
}
