package dev.pupil.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files so that a reader sees either the old content or the whole new content, never a part:
 * the bytes go to a temporary file in the same folder, are forced to disk, and the file is renamed
 * over the target.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Something that writes a file's content to a stream. */
  @FunctionalInterface
  public interface Writer {
    /**
     * @param out the stream to write to; it is closed by the caller
     * @throws IOException when writing fails
     */
    void write(OutputStream out) throws IOException;
  }

  /**
   * Writes {@code target} atomically.
   *
   * @param target the file to write
   * @param writer what writes the content
   * @throws IOException when the folder cannot be written; the old file, if any, is intact
   */
  public static void write(Path target, Writer writer) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE)) {
        writer.write(out);
      }
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      FaultPoints.reach("rename:" + target.getFileName());
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Deletes the temporary files that {@link #write} leaves beside {@code target} when the process
   * is killed between writing one and renaming it ({@code .NAME.*.tmp}).
   *
   * @param target the file whose leftovers to delete
   * @return how many were deleted
   * @throws IOException when the folder cannot be listed or a leftover cannot be deleted
   */
  public static int deleteLeftovers(Path target) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    int n = 0;
    String glob = "." + target.getFileName() + ".*.tmp";
    try (var s = Files.newDirectoryStream(dir, glob)) {
      for (Path p : s) {
        Files.delete(p);
        n++;
      }
    }
    return n;
  }

  /**
   * Writes a UTF-8 string atomically.
   *
   * @param target the file to write
   * @param text its content
   * @throws IOException when the folder cannot be written
   */
  public static void writeString(Path target, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    write(target, out -> out.write(bytes));
  }
}
