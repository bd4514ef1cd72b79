package dev.pupil.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Checks the built-in table against Debian's {@code dataset-fashion-mnist} package where it is
 * installed (skipped elsewhere).
 */
class DebianFashionMnistTest {
  private static final Path DIR = DatasetRegistry.DEBIAN_ROOT.resolve("fashion-mnist");

  @Test
  void debianFilesMatchTheBuiltInChecksums() throws IOException {
    assumeTrue(Files.isDirectory(DIR), "dataset-fashion-mnist is not installed");
    for (RemoteFile f : NamedDataset.FASHION_MNIST.downloads()) {
      assertThat(DatasetDownloader.sha256(DIR.resolve(f.name()))).isEqualTo(f.sha256());
    }
  }

  @Test
  void registryFindsAndLoadsTheDebianPackage(@org.junit.jupiter.api.io.TempDir Path home) {
    assumeTrue(Files.isDirectory(DIR), "dataset-fashion-mnist is not installed");
    DatasetRegistry r =
        DatasetRegistry.fromEnvironment(Map.of(), home, DatasetRegistry.DEBIAN_ROOT);
    LoadedDataset d = r.load("fashion-mnist");
    assertThat(d.dir()).isEqualTo(DIR);
    assertThat(d.train().size()).isEqualTo(60_000);
    assertThat(d.test().size()).isEqualTo(10_000);
    assertThat(d.train().classCounts()).containsOnly(6_000);
  }
}
