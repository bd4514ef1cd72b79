package dev.pupil.cli;

import dev.pupil.data.DatasetRegistry;
import dev.pupil.data.ImageSet;
import dev.pupil.data.LoadedDataset;
import dev.pupil.data.SplitFolders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code pupil data info NAME|DIR}: where a dataset was found, its image shape, its classes and the
 * images per class in each split (a folder's train/, val/ and test/ folders when it is split so,
 * see {@link SplitFolders}).
 */
@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    description =
        "Describe a named dataset or an image folder: location, shape, classes, counts "
            + "(per split for train/, val/ and test/ folders).")
final class DataInfoCommand implements Callable<Integer> {
  @Mixin Output output;

  @Parameters(paramLabel = "NAME|DIR", description = "A dataset name or an image folder.")
  String data;

  @Override
  public Integer call() {
    String where;
    Map<String, ImageSet> splits = new LinkedHashMap<>();
    if (DataOptions.isDatasetName(data)) {
      LoadedDataset d = DatasetRegistry.system().load(data);
      where = d.dir().toString();
      splits.put("train", d.train());
      splits.put("test", d.test());
    } else {
      Path dir = Path.of(data);
      where = dir.toAbsolutePath().normalize().toString();
      SplitFolders layout = Files.isDirectory(dir) ? SplitFolders.detect(dir).orElse(null) : null;
      if (layout == null) {
        splits.put("images", Data.readFolder(dir, 0, 0, 0));
      } else {
        ImageSet train = Data.readFolder(layout.train(), 0, 0, 0);
        splits.put("train", train);
        putSplit(splits, "validation", layout.validation(), train);
        putSplit(splits, "test", layout.test(), train);
      }
    }
    ImageSet first = splits.values().iterator().next();
    List<String> classes = first.classes();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("data", data);
    json.put("location", where);
    json.put("shape", first.height() + "x" + first.width() + "x" + first.channels());
    json.put("classes", classes);
    Map<String, Object> counts = new LinkedHashMap<>();
    splits.forEach(
        (k, v) -> counts.put(k, Output.fields("total", v.size(), "perClass", v.classCounts())));
    json.put("splits", counts);
    if (output.json()) {
      output.result(json);
      return Pupil.OK;
    }
    var out = output.out();
    out.println(data + " in " + where);
    out.println("image shape " + json.get("shape") + " (height x width x channels)");
    int w = Math.max(5, classes.stream().mapToInt(String::length).max().orElse(5));
    StringBuilder head =
        new StringBuilder(String.format(Locale.ROOT, "%3s  %-" + w + "s", "#", "class"));
    splits.keySet().forEach(k -> head.append(String.format(Locale.ROOT, "  %8s", k)));
    out.println(head);
    for (int c = 0; c < classes.size(); c++) {
      StringBuilder row =
          new StringBuilder(String.format(Locale.ROOT, "%3d  %-" + w + "s", c, classes.get(c)));
      for (ImageSet s : splits.values()) {
        row.append(String.format(Locale.ROOT, "  %8d", s.classCounts()[c]));
      }
      out.println(row);
    }
    StringBuilder total =
        new StringBuilder(String.format(Locale.ROOT, "%3s  %-" + w + "s", "", "total"));
    splits.values().forEach(s -> total.append(String.format(Locale.ROOT, "  %8d", s.size())));
    out.println(total);
    out.flush();
    return Pupil.OK;
  }

  /** Reads a split folder at the training images' shape, labeled by the training classes. */
  private static void putSplit(Map<String, ImageSet> splits, String key, Path dir, ImageSet train) {
    if (dir != null) {
      ImageSet set = Data.readFolder(dir, train.channels(), train.height(), train.width());
      splits.put(key, Data.relabel(set, train.classes(), dir.toString()));
    }
  }
}
