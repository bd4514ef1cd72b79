package dev.pupil.cli;

import dev.pupil.BadInputException;
import dev.pupil.data.ImageFiles;
import dev.pupil.data.ImageSet;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.ModelMetadata;
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
    description = "Print the top-k classes with probabilities for image files (png, jpg, bmp, gif).")
final class PredictCommand implements Callable<Integer> {
  @Mixin Output output;

  @Mixin TorchScriptOption torchScript;

  @Mixin TrainedModelOption model;

  @Option(names = "-k", paramLabel = "K", defaultValue = "3", description = "Classes per image (default: 3).")
  int k;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Image files.")
  List<Path> files;

  @Override
  public Integer call() {
    if (k < 1) {
      throw new BadInputException("-k must be >= 1, got " + k);
    }
    try (ClassifierModel m = model.resolve().load(torchScript.permission())) {
      ModelMetadata meta = m.metadata();
      int per = meta.channels() * meta.height() * meta.width();
      byte[] px = new byte[files.size() * per];
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < files.size(); i++) {
        byte[] one = ImageFiles.readImage(files.get(i), meta.channels(), meta.height(), meta.width());
        System.arraycopy(one, 0, px, i * per, per);
        ids.add(files.get(i).toString());
      }
      int[] none = new int[files.size()];
      Arrays.fill(none, ImageSet.UNLABELED);
      ImageSet images =
          ImageSet.of(px, none, meta.channels(), meta.height(), meta.width(), meta.classes(), ids);
      float[][] probs = m.probabilities(images, TrainingRun.EVAL_BATCH);
      List<Map<String, Object>> results = new ArrayList<>();
      for (int i = 0; i < probs.length; i++) {
        List<Map<String, Object>> top = top(probs[i], meta.classes(), Math.min(k, probs[i].length));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("file", ids.get(i));
        r.put("top", top);
        results.add(r);
        StringBuilder line = new StringBuilder(ids.get(i)).append(':');
        for (Map<String, Object> t : top) {
          line.append(String.format(Locale.ROOT, "  %s %.4f", t.get("class"), t.get("probability")));
        }
        output.text(line.toString());
      }
      output.result(Output.fields("model", meta.architecture(), "predictions", results));
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
