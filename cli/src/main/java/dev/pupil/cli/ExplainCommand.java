package dev.pupil.cli;

import dev.pupil.BadInputException;
import dev.pupil.data.ImageFiles;
import dev.pupil.data.ImageSet;
import dev.pupil.explain.ClassScore;
import dev.pupil.explain.GradCam;
import dev.pupil.explain.Heatmap;
import dev.pupil.explain.HeatmapImages;
import dev.pupil.io.AtomicFiles;
import dev.pupil.io.Json;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.ModelMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pupil explain}: Grad-CAM heat maps (Selvaraju et al. 2017) for image files: per image, the
 * map over the image and the raw map at the layer's resolution as PNGs, and a gradcam.json with the
 * predictions and the raw maps.
 */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = {
      "Grad-CAM heat maps (Selvaraju et al. 2017) for image files: where the chosen layer's",
      "evidence for a class lies. Writes NAME.gradcam.png (the map over the image),",
      "NAME.gradcam-map.png (the raw map) and gradcam.json into --out; existing ones are",
      "replaced only with --force."
    })
final class ExplainCommand implements Callable<Integer> {
  @Mixin Output output;

  @Mixin TrainedModelOption model;

  @Option(
      names = "--layer",
      paramLabel = "NAME",
      description =
          "The layer whose maps are weighted (default: the last convolutional stage). A wrong "
              + "name lists the valid ones.")
  String layer;

  @Option(
      names = "--class",
      paramLabel = "C",
      description = "The class to explain, by name or index (default: each image's prediction).")
  String targetClass;

  @Option(
      names = "--target",
      paramLabel = "logit|probability",
      description =
          "The class score whose gradient is followed: the logit before the softmax (default, as "
              + "in the paper) or the softmax probability, whose gradient vanishes when the "
              + "prediction is confident.")
  String score = "logit";

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Where to write (default: explain/ beside the model file).")
  Path out;

  @Mixin ForceOption force;

  @Parameters(
      arity = "1..*",
      paramLabel = "IMAGE",
      description = "Image files (png, jpg, bmp, gif).")
  List<Path> files;

