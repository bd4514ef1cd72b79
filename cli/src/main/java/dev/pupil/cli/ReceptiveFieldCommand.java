package dev.pupil.cli;

import dev.pupil.BadInputException;
import dev.pupil.models.ModelOptions;
import dev.pupil.models.ModelRegistry;
import dev.pupil.models.ModelSpec;
import dev.pupil.models.ReceptiveField;
import dev.pupil.run.InputShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pupil receptive-field MODEL --input 224}: per convolution and pool, the output size, the
 * cumulative stride (jump) and the receptive field, computed from the layer definitions (Araujo et
 * al., Distill 2019; branches take the largest).
 */
@Command(
    name = "receptive-field",
    mixinStandardHelpOptions = true,
    description = {
      "Print a network's receptive field layer by layer: output size, cumulative stride (jump)"
          + " and receptive-field size in input pixels, walked from the layer definitions"
          + " (Araujo et al., Distill 2019). Where branches join, the largest field counts."
    })
final class ReceptiveFieldCommand implements Callable<Integer> {
  @Mixin Output output;

  @Parameters(
      index = "0",
      paramLabel = "MODEL",
      description = "Architecture: ${COMPLETION-CANDIDATES}.",
      completionCandidates = ModelNames.class)
  String model;

  @Option(
      names = "--input",
      paramLabel = "SIZE",
      defaultValue = "224",
      description = "Input size: N (square), HxW or HxWxC (default: 224, 3 channels).")
  String input;

  @Override
  public Integer call() {
    ModelRegistry.get(model);
    String text = input.strip();
    InputShape s =
        text.matches("\\d+")
            ? InputShape.parse("--input", text + "x" + text)
            : InputShape.parse("--input", text);
    int channels = s.channels() == 0 ? 3 : s.channels();
    ModelSpec spec = new ModelSpec(channels, s.height(), s.width(), 10);
    ReceptiveField.Result r;
    try {
      r = ReceptiveField.of(model, spec, ModelOptions.DEFAULTS);
    } catch (BadInputException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new BadInputException(
          model + " cannot be built for " + s.height() + "x" + s.width() + ": " + e.getMessage(),
          e);
    }
    if (!output.json()) {
      output.out().printf(Locale.ROOT, "%s at %dx%dx%d:%n", model, s.height(), s.width(), channels);
      output
          .out()
          .printf(
              Locale.ROOT,
              "  %-4s %-9s %-7s %-9s %6s %6s  %s%n",
              "#",
              "layer",
              "k/s",
              "output",
              "jump",
              "rf",
              "path");
      int i = 1;
      for (ReceptiveField.Layer l : r.layers()) {
        output
            .out()
            .printf(
                Locale.ROOT,
                "  %-4d %-9s %-7s %-9s %6d %6d  %s%n",
                i++,
                l.kind(),
                l.kernel() + "/" + l.stride() + (l.dilation() > 1 ? "d" + l.dilation() : ""),
                l.outHeight() + "x" + l.outWidth(),
                l.jump(),
                l.size(),
                l.path());
      }
      output.out().printf(Locale.ROOT, "receptive field: %d px (jump %d)%n", r.size(), r.jump());
      output.out().flush();
    }
    List<Map<String, Object>> layers = new ArrayList<>();
    for (ReceptiveField.Layer l : r.layers()) {
      layers.add(
          Output.fields(
              "path",
              l.path(),
              "kind",
              l.kind(),
              "kernel",
              l.kernel(),
              "stride",
              l.stride(),
              "dilation",
              l.dilation(),
              "outHeight",
              l.outHeight(),
              "outWidth",
              l.outWidth(),
              "jump",
              l.jump(),
              "receptiveField",
              l.size()));
    }
    output.result(
        Output.fields(
            "model",
            model,
            "input",
            s.height() + "x" + s.width() + "x" + channels,
            "receptiveField",
            r.size(),
            "jump",
            r.jump(),
            "layers",
            layers));
    return Pupil.OK;
  }
}
