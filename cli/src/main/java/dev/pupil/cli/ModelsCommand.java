package dev.pupil.cli;

import dev.pupil.BadInputException;
import dev.pupil.models.Architecture;
import dev.pupil.models.ModelOptions;
import dev.pupil.models.ModelRegistry;
import dev.pupil.models.ModelSpec;
import dev.pupil.models.ModelStats;
import dev.pupil.run.InputShape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pupil models}: every registered architecture with its description, its parameter count and
 * its forward FLOPs for an input shape (built, initialized, and walked with shapes by {@link
 * ModelStats}).
 */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = {
      "List the architectures with parameter counts and forward FLOPs for an input.",
      "FLOPs: 2 x the multiply-adds of convolutions and fully connected layers for one image"
          + " (batch norm, activations and pooling not counted). Parameters: learnable ones"
          + " used at inference (not batch-norm running statistics, not GoogLeNet's auxiliary"
          + " heads, shown apart)."
    })
final class ModelsCommand implements Callable<Integer> {
  @Mixin Output output;

  @Option(
      names = "--input",
      paramLabel = "HxWxC",
      defaultValue = "28x28x1",
      description = "Input shape the parameters are counted for (default: 28x28x1).")
  String input;

  @Option(
      names = "--classes",
      paramLabel = "N",
      defaultValue = "10",
      description = "Classes (default: 10).")
  int classes;

  @Override
  public Integer call() {
    InputShape s = InputShape.parse("--input", input);
    if (s.channels() == 0) {
      throw new BadInputException("--input needs the channels too, e.g. " + s + "x1");
    }
    ModelSpec spec = new ModelSpec(s.channels(), s.height(), s.width(), classes);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Architecture a : ModelRegistry.all()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", a.name());
      row.put("description", a.description());
      row.put(
          "options", a.supportedOptions().stream().map(o -> FlagNames.flag(o.field())).toList());
      try {
        ModelStats st = ModelStats.measure(a.name(), spec, ModelOptions.DEFAULTS);
        row.put("parameters", st.parameters());
        if (st.auxParameters() > 0) {
          row.put("auxParameters", st.auxParameters());
        }
        row.put("flops", st.flops());
      } catch (BadInputException e) {
        row.put("error", FlagNames.message(e));
      }
      rows.add(row);
    }
    if (!output.json()) {
      output
          .out()
          .printf(
              Locale.ROOT,
              "architectures for %s input, %d classes"
                  + " (FLOPs = 2 x multiply-adds per image):%n",
              s,
              classes);
      output
          .out()
          .printf(Locale.ROOT, "  %-16s %13s %10s  %s%n", "name", "params", "FLOPs", "description");
      for (Map<String, Object> r : rows) {
        if (r.containsKey("error")) {
          output
              .out()
              .printf(
                  Locale.ROOT,
                  "  %-16s %13s %10s  %s (%s)%n",
                  r.get("name"),
                  "-",
                  "-",
                  r.get("description"),
                  r.get("error"));
          continue;
        }
        String aux =
            r.containsKey("auxParameters")
                ? String.format(
                    Locale.ROOT, " [+%,d in training-only aux heads]", r.get("auxParameters"))
                : "";
        @SuppressWarnings("unchecked")
        List<String> flags = (List<String>) r.get("options");
        String takes = flags.isEmpty() ? "" : "; takes " + String.join(" ", flags);
        output
            .out()
            .printf(
                Locale.ROOT,
                "  %-16s %,13d %10s  %s%s%s%n",
                r.get("name"),
                r.get("parameters"),
                human((long) r.get("flops")),
                r.get("description"),
                aux,
                takes);
      }
      output.out().flush();
    }
    output.result(
        Output.fields(
            "input",
            s.toString(),
            "classes",
            classes,
            "flops",
            "2 x multiply-adds",
            "models",
            rows));
    return Pupil.OK;
  }

  /** 1234567 → 1.23M */
  static String human(long n) {
    if (n >= 1_000_000_000L) {
      return String.format(Locale.ROOT, "%.2fG", n / 1e9);
    }
    if (n >= 1_000_000L) {
      return String.format(Locale.ROOT, "%.2fM", n / 1e6);
    }
    if (n >= 1_000L) {
      return String.format(Locale.ROOT, "%.1fk", n / 1e3);
    }
    return Long.toString(n);
  }
}
