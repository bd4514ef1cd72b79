package dev.pupil.cli;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pupil.BadInputException;
import dev.pupil.run.RunConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Jazzer fuzz test of config.json reading ({@link RunConfig#read}, what {@code --resume} uses): any
 * file either reads as a configuration whose training part is valid, or is refused with a {@link
 * BadInputException} naming the file; anything else is a finding.
 */
class RunConfigFuzzTest {
  private static final Path FILE = file();

  @FuzzTest(maxDuration = "10m")
  void configJson(byte[] data) throws IOException {
    Files.write(FILE, data);
    try {
      RunConfig c = RunConfig.read(FILE);
      if (c.train() != null) {
        c.train().toBuilder().build(); // a stored config must validate as it is resumed
      }
    } catch (BadInputException e) {
      if (!e.getMessage().contains(FILE.toString())) {
        throw new IllegalStateException("message does not name the file: " + e.getMessage(), e);
      }
    }
  }

  private static Path file() {
    try {
      Path d = Files.createTempDirectory("pupil-fuzz");
      d.toFile().deleteOnExit();
      return d.resolve("config.json");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
