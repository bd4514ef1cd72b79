package dev.pupil.cli;

import dev.pupil.BadInputException;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.ModelMetadata;
import dev.pupil.report.TemplateImages;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pupil templates RUN_DIR}: draws a {@code linear} model's weights as one image per class
 * (each weight row reshaped to the input), the "template matching" view of a linear classifier.
 */
@Command(
    name = "templates",
    mixinStandardHelpOptions = true,
    description = {
      "Draw a linear model's per-class weights as a PNG grid of class templates.",
      "The default file in a run folder is the run's own and is redrawn; any other existing",
      "file is replaced only with --force."
    })
final class TemplatesCommand implements Callable<Integer> {
  @Mixin Output output;

  @Parameters(
      paramLabel = "RUN_DIR|FILE",
      description = "A run folder or model file of a linear model.")
  Path model;

  @Option(
      names = "--out",
      paramLabel = "FILE.png",
      description = "Where to write (default: templates.png beside the model).")
  Path out;

  @Mixin ForceOption force;

  @Override
  public Integer call() throws IOException {
    ModelSource src = ModelSource.resolve(model);
    try (ClassifierModel m = src.load()) {
      ModelMetadata meta = m.metadata();
      if (!meta.architecture().equals("linear")) {
        throw new BadInputException(
            model
                + " is a "
                + meta.architecture()
                + " model; templates needs a linear one "
                + "(pupil train --model linear)");
      }
      Path target =
          out != null ? out : src.file().toAbsolutePath().getParent().resolve("templates.png");
      OutputPlan plan = new OutputPlan(force);
      if (out != null) {
        plan.file(target, "--out");
      } else if (src.run() != null) {
        // the run's own templates.png, which its training and eval draw too
        plan.own(target, "run folder");
      } else {
        plan.file(target, "default of --out: beside the model");
      }
      plan.check();
      TemplateImages.write(target, m);
      output.text("wrote " + target);
      output.result(Output.fields("templates", target.toString(), "classes", meta.classes()));
    }
    return Pupil.OK;
  }
}
