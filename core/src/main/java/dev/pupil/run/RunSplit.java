package dev.pupil.run;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.pupil.BadInputException;
import dev.pupil.data.ImageSet;
import dev.pupil.io.AtomicFiles;
import dev.pupil.io.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which images a run used, by id ({@link ImageSet#id}): the labeled training part, the validation
 * part and the unlabeled pool of its data source, and its test images. Kept in a run folder as
 * {@code split.json}, so that a pool drawn from the same source can leave out what the run trained
 * or validated on.
 *
 * <p>The source is a named dataset (ids are indices in its training file) or an image folder (ids
 * are paths relative to it, '/'-separated). Test ids are ids in the test source, which may be
 * another file or folder ({@link #testSource}).
 *
 * @param dataset the dataset's name, or null for a folder
 * @param folder the folder's absolute path (symbolic links resolved), or null for a dataset
 * @param testSource where the test images come from, in words
 * @param labeled ids of the labeled training images
 * @param validation ids of the validation images
 * @param unlabeled ids of the source's unlabeled pool
 * @param test ids of the test images, in the test source
 */
public record RunSplit(
    String dataset,
    String folder,
    String testSource,
    List<String> labeled,
    List<String> validation,
    List<String> unlabeled,
    List<String> test) {
  /** The file's name in a run folder. */
  public static final String FILE_NAME = "split.json";

  /** The format written, for readers of later versions. */
  static final int FORMAT = 1;

  private static final String[] PARTS = {"labeled", "validation", "unlabeled", "test"};

  /**
   * Checks that exactly one source is named and copies the lists.
   *
   * @throws IllegalArgumentException when neither or both of dataset and folder are given
   */
  public RunSplit {
    if ((dataset == null) == (folder == null)) {
      throw new IllegalArgumentException(
          "give exactly one of dataset and folder, got " + dataset + " and " + folder);
    }
    labeled = List.copyOf(labeled);
    validation = List.copyOf(validation);
    unlabeled = List.copyOf(unlabeled);
    test = List.copyOf(test);
  }

  /**
   * The split of an image folder, recording the folder's real path.
   *
   * @param folder the source folder
   * @param testSource where the test images come from
   * @param labeled labeled training images
   * @param validation validation images
   * @param unlabeled ids of the unlabeled pool
   * @param test test images
   * @return the split
   */
  public static RunSplit ofFolder(
      Path folder,
      String testSource,
      ImageSet labeled,
      ImageSet validation,
      List<String> unlabeled,
      ImageSet test) {
    return new RunSplit(
        null,
        canonical(folder).toString(),
        testSource,
        labeled.ids(),
        validation.ids(),
        unlabeled,
        test.ids());
  }

  /**
   * The split of a named dataset.
   *
   * @param dataset the dataset's name
   * @param testSource where the test images come from
   * @param labeled labeled training images
   * @param validation validation images
   * @param unlabeled ids of the unlabeled pool
   * @param test test images
   * @return the split
   */
  public static RunSplit ofDataset(
      String dataset,
      String testSource,
      ImageSet labeled,
      ImageSet validation,
      List<String> unlabeled,
      ImageSet test) {
    return new RunSplit(
        dataset, null, testSource, labeled.ids(), validation.ids(), unlabeled, test.ids());
  }

  /**
   * @return the ids of the images the run trained or validated on: labeled and validation
   */
  public Set<String> trainedOn() {
    Set<String> s = new HashSet<>(labeled);
    s.addAll(validation);
    return Collections.unmodifiableSet(s);
  }

  /**
   * @param name a dataset name
   * @return whether the run's source is that dataset
   */
  public boolean isDataset(String name) {
    return dataset != null && dataset.equals(name);
  }

  /**
   * The images under a folder that the run trained or validated on, by their ids relative to that
   * folder: all of {@link #trainedOn} when it is the run's source folder, those inside it when it
   * is a subfolder of the source, and all of them with the path prefix when it holds the source.
   *
   * @param pool a folder
   * @return ids relative to {@code pool}, or null when the run's source is not a folder or lies
   *     neither in, at nor above {@code pool}
   */
  public Set<String> trainedOnUnder(Path pool) {
    if (folder == null) {
      return null;
    }
    Path src = Path.of(folder);
    Path p = canonical(pool);
    Set<String> out = new HashSet<>();
    if (p.equals(src)) {
      out.addAll(trainedOn());
    } else if (p.startsWith(src)) {
      String prefix = slashed(src.relativize(p)) + "/";
      for (String id : trainedOn()) {
        if (id.startsWith(prefix)) {
          out.add(id.substring(prefix.length()));
        }
      }
    } else if (src.startsWith(p)) {
      String prefix = slashed(p.relativize(src)) + "/";
      for (String id : trainedOn()) {
        out.add(prefix + id);
      }
    } else {
      return null;
    }
    return Collections.unmodifiableSet(out);
  }

  /**
   * Writes the split as JSON, one part per line, atomically.
   *
   * @param file the target, usually {@link RunDirectory#splitFile()}
   * @throws UncheckedIOException naming the file when it cannot be written
   */
  public void write(Path file) {
    StringBuilder sb = new StringBuilder("{\"format\": ").append(FORMAT).append(",\n");
    sb.append("\"dataset\": ").append(Json.COMPACT.toJson(dataset)).append(",\n");
    sb.append("\"folder\": ").append(Json.COMPACT.toJson(folder)).append(",\n");
    sb.append("\"testSource\": ").append(Json.COMPACT.toJson(testSource));
    List<List<String>> parts = List.of(labeled, validation, unlabeled, test);
    for (int k = 0; k < PARTS.length; k++) {
      sb.append(",\n\"").append(PARTS[k]).append("\": ").append(Json.COMPACT.toJson(parts.get(k)));
    }
    sb.append("}\n");
    try {
      AtomicFiles.writeString(file, sb.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads a split written by {@link #write}.
   *
   * @param file the split file
   * @return the split
   * @throws BadInputException naming the file when it cannot be read or is malformed
   */
  public static RunSplit read(Path file) {
    JsonObject o;
    try {
      o = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    } catch (IOException e) {
      throw new BadInputException(file + " cannot be read: " + e.getMessage(), e);
    } catch (JsonParseException | IllegalStateException e) {
      throw new BadInputException(file + " is not a split file: " + e.getMessage(), e);
    }
    List<List<String>> parts = new ArrayList<>();
    for (String part : PARTS) {
      parts.add(strings(file, o, part));
    }
    try {
      return new RunSplit(
          text(file, o, "dataset"),
          text(file, o, "folder"),
          text(file, o, "testSource"),
          parts.get(0),
          parts.get(1),
          parts.get(2),
          parts.get(3));
    } catch (IllegalArgumentException e) {
      throw new BadInputException(file + ": " + e.getMessage(), e);
    }
  }

  private static String text(Path file, JsonObject o, String key) {
    JsonElement e = o.get(key);
    if (e == null || e.isJsonNull()) {
      return null;
    }
    if (!e.isJsonPrimitive()) {
      throw new BadInputException(file + ": " + key + " must be a string");
    }
    return e.getAsString();
  }

  private static List<String> strings(Path file, JsonObject o, String key) {
    JsonElement e = o.get(key);
    if (e == null || !e.isJsonArray()) {
      throw new BadInputException(file + ": " + key + " must be a list of ids");
    }
    JsonArray a = e.getAsJsonArray();
    List<String> out = new ArrayList<>(a.size());
    for (JsonElement x : a) {
      if (!x.isJsonPrimitive()) {
        throw new BadInputException(file + ": " + key + " holds a non-string id " + x);
      }
      out.add(x.getAsString());
    }
    return out;
  }

  private static Path canonical(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return p.toAbsolutePath().normalize();
    }
  }

  private static String slashed(Path rel) {
    StringBuilder sb = new StringBuilder();
    for (Path part : rel) {
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(part);
    }
    return sb.toString();
  }
}
