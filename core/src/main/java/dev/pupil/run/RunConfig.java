package dev.pupil.run;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.pupil.BadInputException;
import dev.pupil.io.Json;
import dev.pupil.models.ModelOptions;
import dev.pupil.train.TrainConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A run's config.json: everything resolved that decides the run, so that it can be resumed,
 * evaluated again, or repeated.
 *
 * @param command the subcommand that made the run ({@code train}, {@code knn}, {@code demo})
 * @param data what data and split
 * @param dataLocation where the training images were read from
 * @param testSource where the test images come from
 * @param splitSizes images per part: train, validation, unlabeled, test
 * @param model the architecture's registry name, or {@code knn}
 * @param train the training configuration, or null for k-NN
 * @param knn the k-NN settings, or null
 * @param input the input shape
 * @param classes the class names
 * @param augment the per-image augmentation spec ({@code --augment}), or null
 * @param mix the batch mixing spec ({@code --mix}), resolved, or null
 * @param modelOptions the architecture's options, or null (each paper's settings)
 */
public record RunConfig(
    String command,
    DataSpec data,
    String dataLocation,
    String testSource,
    Map<String, Integer> splitSizes,
    String model,
    TrainConfig train,
    Map<String, Object> knn,
    InputShape input,
    List<String> classes,
    String augment,
    String mix,
    ModelOptions modelOptions) {

  /**
   * Reads a run folder's config.json.
   *
   * @param file the config.json
   * @return the config
   * @throws BadInputException naming the file when it is missing or unreadable
   */
  public static RunConfig read(Path file) {
    return parse(file, text(file));
  }

  /**
   * @param file a config.json
   * @return its text, read once for {@link #parse} and {@link #tree(Path, String)}
   * @throws BadInputException naming the file when it is missing or unreadable
   */
  public static String text(Path file) {
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new BadInputException(file + " does not exist", e);
    } catch (IOException e) {
      throw new BadInputException(file + " cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * Parses a run's config.json into its run configuration.
   *
   * @param file the config.json, for messages
   * @param json its text, as {@link #text} read it
   * @return the run configuration it holds
   * @throws BadInputException naming the file when the text holds none
   */
  public static RunConfig parse(Path file, String json) {
    try {
      RunConfig c = Json.PRETTY.fromJson(json, RunConfig.class);
      if (c == null || c.data() == null) {
        throw new BadInputException(file + " holds no run configuration");
      }
      return c;
    } catch (BadInputException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new BadInputException(file + " cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * Parses a run's config.json as a JSON tree: the sections a command adds to it ({@code fixmatch},
   * {@code distill}, {@code selfTraining}, {@code transfer}) are read back from it on {@code
   * --resume}, from the text {@link #text} read once.
   *
   * @param file the config.json, for messages
   * @param json its text
   * @return its top-level object
   * @throws BadInputException naming the file when it cannot be parsed
   */
  public static JsonObject tree(Path file, String json) {
    try {
      return JsonParser.parseString(json).getAsJsonObject();
    } catch (RuntimeException e) {
      throw new BadInputException(file + " cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * @param o a JSON object
   * @param key a member name
   * @return the member as a string, or null when it is absent or JSON null
   */
  public static String optString(JsonObject o, String key) {
    JsonElement e = o.get(key);
    return e == null || e.isJsonNull() ? null : e.getAsString();
  }
}
