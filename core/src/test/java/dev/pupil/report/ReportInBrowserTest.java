package dev.pupil.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Opens a synthetic run's report.html in headless Chromium (Debian's {@code chromium}; skipped when
 * it is not installed, CI installs it): every image decodes (naturalWidth > 0), nothing logs to the
 * console and no error event fires; a screenshot is kept in target/report-browser/report.png. The
 * checks run in a copy of the page with a probe script in its head that writes the result into the
 * DOM, which Chromium prints with --dump-dom.
 */
class ReportInBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final String PROBE =
      "<script>window.__errors=[];"
          + "window.addEventListener('error',function(e){window.__errors.push('error: '+"
          + "(e.message||(e.target&&e.target.tagName)))},true);"
          + "['error','warn'].forEach(function(k){var o=console[k];console[k]=function(){"
          + "window.__errors.push(k+': '+Array.prototype.join.call(arguments,' '));"
          + "o.apply(console,arguments)}});"
          + "window.addEventListener('load',function(){var imgs=Array.prototype.slice.call("
          + "document.images);var broken=imgs.filter(function(i){return !i.complete||"
          + "i.naturalWidth===0}).map(function(i){return i.alt});document.body.setAttribute("
          + "'data-check','images='+imgs.length+';broken='+broken.length+';errors='+"
          + "window.__errors.length+';'+broken.concat(window.__errors).join('|'))});</script>";
  private static final Pattern CHECK =
      Pattern.compile("data-check=\"images=(\\d+);broken=(\\d+);errors=(\\d+);([^\"]*)\"");

  @Test
  void reportLoadsWithEveryImageAndNoConsoleErrors() throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM), "no /usr/bin/chromium (apt-get install chromium)");
    Path work = Path.of("target", "report-browser").toAbsolutePath();
    deleteTree(work);
    Path run = SyntheticRun.write(work.resolve("run"));
    Path report = RunReport.write(run);
    String html = Files.readString(report);
    Path probe = run.resolve("report-probe.html");
    Files.writeString(probe, html.replace("<head>\n", "<head>\n" + PROBE + "\n"));

    Result dom =
        chromium(
            work.resolve("profile-1"),
            work.resolve("dom.txt"),
            "--dump-dom",
            "--virtual-time-budget=10000",
            probe.toUri().toString());
    Matcher m = CHECK.matcher(dom.stdout());
    assertThat(m.find()).as("probe result in the dumped DOM; stderr:\n%s", dom.stderr()).isTrue();
    assertThat(Integer.parseInt(m.group(1))).isEqualTo(SyntheticRun.IMAGES);
    assertThat(Integer.parseInt(m.group(2))).as("broken images: %s", m.group(4)).isZero();
    assertThat(Integer.parseInt(m.group(3))).as("errors: %s", m.group(4)).isZero();
    assertThat(consoleLines(dom.stderr())).isEmpty();

    Path shot = work.resolve("report.png");
    Result s =
        chromium(
            work.resolve("profile-2"),
            work.resolve("shot.txt"),
            "--screenshot=" + shot,
            "--window-size=1280,2000",
            "--hide-scrollbars",
            report.toUri().toString());
    assertThat(consoleLines(s.stderr())).isEmpty();
    BufferedImage png = ImageIO.read(shot.toFile());
    assertThat(png).as("screenshot %s", shot).isNotNull();
    assertThat(png.getWidth()).isEqualTo(1280);
    assertThat(png.getHeight()).isEqualTo(2000);
  }

  private record Result(String stdout, String stderr) {}

  private static Result chromium(Path profile, Path log, String... args)
      throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                CHROMIUM.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--enable-logging=stderr",
                "--v=0",
                "--user-data-dir=" + profile));
    cmd.addAll(List.of(args));
    Files.createDirectories(profile);
    Path out = Files.createTempFile(log.getParent(), "chromium", ".out");
    Process p =
        new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(log.toFile()).start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish in 90 s: " + cmd);
    }
    String stdout = Files.readString(out);
    Files.delete(out);
    assertThat(p.exitValue()).as("chromium exit code; log %s", log).isZero();
    return new Result(stdout, Files.readString(log));
  }

  /** Lines Chromium logs for console messages of the page ("...:CONSOLE:12] ..."). */
  private static List<String> consoleLines(String stderr) {
    return stderr.lines().filter(l -> l.contains(":CONSOLE")).toList();
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
