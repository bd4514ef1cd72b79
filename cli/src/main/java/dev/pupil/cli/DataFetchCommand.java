package dev.pupil.cli;

import dev.pupil.data.DatasetDownloader;
import dev.pupil.data.DatasetRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pupil data fetch NAME}: downloads a named dataset into the user cache, checking every
 * file's SHA-256, with a progress bar on a terminal.
 */
@Command(
    name = "fetch",
    mixinStandardHelpOptions = true,
    description = "Download a named dataset into ~/.cache/pupil (checksums verified).")
final class DataFetchCommand implements Callable<Integer> {
  @Mixin Output output;

  @Parameters(
      paramLabel = "NAME",
      completionCandidates = DataOptions.DatasetNames.class,
      description = "${COMPLETION-CANDIDATES}")
  String name;

  @Option(
      names = "--base-url",
      paramLabel = "URL",
      description = "Download from this mirror instead.")
  String baseUrl;

  @Override
  public Integer call() throws IOException {
    PrintWriter lines = output.progress();
    ProgressBar bar = ProgressBar.onTerminal(output.err());
    DatasetDownloader.Builder b =
        DatasetDownloader.builder()
            .setCacheRoot(DatasetRegistry.system().cacheRoot())
            .optProgress(
                (file, done, total) -> {
                  bar.update(file, done, total, megabytes(done));
                  if (done == total) {
                    bar.clear();
                    lines.println("  " + file + "  " + megabytes(total) + "  ok");
                    lines.flush();
                  }
                });
    if (baseUrl != null) {
      b.optBaseUrl(baseUrl);
    }
    Path dir;
    try {
      dir = b.build().fetch(name);
    } catch (ConnectException | UnknownHostException | HttpTimeoutException e) {
      throw new IOException(
          "cannot download "
              + name
              + (baseUrl == null ? "" : " from " + baseUrl)
              + " ("
              + ErrorHandler.describe(e)
              + "); check the network or use --base-url",
          e);
    }
    bar.clear();
    output.text(name + " is in " + dir);
    output.result(Output.fields("dataset", name, "dir", dir.toString()));
    return Pupil.OK;
  }

  private static String megabytes(long bytes) {
    return bytes < 1_000_000
        ? String.format(Locale.ROOT, "%.1f kB", bytes / 1e3)
        : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }
}
