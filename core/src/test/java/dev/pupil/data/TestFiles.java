package dev.pupil.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Tiny synthetic data files for the data tests. */
final class TestFiles {
  private TestFiles() {}

  /** IDX images file: n images of h×w whose pixel k of image i is (i * 10 + k) mod 256. */
  static byte[] idxImages(int n, int h, int w) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(0x00000803);
      out.writeInt(n);
      out.writeInt(h);
      out.writeInt(w);
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < h * w; k++) {
          out.writeByte(i * 10 + k);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  /** IDX labels file holding the given labels. */
  static byte[] idxLabels(int... labels) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(0x00000801);
      out.writeInt(labels.length);
      for (int l : labels) {
        out.writeByte(l);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  /** The bytes gzip-compressed. */
  static byte[] gzip(byte[] raw) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(raw);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  /** CIFAR records: each label array entry is one record's label bytes; pixels = record index. */
  static byte[] cifarRecords(int[][] labelBytes) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int r = 0; r < labelBytes.length; r++) {
      for (int l : labelBytes[r]) {
        bytes.write(l);
      }
      for (int k = 0; k < 3072; k++) {
        bytes.write(k < 1024 ? r : k < 2048 ? 100 + r : 200 + r);
      }
    }
    return bytes.toByteArray();
  }

  static Path write(Path file, byte[] content) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    return Files.write(file, content);
  }
}
