package dev.pupil.io;

import dev.pupil.BadInputException;
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
 * Pupil's binary container for model and checkpoint files: an 8-byte magic, a format version, the
 * body, and a SHA-256 of everything before it. Written atomically; read back only when the magic,
 * version and checksum are right, so that a truncated, altered or foreign file is refused with a
 * clear error instead of loading garbage.
 */
public final class ChecksummedFile {
  private static final int DIGEST_BYTES = 32;

  private ChecksummedFile() {}

  /**
   * Writes magic, version, body and checksum atomically.
   *
   * @param file the target
   * @param magic 8 ASCII characters naming the kind of file
   * @param version the body's format version
   * @param body the content
   * @throws IOException when the file cannot be written; a previous file stays intact
   */
  public static void write(Path file, String magic, int version, byte[] body) throws IOException {
    byte[] head = ByteBuffer.allocate(12).put(magicBytes(magic)).putInt(version).array();
    MessageDigest md = sha256();
    md.update(head);
    md.update(body);
    byte[] digest = md.digest();
    AtomicFiles.write(
        file,
        out -> {
          out.write(head);
          out.write(body);
          out.write(digest);
        });
  }

  /**
   * What a verified file holds.
   *
   * @param version its format version
   * @param body its content
   */
  public record Contents(int version, ByteBuffer body) {}

  /**
   * Reads and verifies a file.
   *
   * @param file the file
   * @param magic the expected magic
   * @param what what the file should be, for messages ("Pupil model")
   * @param maxVersion the newest format version this code reads
   * @return the version and body
   * @throws BadInputException naming the file when it is missing, foreign, from a newer version,
   *     truncated or altered
   */
  public static Contents read(Path file, String magic, String what, int maxVersion) {
    byte[] all;
    try {
      all = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new BadInputException(file + " does not exist", e);
    } catch (IOException e) {
      throw new BadInputException(file + " cannot be read: " + e.getMessage(), e);
    }
    byte[] m = magicBytes(magic);
    if (all.length < m.length || !Arrays.equals(Arrays.copyOf(all, m.length), m)) {
      throw new BadInputException(file + " is not a " + what + " file");
    }
    if (all.length < 12 + DIGEST_BYTES) {
      throw new BadInputException(file + " is corrupt: truncated");
    }
    int version = ByteBuffer.wrap(all, 8, 4).getInt();
    if (version < 1 || version > maxVersion) {
      throw new BadInputException(
          file
              + " has "
              + what
              + " format version "
              + version
              + "; this Pupil reads up to "
              + maxVersion
              + " (upgrade Pupil)");
    }
    int end = all.length - DIGEST_BYTES;
    MessageDigest md = sha256();
    md.update(all, 0, end);
    if (!MessageDigest.isEqual(md.digest(), Arrays.copyOfRange(all, end, all.length))) {
      throw new BadInputException(
          file + " is corrupt: its checksum does not match (truncated or altered)");
    }
    return new Contents(version, ByteBuffer.wrap(all, 12, end - 12).slice());
  }

  private static byte[] magicBytes(String magic) {
    byte[] m = magic.getBytes(StandardCharsets.US_ASCII);
    if (m.length != 8) {
      throw new IllegalArgumentException("magic must be 8 ASCII characters, got '" + magic + "'");
    }
    return m;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
