package dev.pupil.models;

import ai.djl.Device;
import dev.pupil.BadInputException;
import dev.pupil.data.Normalization;
import dev.pupil.io.ChecksummedFile;
import dev.pupil.io.Json;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Pupil's one-file model format, in a {@link ChecksummedFile} (magic {@code PUPILMDL}, format
 * version, SHA-256): the metadata as JSON, then DJL's parameter bytes. A truncated or altered file,
 * or one from a newer format version, is refused with a clear error. Unlike TorchScript, loading
 * runs no code from the file.
 */
public final class ModelFile {
  /** The format version this Pupil writes and the newest it reads. */
  public static final int FORMAT_VERSION = 1;

  private static final String MAGIC = "PUPILMDL";

  private ModelFile() {}

  /**
   * Writes a model atomically.
   *
   * @param file the target file
   * @param model the model
   * @throws IOException when the file cannot be written
   */
  public static void write(Path file, ClassifierModel model) throws IOException {
    byte[] json = Json.COMPACT.toJson(model.metadata()).getBytes(StandardCharsets.UTF_8);
    byte[] params = model.parameterBytes();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(params.length + json.length + 16);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(json.length);
      out.write(json);
      out.writeInt(params.length);
      out.write(params);
    }
    ChecksummedFile.write(file, MAGIC, FORMAT_VERSION, bytes.toByteArray());
  }

  /**
   * cnn-tiny took no dropout before the {@code dropout} option reached it, yet Noisy Student runs
   * recorded one (0.5 by default) in its files: such a file holds the network without the dropout
   * block.
   *
   * @return the metadata without dropout for such a cnn-tiny file, else null
   */
  private static ModelMetadata beforeCnnTinyDropout(ModelMetadata m) {
    if (!m.architecture().equals("cnn-tiny") || Double.isNaN(m.options().dropout())) {
      return null;
    }
    return new ModelMetadata(
        m.architecture(),
        m.classes(),
        m.channels(),
        m.height(),
        m.width(),
        m.normalization(),
        m.pupilVersion(),
        m.seed(),
        m.options().withDropout(Double.NaN));
  }

  /**
   * The recorded options, validated. Files written before architectures refused options they do not
   * take may record such options (then ignored); they are dropped, which rebuilds the network that
   * was saved.
   */
  private static ModelOptions validated(String architecture, ModelOptions o) {
    if (o == null) {
      return null;
    }
    ModelOptions v =
        new ModelOptions(
            o.widthMultiplier(), o.dropout(), o.stochasticDepth(), o.lrn(), o.batchNorm());
    return ModelRegistry.has(architecture)
        ? v.keepOnly(ModelRegistry.get(architecture).supportedOptions())
        : v;
  }

  /**
   * Reads and verifies a model file; refuses one with a TorchScript backbone.
   *
   * @param file the file
   * @param device where the weights go
   * @return the model
   * @throws BadInputException naming the file when it is missing, not a Pupil model, truncated,
   *     altered, or from a newer format
   */
  public static ClassifierModel read(Path file, Device device) {
    return read(file, device, TorchScript.Permission.DENY);
  }

  /**
   * Reads and verifies a model file.
   *
   * @param file the file
   * @param device where the weights go
   * @param torchScript whether a TorchScript backbone may be loaded (its code runs)
   * @return the model
   * @throws BadInputException naming the file when it is missing, not a Pupil model, truncated,
   *     altered, from a newer format, or holds TorchScript without permission
   */
  public static ClassifierModel read(Path file, Device device, TorchScript.Permission torchScript) {
    ByteBuffer body = ChecksummedFile.read(file, MAGIC, "Pupil model", FORMAT_VERSION).body();
    ModelMetadata meta;
    byte[] params;
    try {
      byte[] json = new byte[body.getInt()];
      body.get(json);
      ModelMetadata raw =
          Json.COMPACT.fromJson(new String(json, StandardCharsets.UTF_8), ModelMetadata.class);
      meta =
          new ModelMetadata(
              raw.architecture(),
              raw.classes(),
              raw.channels(),
              raw.height(),
              raw.width(),
              Normalization.of(raw.normalization().mean(), raw.normalization().std()),
              raw.pupilVersion(),
              raw.seed(),
              validated(raw.architecture(), raw.options()));
      params = new byte[body.getInt()];
      body.get(params);
    } catch (RuntimeException e) {
      throw new BadInputException(file + " has unreadable metadata: " + e.getMessage(), e);
    }
    if (TorchScript.ARCHITECTURE.equals(meta.architecture())) {
      TorchScript.requireAllowed(file, torchScript);
    }
    try {
      return ClassifierModel.fromParameters(meta, params, device);
    } catch (BadInputException e) {
      ModelMetadata legacy = beforeCnnTinyDropout(meta);
      if (legacy != null) {
        try {
          return ClassifierModel.fromParameters(legacy, params, device);
        } catch (BadInputException ignored) {
          // report the first failure
        }
      }
      throw new BadInputException(file + ": " + e.getMessage(), e);
    }
  }
}
