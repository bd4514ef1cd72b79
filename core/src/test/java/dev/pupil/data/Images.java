package dev.pupil.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/** Writes tiny synthetic image files for the folder-reader tests. */
final class Images {
  private Images() {}

  /** Writes an RGB image of one colour. */
  static Path rgb(Path file, String format, int h, int w, int rgb) throws IOException {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, rgb);
      }
    }
    return write(file, format, img);
  }

  /** Writes an 8-bit gray image of one value. */
  static Path gray(Path file, String format, int h, int w, int value) throws IOException {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.getRaster().setSample(x, y, 0, value);
      }
    }
    return write(file, format, img);
  }

  private static Path write(Path file, String format, BufferedImage img) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    if (!ImageIO.write(img, format, file.toFile())) {
      throw new IOException("no ImageIO writer for " + format);
    }
    return file;
  }

  /** A PNG whose header claims the given size and that holds no pixel data. */
  static Path pngHeaderOnly(Path file, int w, int h) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
    ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(ihdr);
    d.writeBytes("IHDR");
    d.writeInt(w);
    d.writeInt(h);
    d.write(new byte[] {8, 0, 0, 0, 0});
    byte[] chunk = ihdr.toByteArray();
    CRC32 crc = new CRC32();
    crc.update(chunk);
    out.writeInt(13);
    out.write(chunk);
    out.writeInt((int) crc.getValue());
    Files.createDirectories(file.toAbsolutePath().getParent());
    return Files.write(file, bytes.toByteArray());
  }
}
