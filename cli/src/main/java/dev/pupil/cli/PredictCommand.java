package dev.pupil.cli;

import dev.pupil.BadInputException;
import dev.pupil.data.BadImagePolicy;
import dev.pupil.data.FolderReadResult;
import dev.pupil.data.ImageFiles;
import dev.pupil.data.ImageSet;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.ModelMetadata;
import dev.pupil.run.Reports;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pupil predict}: the top-k classes of image files, each converted to the model's channels
 * and resized to its input.
 */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description =
        "Print the top-k classes with probabilities for image files (png, jpg, bmp, "
            + "gif) and folders of them (searched recursively).")
final class PredictCommand implements Callable<Integer> {
  @Mixin Output output;

  @Mixin TorchScriptOption torchScript;

  @Mixin TrainedModelOption model;

  @Option(
      names = "-k",
      paramLabel = "K",
      defaultValue = "3",
      description = "Classes per image (default: 3).")
  int k;

  @Mixin OnBadImageOption onBadImage;

  @Parameters(
      arity = "1..*",
      paramLabel = "FILE|DIR",
      description = "Image files, or folders searched recursively for them.")
  List<Path> files;

  @Override
  public Integer call() {
    if (k < 1) {
      throw new BadInputException("-k must be >= 1, got " + k);
    }
    BadImagePolicy policy = onBadImage.policy();
    try (ClassifierModel m = model.resolve().load(torchScript.permission())) {
      ModelMetadata meta = m.metadata();
      FolderReadResult read =
          ImageFiles.readAll(files, meta.channels(), meta.height(), meta.width(), policy);
      OnBadImageOption.warn(output, read.skipped());
      ImageSet images = read.images();
      List<String> ids = images.ids();
      float[][] probs = m.probabilities(images, Reports.EVAL_BATCH);
      List<Map<String, Object>> results = new ArrayList<>();
      for (int i = 0; i < probs.length; i++) {
        List<Map<String, Object>> top = top(probs[i], meta.classes(), Math.min(k, probs[i].length));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("file", ids.get(i));
        r.put("top", top);
        results.add(r);
        StringBuilder line = new StringBuilder(ids.get(i)).append(':');
        for (Map<String, Object> t : top) {
          line.append(
              String.format(Locale.ROOT, "  %s %.4f", t.get("class"), t.get("probability")));
        }
        output.text(line.toString());
      }
      output.result(
          Output.fields(
              "model",
              meta.architecture(),
              "predictions",
              results,
              "skipped",
              read.skipped().stream().map(Path::toString).toList()));
    }
    return Pupil.OK;
  }

  private static List<Map<String, Object>> top(float[] p, List<String> classes, int k) {
    Integer[] idx = new Integer[p.length];
    for (int i = 0; i < p.length; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, Comparator.comparingDouble((Integer i) -> -p[i]).thenComparingInt(i -> i));
    List<Map<String, Object>> out = new ArrayList<>();
    for (int j = 0; j < k; j++) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("class", classes.get(idx[j]));
      t.put("probability", (double) p[idx[j]]);
      out.add(t);
    }
    return out;
  }
}
