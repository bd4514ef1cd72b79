package dev.pupil.data;

import dev.pupil.BadInputException;
import dev.pupil.io.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Extracts chosen regular files from a gzip-compressed tar archive (POSIX ustar and GNU long
 * names). Members are matched by their base name and written flat into one folder, so no path in
 * the archive can reach outside it.
 */
final class TarExtractor {
  private static final int BLOCK = 512;

  private TarExtractor() {}

  /**
   * Extracts the members whose base names are wanted.
   *
   * @param archive a .tar.gz file
   * @param wanted base names to extract
   * @param dir the folder to write them to (each written atomically)
   * @return the base names extracted
   * @throws BadInputException naming the archive when it is not a valid tar.gz
   * @throws IOException when a file cannot be written
   */
  static Set<String> extract(Path archive, Set<String> wanted, Path dir) throws IOException {
    Set<String> done = new HashSet<>();
    try (InputStream in =
        new BufferedInputStream(
            new GZIPInputStream(Files.newInputStream(archive), 1 << 16), 1 << 16)) {
      byte[] header = new byte[BLOCK];
      String longName = null;
      while (true) {
        if (in.readNBytes(header, 0, BLOCK) < BLOCK || isZero(header)) {
          break;
        }
        if (!checksumOk(header)) {
          throw new BadInputException(
              archive + " is not a valid tar archive (bad header checksum)");
        }
        long size = parseOctal(header, 124, 12, archive);
        byte type = header[156];
        long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
        if (type == 'L') {
          longName = cString(in.readNBytes((int) Math.min(padded, 1 << 16)), 0, (int) size);
          continue;
        }
        String name = longName != null ? longName : fullName(header);
        longName = null;
        String base = name.substring(name.lastIndexOf('/') + 1);
        if ((type == '0' || type == 0) && wanted.contains(base)) {
          BoundedStream member = new BoundedStream(in, size);
          AtomicFiles.write(dir.resolve(base), out -> member.transferTo(out));
          if (member.remaining > 0) {
            throw new BadInputException(archive + " is truncated inside " + name);
          }
          done.add(base);
          in.skipNBytes(padded - size);
        } else {
          in.skipNBytes(padded);
        }
      }
    } catch (EOFException | ZipException e) {
      throw new BadInputException(archive + " is not a valid tar.gz: " + e.getMessage(), e);
    }
    return done;
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean checksumOk(byte[] h) {
    long stored;
    try {
      stored = parseOctal(h, 148, 8, null);
    } catch (BadInputException e) {
      return false;
    }
    long sum = 0;
    for (int i = 0; i < BLOCK; i++) {
      sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xFF);
    }
    return sum == stored;
  }

  private static long parseOctal(byte[] h, int off, int len, Path archive) {
    if ((h[off] & 0x80) != 0) {
      throw new BadInputException(archive + " has a member too large for this reader");
    }
    long v = 0;
    for (int i = off; i < off + len && h[i] != 0; i++) {
      if (h[i] == ' ') {
        continue;
      }
      if (h[i] < '0' || h[i] > '7') {
        throw new BadInputException(archive + " is not a valid tar archive (bad number)");
      }
      v = v * 8 + (h[i] - '0');
    }
    return v;
  }

  private static String fullName(byte[] h) {
    String name = cString(h, 0, 100);
    boolean ustar = new String(h, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
    String prefix = ustar ? cString(h, 345, 155) : "";
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }

  private static String cString(byte[] b, int off, int len) {
    int end = off;
    while (end < off + len && end < b.length && b[end] != 0) {
      end++;
    }
    return new String(b, off, end - off, StandardCharsets.UTF_8);
  }

  /** Reads at most {@code remaining} bytes of the underlying stream, never closing it. */
  private static final class BoundedStream extends InputStream {
    private final InputStream in;
    private long remaining;

    BoundedStream(InputStream in, long size) {
      this.in = in;
      this.remaining = size;
    }

    @Override
    public int read() throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int b = in.read();
      if (b >= 0) {
        remaining--;
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int n = in.read(buf, off, (int) Math.min(len, remaining));
      if (n > 0) {
        remaining -= n;
      }
      return n;
    }
  }
}
