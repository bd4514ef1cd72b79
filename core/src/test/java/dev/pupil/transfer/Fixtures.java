package dev.pupil.transfer;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Test resources of this package as files. */
final class Fixtures {
  private Fixtures() {}

  static Path resource(String name) {
    try {
      return Path.of(Fixtures.class.getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
