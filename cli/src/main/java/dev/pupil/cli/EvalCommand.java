package dev.pupil.cli;

import dev.pupil.BadInputException;
import dev.pupil.data.DatasetRegistry;
import dev.pupil.data.ImageSet;
import dev.pupil.eval.EvalReport;
import dev.pupil.io.AtomicFiles;
import dev.pupil.io.Json;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.ModelMetadata;
import dev.pupil.report.ReliabilityDiagram;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pupil eval}: scores a trained model on labeled images, by default its run's test set:
 * accuracy, top-5, macro F1, a per-class table, the confusion matrix and calibration (expected and
 * maximum calibration error, Guo et al. 2017), with a reliability diagram (reliability.png) beside
 * each eval JSON it writes.
 */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate a trained model on labeled images (default: its run's test set).",
      "With the run's own test set, rewrites RUN_DIR/eval.json, mistakes.png and report.html;",
      "a reliability diagram (reliability.png) is written beside every eval JSON."
    })
final class EvalCommand implements Callable<Integer> {
  @Mixin Output output;

  @Mixin TorchScriptOption torchScript;

  @Mixin TrainedModelOption model;

  @Option(
      names = "--data",
      paramLabel = "NAME|DIR",
      description = "A named dataset (its test set) or an image folder (its test/ folder if it is "
          + "split into train/val/test); default: the run's test set.")
  String data;

  @Option(names = "--out", paramLabel = "FILE", description = "Also write the report as JSON here.")
  Path out;

  @Override
  public Integer call() throws IOException {
    ModelSource src = model.resolve();
    if (data == null && src.config() == null) {
      throw new BadInputException(
          "--data is required: " + src.file() + " is not in a run folder with a config.json");
    }
    try (ClassifierModel m = src.load(torchScript.permission())) {
      ModelMetadata meta = m.metadata();
      ImageSet images;
      String source;
      if (data == null) {
        PreparedData d = DataLoader.load(src.config().data());
        images = d.test();
        source = d.spec().label() + " (" + d.testSource() + ")";
      } else if (DataOptions.isDatasetName(data)) {
        images = DatasetRegistry.system().load(data).test();
        source = data + " (official test set)";
      } else {
        Path dir = DataLoader.testFolderOf(Path.of(data));
        images = DataLoader.readFolder(dir, meta.channels(), meta.height(), meta.width());
        source = dir.equals(Path.of(data)) ? data : dir.toString();
      }
      images = DataLoader.relabel(images, meta.classes(), source);
      EvalReport report;
      String title = meta.architecture() + " on " + source;
      List<Path> diagrams = new ArrayList<>();
      if (data == null && src.run() != null) {
        report = Reports.evaluate(m, images, src.run());
        diagrams.add(writeDiagram(src.run().evalFile(), report, title));
        Reports.write(src.run());
      } else {
        report = EvalReport.evaluate(m, images, TrainingRun.EVAL_BATCH);
      }
      if (out != null) {
        AtomicFiles.writeString(out, Json.PRETTY.toJson(report) + "\n");
        Path d = writeDiagram(out, report, title);
        if (!diagrams.contains(d)) {
          diagrams.add(d);
        }
      }
      if (output.json()) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("model", src.file().toString());
        r.put("architecture", meta.architecture());
        r.put("data", source);
        r.put("report", report);
        r.put("reliability", diagrams.stream().map(Path::toString).toList());
        output.result(r);
      } else {
        output.out().println(meta.architecture() + " from " + src.file() + " on " + source);
        EvalPrinter.print(report, output.out());
        for (Path d : diagrams) {
          output.out().println("reliability diagram: " + d);
        }
        output.out().flush();
      }
    }
    return Pupil.OK;
  }

  /** Writes reliability.png in the folder of an eval JSON file; returns its path. */
  private static Path writeDiagram(Path evalJson, EvalReport report, String title)
      throws IOException {
    Path parent = evalJson.toAbsolutePath().getParent();
    Path png = parent.resolve("reliability.png");
    ReliabilityDiagram.write(png, report.calibration(), title);
    return png;
  }
}
