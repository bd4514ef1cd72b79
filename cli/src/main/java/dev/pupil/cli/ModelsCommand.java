package dev.pupil.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.pupil.BadInputException;
import dev.pupil.models.Architecture;
import dev.pupil.models.ClassifierBlock;
import dev.pupil.models.ModelRegistry;
import dev.pupil.models.ModelSpec;
import ai.djl.util.Pair;
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
 * {@code pupil models}: every registered architecture with its description and its parameter
 * count for an input shape (built, initialized, and the parameter sizes summed).
 */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = "List the architectures with descriptions and parameter counts.")
final class ModelsCommand implements Callable<Integer> {
  @Mixin Output output;

  @Option(
      names = "--input",
      paramLabel = "HxWxC",
      defaultValue = "28x28x1",
      description = "Input shape the parameters are counted for (default: 28x28x1).")
  String input;

  @Option(names = "--classes", paramLabel = "N", defaultValue = "10", description = "Classes (default: 10).")
  int classes;

  @Override
  public Integer call() {
    InputShape s = InputShape.parse("--input", input);
    if (s.channels() == 0) {
      throw new BadInputException("--input needs the channels too, e.g. " + s + "x1");
    }
    ModelSpec spec = new ModelSpec(s.channels(), s.height(), s.width(), classes);
    List<Map<String, Object>> rows = new ArrayList<>();
    try (NDManager manager = NDManager.newBaseManager()) {
      for (Architecture a : ModelRegistry.all()) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("name", a.name());
        row.put("description", a.description());
        row.put("parameters", parameters(a, spec, manager));
        rows.add(row);
      }
    }
    if (!output.json()) {
      output.out().printf(Locale.ROOT, "architectures for %s input, %d classes:%n", s, classes);
      for (Map<String, Object> r : rows) {
        output.out().printf(
            Locale.ROOT, "  %-10s %,10d params  %s%n", r.get("name"), r.get("parameters"), r.get("description"));
      }
      output.out().flush();
    }
    output.result(Output.fields("input", s.toString(), "classes", classes, "models", rows));
    return Pupil.OK;
  }

  private static long parameters(Architecture a, ModelSpec spec, NDManager parent) {
    try (NDManager m = parent.newSubManager()) {
      ClassifierBlock block = a.build(spec);
      try {
        block.initialize(m, DataType.FLOAT32, new Shape(1, spec.channels(), spec.height(), spec.width()));
      } catch (RuntimeException e) {
        throw new BadInputException(
            a.name() + " cannot be built for " + spec.height() + "x" + spec.width() + "x"
                + spec.channels() + ": " + e.getMessage(), e);
      }
      long n = 0;
      for (Pair<String, Parameter> p : block.getParameters()) {
        n += p.getValue().getArray().size();
      }
      return n;
    }
  }
}
