package dev.pupil.data;

import static dev.pupil.data.TestFiles.gzip;
import static dev.pupil.data.TestFiles.idxImages;
import static dev.pupil.data.TestFiles.idxLabels;
import static dev.pupil.data.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pupil.BadInputException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetRegistryTest {
  @TempDir Path tmp;

  /** Writes a tiny Fashion-MNIST lookalike: 3 train and 2 test images of 2x2. */
  static Path writeTinyIdx(Path dir) throws IOException {
    write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(idxImages(3, 2, 2)));
    write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(idxLabels(9, 0, 4)));
    write(dir.resolve("t10k-images-idx3-ubyte.gz"), gzip(idxImages(2, 2, 2)));
    write(dir.resolve("t10k-labels-idx1-ubyte.gz"), gzip(idxLabels(1, 2)));
    return dir;
  }

  @Test
  void searchOrderIsPupilDataThenXdgCacheThenTheSystemFolder() {
    Path home = tmp.resolve("home");
    DatasetRegistry r =
        DatasetRegistry.fromEnvironment(
            Map.of("PUPIL_DATA", "/data/p", "XDG_CACHE_HOME", "/xdg"), home, Path.of("/sys/ds"));
    assertThat(r.roots())
        .containsExactly(Path.of("/data/p"), Path.of("/xdg/pupil"), Path.of("/sys/ds"));
    assertThat(r.cacheRoot()).isEqualTo(Path.of("/xdg/pupil"));
  }

  @Test
  void cacheDefaultsToDotCacheInHome() {
    Path home = tmp.resolve("home");
    DatasetRegistry r = DatasetRegistry.fromEnvironment(Map.of(), home, Path.of("/sys/ds"));
    assertThat(r.roots()).containsExactly(home.resolve(".cache/pupil"), Path.of("/sys/ds"));
    assertThat(DatasetRegistry.cacheRoot(Map.of("XDG_CACHE_HOME", "relative"), home))
        .isEqualTo(home.resolve(".cache/pupil"));
  }

  @Test
  void firstRootHoldingAllFilesWins() throws IOException {
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    write(a.resolve("fashion-mnist/train-images-idx3-ubyte.gz"), gzip(idxImages(1, 1, 1)));
    writeTinyIdx(b.resolve("fashion-mnist"));
    DatasetRegistry r = new DatasetRegistry(List.of(a, b), a);
    assertThat(r.locate("fashion-mnist")).isEqualTo(b.resolve("fashion-mnist"));
  }

  @Test
  void loadReadsTrainAndTestWithTheNamedClasses() throws IOException {
    writeTinyIdx(tmp.resolve("fashion-mnist"));
    LoadedDataset d = new DatasetRegistry(List.of(tmp), tmp).load("fashion-mnist");
    assertThat(d.name()).isEqualTo("fashion-mnist");
    assertThat(d.train().size()).isEqualTo(3);
    assertThat(d.test().labels()).containsExactly(1, 2);
    assertThat(d.train().classes()).startsWith("T-shirt/top").endsWith("Ankle boot");
    assertThat(d.dir()).isEqualTo(tmp.resolve("fashion-mnist"));
  }

  @Test
  void unknownNameListsTheKnownOnes() {
    DatasetRegistry r = new DatasetRegistry(List.of(tmp), tmp);
    assertThatThrownBy(() -> r.load("imagenet"))
        .isInstanceOf(BadInputException.class)
        .hasMessage("unknown dataset 'imagenet'; known: fashion-mnist, mnist, cifar10");
  }

  @Test
  void missingFilesSayWhereItLookedAndHowToFetch() {
    DatasetRegistry r = new DatasetRegistry(List.of(tmp.resolve("x"), tmp.resolve("y")), tmp);
    assertThatThrownBy(() -> r.load("mnist"))
        .isInstanceOf(BadInputException.class)
        .hasMessage(
            "dataset 'mnist' not found in "
                + tmp.resolve("x/mnist")
                + ", "
                + tmp.resolve("y/mnist")
                + "; run `pupil data fetch mnist` to download it");
  }

  @Test
  void cifarBatchesAreFoundInTheirSubfolder() throws IOException {
    Path d = tmp.resolve("cifar10/cifar-10-batches-bin");
    for (String m : NamedDataset.CIFAR10.archiveMembers()) {
      write(d.resolve(m), TestFiles.cifarRecords(new int[][] {{m.length() % 10}}));
    }
    LoadedDataset loaded = new DatasetRegistry(List.of(tmp), tmp).load("cifar10");
    assertThat(loaded.train().size()).isEqualTo(5);
    assertThat(loaded.test().size()).isEqualTo(1);
    assertThat(loaded.train().channels()).isEqualTo(3);
  }
}
