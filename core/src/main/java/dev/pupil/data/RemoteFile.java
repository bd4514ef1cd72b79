package dev.pupil.data;

import java.util.Locale;
import java.util.Objects;

/**
 * A file a named dataset downloads, with the SHA-256 of its published content.
 *
 * @param name the file name, appended to the dataset's base URL and used on disk
 * @param sha256 64 lower-case hex digits
 */
public record RemoteFile(String name, String sha256) {
  /**
   * Checks the fields.
   *
   * @param name the file name
   * @param sha256 64 hex digits, any case
   */
  public RemoteFile {
    Objects.requireNonNull(name, "name");
    sha256 = sha256.toLowerCase(Locale.ROOT);
    if (!sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("sha256 of " + name + " must be 64 hex digits");
    }
  }
}