  @Override
  public Integer call() throws IOException {
    ModelSource src = model.resolve();
    try (ClassifierModel m = src.load()) {
      ModelMetadata meta = m.metadata();
      int target = targetClass == null ? -1 : parseClass(targetClass, meta.classes());
      GradCam.Builder b =
          GradCam.builder().setModel(m).optTargetClass(target).optScore(parseScore(score));
      if (layer != null) {
        b.optLayer(layer);
      }
      GradCam cam;
      try {
        cam = b.build();
      } catch (BadInputException e) {
        throw new BadInputException(
            (layer != null && e.getMessage().startsWith("unknown layer") ? "--layer: " : "")
                + FlagNames.message(e),
            e);
      }
      Path dir = out != null ? out : src.file().toAbsolutePath().getParent().resolve("explain");
      List<String> stems = stems(files);
      List<String> written = new ArrayList<>();
      for (String stem : stems) {
        written.add(stem + ".gradcam.png");
        written.add(stem + ".gradcam-map.png");
      }
      written.add("gradcam.json");
      new OutputPlan(force)
          .files(dir, written, out != null ? "--out" : "default of --out: beside the model")
          .check();
      int per = meta.channels() * meta.height() * meta.width();
      byte[] px = new byte[files.size() * per];
      for (int i = 0; i < files.size(); i++) {
        byte[] one =
            ImageFiles.readImage(files.get(i), meta.channels(), meta.height(), meta.width());
        System.arraycopy(one, 0, px, i * per, per);
      }
      int[] none = new int[files.size()];
      Arrays.fill(none, ImageSet.UNLABELED);
      List<String> ids = files.stream().map(Path::toString).toList();
      ImageSet images =
          ImageSet.of(px, none, meta.channels(), meta.height(), meta.width(), meta.classes(), ids);
      List<Heatmap> maps = cam.explain(images);

      Files.createDirectories(dir);
      List<Map<String, Object>> results = new ArrayList<>();
      int blank = 0;
      for (int i = 0; i < maps.size(); i++) {
        Heatmap h = maps.get(i);
        Path overlay = dir.resolve(stems.get(i) + ".gradcam.png");
        Path raw = dir.resolve(stems.get(i) + ".gradcam-map.png");
        byte[] image = Arrays.copyOfRange(px, i * per, (i + 1) * per);
        HeatmapImages.writePng(overlay, HeatmapImages.overlay(image, meta.channels(), h));
        HeatmapImages.writePng(raw, HeatmapImages.map(h));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("file", ids.get(i));
        r.put("predicted", meta.classes().get(h.predicted()));
        r.put("probability", (double) h.probabilities()[h.predicted()]);
        r.put("explained", meta.classes().get(h.target()));
        r.put("explainedProbability", (double) h.probabilities()[h.target()]);
        r.put("overlay", overlay.toString());
        r.put("map", raw.toString());
        r.put("mapHeight", h.mapHeight());
        r.put("mapWidth", h.mapWidth());
        r.put("rawMap", h.map());
        r.put("allZero", h.isBlank());
        if (h.isBlank()) {
          r.put("allZeroReason", h.blank().why(cam.score()));
        }
        results.add(r);
        output.text(
            String.format(
                Locale.ROOT,
                "%s: predicted %s (%.4f), explaining %s -> %s",
                ids.get(i),
                r.get("predicted"),
                h.probabilities()[h.predicted()],
                r.get("explained"),
                overlay));
        if (h.isBlank()) {
          blank++;
          output
              .err()
              .println(
                  "warning: "
                      + ids.get(i)
                      + ": the Grad-CAM map is all zero (the overlay is blank): "
                      + h.blank().why(cam.score())
                      + ".");
          output.err().flush();
        }
      }
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("model", src.file().toString());
      summary.put("architecture", meta.architecture());
      summary.put("method", "Grad-CAM (Selvaraju et al. 2017)");
      summary.put("layer", cam.layer().name());
      summary.put("target", cam.score().label());
      summary.put("allZeroMaps", blank);
      summary.put(
          "layerShape", List.of(cam.layer().channels(), cam.layer().height(), cam.layer().width()));
      summary.put("images", results);
      Path json = dir.resolve("gradcam.json");
      AtomicFiles.writeString(json, Json.PRETTY.toJson(summary) + "\n");
      output.text(
          "layer "
              + cam.layer().name()
              + ", target "
              + cam.score().label()
              + (blank > 0 ? "; " + blank + " of " + maps.size() + " maps all zero" : "")
              + "; wrote "
              + json);
      output.result(summary);
    }
    return Pupil.OK;
  }

  /** {@code --target}: logit or probability. */
  static ClassScore parseScore(String value) {
    for (ClassScore s : ClassScore.values()) {
      if (s.label().equalsIgnoreCase(value.strip())) {
        return s;
      }
    }
    throw new BadInputException("--target must be logit or probability, got '" + value + "'");
  }

  /** A class by name, or by index in range. */
  static int parseClass(String value, List<String> classes) {
    int byName = classes.indexOf(value);
    if (byName >= 0) {
      return byName;
    }
    int k;
    try {
      k = Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new BadInputException(
          "--class '"
              + value
              + "' is neither a class name nor an index; classes: "
              + String.join(", ", classes));
    }
    if (k < 0 || k >= classes.size()) {
      throw new BadInputException(
          "--class "
              + k
              + " is out of range: the model has "
              + classes.size()
              + " classes (0.."
              + (classes.size() - 1)
              + ": "
              + String.join(", ", classes)
              + ")");
    }
    return k;
  }

  /** File names without extension, made unique with a -2, -3… suffix. */
  private static List<String> stems(List<Path> files) {
    Set<String> used = new HashSet<>();
    List<String> out = new ArrayList<>();
    for (Path f : files) {
      String name = f.getFileName().toString();
      int dot = name.lastIndexOf('.');
      String stem = dot > 0 ? name.substring(0, dot) : name;
      String s = stem;
      for (int n = 2; !used.add(s); n++) {
        s = stem + "-" + n;
      }
      out.add(s);
    }
    return out;
  }
}
