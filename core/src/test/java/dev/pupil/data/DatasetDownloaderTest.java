package dev.pupil.data;

import static dev.pupil.data.TestFiles.gzip;
import static dev.pupil.data.TestFiles.idxImages;
import static dev.pupil.data.TestFiles.idxLabels;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.pupil.BadInputException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetDownloaderTest {
  @TempDir Path cache;

  private HttpServer server;
  private final Map<String, byte[]> served = new ConcurrentHashMap<>();
  private final AtomicInteger requests = new AtomicInteger();
  private String base;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          String name = exchange.getRequestURI().getPath().substring("/ds/".length());
          byte[] body = served.get(name);
          if (body == null) {
            exchange.sendResponseHeaders(404, -1);
          } else {
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          }
          exchange.close();
        });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort() + "/ds/";
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Serves a tiny Fashion-MNIST and returns its checksum table. */
  private Map<String, String> serveTinyIdx() {
    served.put("train-images-idx3-ubyte.gz", gzip(idxImages(3, 2, 2)));
    served.put("train-labels-idx1-ubyte.gz", gzip(idxLabels(9, 0, 4)));
    served.put("t10k-images-idx3-ubyte.gz", gzip(idxImages(2, 2, 2)));
    served.put("t10k-labels-idx1-ubyte.gz", gzip(idxLabels(1, 2)));
    Map<String, String> sums = new LinkedHashMap<>();
    served.forEach((k, v) -> sums.put(k, sha256(v)));
    return sums;
  }

  private DatasetDownloader.Builder downloader(Map<String, String> sums) {
    return DatasetDownloader.builder().setCacheRoot(cache).optBaseUrl(base).optChecksums(sums);
  }

  @Test
  void downloadsVerifiesAndLoads() throws IOException {
    Map<String, String> sums = serveTinyIdx();
    List<long[]> calls = new ArrayList<>();
    Path dir =
        downloader(sums)
            .optProgress((f, done, total) -> calls.add(new long[] {done, total}))
            .build()
            .fetch("fashion-mnist");
    assertThat(dir).isEqualTo(cache.resolve("fashion-mnist"));
    for (Map.Entry<String, String> e : sums.entrySet()) {
      assertThat(DatasetDownloader.sha256(dir.resolve(e.getKey()))).isEqualTo(e.getValue());
    }
    assertThat(calls).isNotEmpty();
    long[] last = calls.get(calls.size() - 1);
    assertThat(last[0]).isEqualTo(last[1]).isPositive();
    LoadedDataset d = new DatasetRegistry(List.of(cache), cache).load("fashion-mnist");
    assertThat(d.train().labels()).containsExactly(9, 0, 4);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).hasSize(4);
    }
  }

  @Test
  void filesAlreadyPresentWithTheRightChecksumAreNotFetchedAgain() throws IOException {
    Map<String, String> sums = serveTinyIdx();
    DatasetDownloader dl = downloader(sums).build();
    dl.fetch("fashion-mnist");
    assertThat(requests.get()).isEqualTo(4);
    dl.fetch("fashion-mnist");
    assertThat(requests.get()).isEqualTo(4);
  }

  @Test
  void corruptedFileLeavesNothingAndNamesTheUrlAndBothHashes() throws IOException {
    Map<String, String> sums = serveTinyIdx();
    byte[] bad = served.get("train-labels-idx1-ubyte.gz").clone();
    bad[bad.length - 1] ^= 1;
    served.put("train-labels-idx1-ubyte.gz", bad);
    String url = base + "train-labels-idx1-ubyte.gz";
    assertThatThrownBy(() -> downloader(sums).build().fetch("fashion-mnist"))
        .isInstanceOf(BadInputException.class)
        .hasMessage(
            url
                + " has SHA-256 "
                + sha256(bad)
                + ", expected "
                + sums.get("train-labels-idx1-ubyte.gz")
                + "; the file was not kept");
    Path dir = cache.resolve("fashion-mnist");
    assertThat(dir.resolve("train-labels-idx1-ubyte.gz")).doesNotExist();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactly("train-images-idx3-ubyte.gz");
    }
  }

  @Test
  void notFoundNamesTheUrlAndStatus() {
    Map<String, String> sums = serveTinyIdx();
    served.remove("t10k-images-idx3-ubyte.gz");
    assertThatThrownBy(() -> downloader(sums).build().fetch("fashion-mnist"))
        .isInstanceOf(BadInputException.class)
        .hasMessage("GET " + base + "t10k-images-idx3-ubyte.gz answered HTTP 404, not 200");
    assertThat(cache.resolve("fashion-mnist/t10k-images-idx3-ubyte.gz")).doesNotExist();
  }

  @Test
  void cifarArchiveIsExtractedAndDeleted() throws IOException {
    Map<String, byte[]> members = new LinkedHashMap<>();
    members.put("cifar-10-batches-bin/batches.meta.txt", "airplane\n".getBytes());
    int label = 0;
    for (String m : NamedDataset.CIFAR10.archiveMembers()) {
      members.put("cifar-10-batches-bin/" + m, TestFiles.cifarRecords(new int[][] {{label++}}));
    }
    byte[] archive = gzip(Tars.tar(members));
    served.put("cifar-10-binary.tar.gz", archive);
    Path dir =
        downloader(Map.of("cifar-10-binary.tar.gz", sha256(archive))).build().fetch("cifar10");
    assertThat(dir.resolve("cifar-10-binary.tar.gz")).doesNotExist();
    assertThat(dir.resolve("batches.meta.txt")).doesNotExist();
    LoadedDataset d = NamedDataset.CIFAR10.read(dir);
    assertThat(d.train().labels()).containsExactly(0, 1, 2, 3, 4);
    assertThat(d.test().labels()).containsExactly(5);
    assertThat(d.test().pixel(0, 1, 0, 0)).isEqualTo(100);
  }

  @Test
  void builderRequiresACacheRootAndAnHttpUrl() {
    assertThatThrownBy(() -> DatasetDownloader.builder().build()).hasMessageContaining("cacheRoot");
    assertThatThrownBy(
            () -> DatasetDownloader.builder().setCacheRoot(cache).optBaseUrl("ftp://x/").build())
        .hasMessageContaining("baseUrl");
  }
}
