package dev.pupil.spark;

import ai.djl.Device;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.TorchScript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkFiles;

/**
 * The models of this JVM, loaded once per executor (not once per task or partition) and kept for
 * the JVM's life, keyed by model path. Tasks running at the same time share a model; each makes its
 * own {@link dev.pupil.models.BatchPredictor}. A path that does not exist on the executor is looked
 * up among the files shipped with {@code spark-submit --files} ({@link SparkFiles}).
 */
final class ModelCache {
  private static final Map<String, ClassifierModel> MODELS = new ConcurrentHashMap<>();

  private ModelCache() {}

  /**
   * @param path the model file, as the driver named it
   * @param allowTorchScript whether a TorchScript backbone may be loaded
   * @return the model, loaded on first use
   */
  static ClassifierModel get(String path, boolean allowTorchScript) {
    return MODELS.computeIfAbsent(
        path + (allowTorchScript ? "#torchscript" : ""),
        k -> {
          Path file = Path.of(path);
          if (!Files.exists(file)) {
            file = Path.of(SparkFiles.get(file.getFileName().toString()));
          }
          return ClassifierModel.load(
              file,
              Device.cpu(),
              allowTorchScript ? TorchScript.Permission.ALLOW : TorchScript.Permission.DENY);
        });
  }

  /**
   * @return how many models this JVM holds
   */
  static int size() {
    return MODELS.size();
  }
}
