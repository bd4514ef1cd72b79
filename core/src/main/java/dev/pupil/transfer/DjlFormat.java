package dev.pupil.transfer;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import dev.pupil.BadInputException;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.ModelMetadata;
import dev.pupil.models.ModelRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads a network saved in DJL's own format ({@code Model.save(dir, name)}: {@code
 * name-0000.params}, the highest epoch wins) from a local folder. Such a file holds weights but no
 * architecture: the caller names the registered architecture it was built as. Nothing in the file
 * runs as code.
 */
public final class DjlFormat {
  private static final Pattern PARAMS = Pattern.compile("(.+)-(\\d{4})\\.params");

  private DjlFormat() {}

  /**
   * @param dir a folder
   * @return whether it holds DJL parameter files
   */
  public static boolean isDjlFolder(Path dir) {
    return !prefixes(dir).isEmpty();
  }

  /**
   * Loads a DJL-format network into a Pupil classifier of the named architecture.
   *
   * @param dir the folder with one {@code NAME-EPOCH.params} family
   * @param metadata the architecture (registered), options and input shape it was built with; its
   *     classes only size the head, whose weights come from the file
   * @param device where the weights go
   * @return the network (close it)
   * @throws BadInputException naming the folder when it holds no or several parameter families, or
   *     weights that do not fit the architecture
   */
  public static ClassifierModel load(Path dir, ModelMetadata metadata, Device device) {
    ModelRegistry.get(metadata.architecture());
    List<String> prefixes = prefixes(dir);
    if (prefixes.size() != 1) {
      throw new BadInputException(
          dir
              + (prefixes.isEmpty()
                  ? " holds no DJL parameter file (NAME-0000.params)"
                  : " holds several DJL networks (" + String.join(", ", prefixes) + "); keep one"));
    }
    ClassifierModel model = ClassifierModel.create(metadata, device);
    try {
      model.djlModel().load(dir, prefixes.get(0));
      return model;
    } catch (IOException | MalformedModelException | RuntimeException e) {
      model.close();
      throw new BadInputException(
          dir
              + " does not hold a "
              + metadata.architecture()
              + " network for "
              + metadata.channels()
              + "x"
              + metadata.height()
              + "x"
              + metadata.width()
              + " input: "
              + e.getMessage(),
          e);
    }
  }

  private static List<String> prefixes(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    TreeSet<String> found = new TreeSet<>();
    try (Stream<Path> files = Files.list(dir)) {
      files.forEach(
          f -> {
            Matcher m = PARAMS.matcher(f.getFileName().toString());
            if (m.matches() && Files.isRegularFile(f)) {
              found.add(m.group(1));
            }
          });
    } catch (IOException e) {
      throw new BadInputException(dir + " cannot be listed: " + e.getMessage(), e);
    }
    return List.copyOf(found);
  }
}
