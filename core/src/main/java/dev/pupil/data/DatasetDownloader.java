package dev.pupil.data;

import dev.pupil.BadInputException;
import dev.pupil.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads a {@link NamedDataset} into {@code cacheRoot/NAME/} and checks every file's SHA-256.
 *
 * <p>Each file is streamed to a temporary file beside its target, hashed on the way, and renamed
 * into place only when the hash matches (via {@link AtomicFiles}); a mismatch leaves no file and
 * raises a {@link BadInputException} naming the URL and both hashes. Files already present with the
 * right hash are not downloaded again. An archive (CIFAR-10) is checked, its members extracted, and
 * the archive deleted.
 *
 * <pre>{@code
 * Path dir = DatasetDownloader.builder()
 *     .setCacheRoot(DatasetRegistry.system().cacheRoot())
 *     .optProgress((file, done, total) -> bar.update(done, total))
 *     .build()
 *     .fetch(NamedDataset.FASHION_MNIST);
 * }</pre>
 */
public final class DatasetDownloader {
  private static final Logger LOG = LoggerFactory.getLogger(DatasetDownloader.class);

  /** Receives download progress, for example to draw a bar. */
  @FunctionalInterface
  public interface Progress {
    /**
     * Called as bytes arrive, and once with {@code bytesDone == bytesTotal} for a file already
     * present.
     *
     * @param file the file name
     * @param bytesDone bytes received so far
     * @param bytesTotal the file's size, or -1 when the server does not say
     */
    void update(String file, long bytesDone, long bytesTotal);
  }

  private final Path cacheRoot;
  private final String baseUrl;
  private final Map<String, String> checksums;
  private final HttpClient client;
  private final Progress progress;

  private DatasetDownloader(Builder b) {
    this.cacheRoot = b.cacheRoot;
    this.baseUrl = b.baseUrl;
    this.checksums = Map.copyOf(b.checksums);
    this.client =
        b.client != null
            ? b.client
            : HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(30))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    this.progress = b.progress;
  }

  /**
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Downloads a dataset unless it is already complete in the cache.
   *
   * @param name a dataset name
   * @return the folder holding the dataset, {@code cacheRoot/NAME}
   * @throws BadInputException when the name is unknown, the server answers other than 200, a
   *     checksum does not match, or the archive is malformed
   * @throws IOException when the connection or a local write fails
   */
  public Path fetch(String name) throws IOException {
    return fetch(NamedDataset.byName(name));
  }

  /**
   * Downloads a dataset unless it is already complete in the cache.
   *
   * @param dataset the dataset
   * @return the folder holding the dataset, {@code cacheRoot/NAME}
   * @throws BadInputException as {@link #fetch(String)}
   * @throws IOException when the connection or a local write fails
   */
  public Path fetch(NamedDataset dataset) throws IOException {
    Path dir = cacheRoot.resolve(dataset.id());
    if (dataset.isArchive() && dataset.isPresentIn(dir)) {
      LOG.info("{} is already in {}", dataset.id(), dir);
      return dir;
    }
    Files.createDirectories(dir);
    String base = baseUrl != null ? baseUrl : dataset.baseUrl();
    base = base.endsWith("/") ? base : base + "/";
    for (RemoteFile f : dataset.downloads()) {
      String expected = checksums.getOrDefault(f.name(), f.sha256());
      Path target = dir.resolve(f.name());
      if (Files.isRegularFile(target)) {
        if (sha256(target).equals(expected)) {
          long size = Files.size(target);
          progress.update(f.name(), size, size);
          continue;
        }
        LOG.warn("{} has the wrong checksum; downloading it again", target);
        Files.delete(target);
      }
      download(URI.create(base + f.name()), target, expected);
      if (dataset.isArchive()) {
        List<String> members = dataset.archiveMembers();
        Set<String> got = TarExtractor.extract(target, Set.copyOf(members), dir);
        if (!got.containsAll(members)) {
          throw new BadInputException(
              target + " lacks " + members.stream().filter(m -> !got.contains(m)).toList());
        }
        Files.delete(target);
      }
    }
    return dir;
  }

  private void download(URI uri, Path target, String expected) throws IOException {
    LOG.info("downloading {}", uri);
    HttpRequest request = HttpRequest.newBuilder(uri).GET().build();
    HttpResponse<InputStream> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while downloading " + uri);
    }
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw new BadInputException(
            "GET " + uri + " answered HTTP " + response.statusCode() + ", not 200");
      }
      long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
      String name = target.getFileName().toString();
      MessageDigest digest = newSha256();
      AtomicFiles.write(
          target,
          out -> {
            byte[] buf = new byte[1 << 16];
            long done = 0;
            progress.update(name, 0, total);
            for (int n; (n = body.read(buf)) > 0; ) {
              out.write(buf, 0, n);
              digest.update(buf, 0, n);
              done += n;
              progress.update(name, done, total);
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(expected)) {
              throw new BadInputException(
                  uri
                      + " has SHA-256 "
                      + actual
                      + ", expected "
                      + expected
                      + "; the file was not kept");
            }
          });
    }
  }

  /**
   * The SHA-256 of a file.
   *
   * @param file a file
   * @return 64 lower-case hex digits
   * @throws IOException when it cannot be read
   */
  public static String sha256(Path file) throws IOException {
    MessageDigest digest = newSha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        digest.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Builds a {@link DatasetDownloader}; {@link #setCacheRoot} is required. */
  public static final class Builder {
    private Path cacheRoot;
    private String baseUrl;
    private final Map<String, String> checksums = new HashMap<>();
    private HttpClient client;
    private Progress progress = (file, done, total) -> {};

    Builder() {}

    /**
     * Sets the folder datasets are downloaded into, as {@code cacheRoot/NAME} (required).
     *
     * @param cacheRoot usually {@link DatasetRegistry#cacheRoot()}
     * @return this builder
     */
    public Builder setCacheRoot(Path cacheRoot) {
      this.cacheRoot = Objects.requireNonNull(cacheRoot, "cacheRoot");
      return this;
    }

    /**
     * Replaces the dataset's base URL, for a mirror or a test server.
     *
     * @param baseUrl http(s) URL the file names are appended to
     * @return this builder
     */
    public Builder optBaseUrl(String baseUrl) {
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
      return this;
    }

    /**
     * Replaces the expected SHA-256 of some files, by file name (for tests and mirrors with other
     * content).
     *
     * @param sha256ByFile file name to 64 hex digits
     * @return this builder
     */
    public Builder optChecksums(Map<String, String> sha256ByFile) {
      sha256ByFile.forEach((k, v) -> checksums.put(k, new RemoteFile(k, v).sha256()));
      return this;
    }

    /**
     * Sets the HTTP client (default: 30 s connect timeout, following redirects).
     *
     * @param client the client
     * @return this builder
     */
    public Builder optHttpClient(HttpClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Sets the progress callback (default: none).
     *
     * @param progress called as bytes arrive
     * @return this builder
     */
    public Builder optProgress(Progress progress) {
      this.progress = Objects.requireNonNull(progress, "progress");
      return this;
    }

    /**
     * @return the downloader
     * @throws IllegalArgumentException naming a missing or bad option
     */
    public DatasetDownloader build() {
      if (cacheRoot == null) {
        throw new IllegalArgumentException("cacheRoot must be set");
      }
      if (baseUrl != null && !baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
        throw new IllegalArgumentException(
            "baseUrl must start with http:// or https://, got " + baseUrl);
      }
      return new DatasetDownloader(this);
    }
  }
}
