package dev.pupil.cli;

import dev.pupil.BadInputException;
import dev.pupil.data.DatasetRegistry;
import dev.pupil.data.ImageSet;
import dev.pupil.eval.EvalReport;
import dev.pupil.io.AtomicFiles;
import dev.pupil.io.Json;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.ModelMetadata;
import dev.pupil.report.MistakeGrid;
import dev.pupil.report.ReliabilityDiagram;
import dev.pupil.report.RunReport;
import dev.pupil.run.PreparedData;
import dev.pupil.run.Reports;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
      "With the run's own test set, rewrites RUN_DIR/eval.json, mistakes.png, reliability.png",
      "and report.html (the run's own files: eval can be run again without --force);",
      "a reliability diagram (reliability.png) is written beside every eval JSON.",
      "Files elsewhere (--out and the reliability.png beside it) are never replaced without",
      "--force; all outputs are checked before anything is written."
    })
final class EvalCommand implements Callable<Integer> {
  @Mixin Output output;

  @Mixin TorchScriptOption torchScript;

  @Mixin TrainedModelOption model;

  @Mixin ForceOption force;

  @Option(
      names = "--data",
      paramLabel = "NAME|DIR",
      description =
          "A named dataset (its test set) or an image folder (its test/ folder if it is "
              + "split into train/val/test); default: the run's test set.")
  String data;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Also write the report as JSON here (reliability.png beside it).")
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
      boolean intoRun = data == null && src.run() != null;
      plan(src, meta, intoRun).check();
      ImageSet images;
      String source;
      if (data == null) {
        PreparedData d = Data.load(src.config().data());
        images = d.test();
        source = d.spec().label() + " (" + d.testSource() + ")";
      } else if (DataOptions.isDatasetName(data)) {
        images = DatasetRegistry.system().load(data).test();
        source = data + " (official test set)";
      } else {
        Path dir = Data.testFolderOf(Path.of(data));
        images = Data.readFolder(dir, meta.channels(), meta.height(), meta.width());
        source = dir.equals(Path.of(data)) ? data : dir.toString();
      }
      images = Data.relabel(images, meta.classes(), source);
      EvalReport report;
      String title = meta.architecture() + " on " + source;
      List<Path> diagrams = new ArrayList<>();
      if (intoRun) {
        report = Reports.evaluate(m, images, src.run());
        diagrams.add(writeDiagram(src.run().evalFile(), report, title));
        Reports.write(src.run());
      } else {
        report = EvalReport.evaluate(m, images, Reports.EVAL_BATCH);
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

  /** Every file this evaluation will write: the run's own ones, and --out's. */
  private OutputPlan plan(ModelSource src, ModelMetadata meta, boolean intoRun) {
    OutputPlan plan = new OutputPlan(force);
    if (intoRun) {
      Path root = src.run().root();
      String from = "run folder";
      plan.own(src.run().evalFile(), from)
          .own(diagramFor(src.run().evalFile()), from)
          .own(root.resolve(MistakeGrid.FILE), from)
          .own(root.resolve(RunReport.FILE), from);
      if (meta.architecture().equals("linear")) {
        plan.own(root.resolve(RunReport.TEMPLATES), from);
      }
    }
    if (out != null) {
      plan.file(out, "--out").file(diagramFor(out), "beside --out");
    }
    return plan;
  }

  /**
   * @return reliability.png in the folder of an eval JSON file
   */
  private static Path diagramFor(Path evalJson) {
    return evalJson.toAbsolutePath().getParent().resolve("reliability.png");
  }

  /** Writes reliability.png in the folder of an eval JSON file; returns its path. */
  private static Path writeDiagram(Path evalJson, EvalReport report, String title)
      throws IOException {
    Path png = diagramFor(evalJson);
    ReliabilityDiagram.write(png, report.calibration(), title);
    return png;
  }
}
