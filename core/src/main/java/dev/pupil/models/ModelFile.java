package dev.pupil.models;

import ai.djl.Device;
import dev.pupil.BadInputException;
import dev.pupil.data.Normalization;
import dev.pupil.io.AtomicFiles;
import dev.pupil.io.Json;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Pupil's one-file model format: the magic {@code PUPILMDL}, a format version, the metadata as
 * JSON, DJL's parameter bytes, and a SHA-256 of everything before it. A truncated or altered file,
 * or one from a newer format version, is refused with a clear error. Unlike TorchScript, loading
 * runs no code from the file.
 */
public final class ModelFile {
  /** The format version this Pupil writes and the newest it reads. */
  public static final int FORMAT_VERSION = 1;

  private static final byte[] MAGIC = "PUPILMDL".getBytes(StandardCharsets.US_ASCII);
  private static final int DIGEST_BYTES = 32;

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
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(params.length + json.length + 64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(MAGIC);
      out.writeInt(FORMAT_VERSION);
      out.writeInt(json.length);
      out.write(json);
      out.writeInt(params.length);
      out.write(params);
    }
    byte[] body = bytes.toByteArray();
    byte[] digest = sha256(body, body.length);
    AtomicFiles.write(
        file,
        out -> {
          out.write(body);
          out.write(digest);
        });
  }

  /**
   * Reads and verifies a model file.
   *
   * @param file the file
   * @param device where the weights go
   * @return the model
   * @throws BadInputException naming the file when it is missing, not a Pupil model, truncated,
   *     altered, or from a newer format
   */
  public static ClassifierModel read(Path file, Device device) {
    byte[] all;
    try {
      all = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new BadInputException(file + " does not exist", e);
    } catch (IOException e) {
      throw new BadInputException(file + " cannot be read: " + e.getMessage(), e);
    }
    if (all.length < MAGIC.length + 12 + DIGEST_BYTES
        || !Arrays.equals(Arrays.copyOf(all, MAGIC.length), MAGIC)) {
      throw new BadInputException(file + " is not a Pupil model file");
    }
    ByteBuffer buf = ByteBuffer.wrap(all);
    buf.position(MAGIC.length);
    int version = buf.getInt();
    if (version > FORMAT_VERSION || version < 1) {
      throw new BadInputException(
          file + " has model format version " + version + "; this Pupil reads up to "
              + FORMAT_VERSION + " (upgrade Pupil)");
    }
    int bodyLength = all.length - DIGEST_BYTES;
    byte[] expected = Arrays.copyOfRange(all, bodyLength, all.length);
    if (!MessageDigest.isEqual(expected, sha256(all, bodyLength))) {
      throw new BadInputException(file + " is corrupt: its checksum does not match (truncated or altered)");
    }
    int jsonLength = buf.getInt();
    if (jsonLength < 0 || jsonLength > bodyLength - buf.position()) {
      throw new BadInputException(file + " is corrupt: bad metadata length");
    }
    String json = new String(all, buf.position(), jsonLength, StandardCharsets.UTF_8);
    buf.position(buf.position() + jsonLength);
    ModelMetadata meta;
    try {
      meta = Json.COMPACT.fromJson(json, ModelMetadata.class);
      meta = new ModelMetadata(
          meta.architecture(), meta.classes(), meta.channels(), meta.height(), meta.width(),
          Normalization.of(meta.normalization().mean(), meta.normalization().std()),
          meta.pupilVersion(), meta.seed());
    } catch (RuntimeException e) {
      throw new BadInputException(file + " has unreadable metadata: " + e.getMessage(), e);
    }
    int paramsLength = buf.getInt();
    if (paramsLength < 0 || paramsLength != bodyLength - buf.position()) {
      throw new BadInputException(file + " is corrupt: bad parameter length");
    }
    byte[] params = Arrays.copyOfRange(all, buf.position(), buf.position() + paramsLength);
    try {
      return ClassifierModel.fromParameters(meta, params, device);
    } catch (BadInputException e) {
      throw new BadInputException(file + ": " + e.getMessage(), e);
    }
  }

  private static byte[] sha256(byte[] data, int length) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(data, 0, length);
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
