package dev.pupil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.pupil.run.RunSplit;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import picocli.CommandLine;

/** Runs {@code pupil} in-process with captured output, and writes tiny image folders. */
final class Cli {
  private Cli() {}

  /**
   * What a command did.
   *
   * @param code the exit code
   * @param out stdout
   * @param err stderr
   */
  record Result(int code, String out, String err) {}

  /**
   * Asserts that a command was refused as bad input: exit code 2 and one line on stderr, naming
   * what is wrong, without a stack trace.
   */
  static void assertBadInput(Result r, String... named) {
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
    assertThat(r.err()).startsWith("pupil: ").doesNotContain("Exception", "\tat ");
    assertThat(r.err()).contains(named);
  }

  /**
   * Asserts that a run folder's split.json has as many labeled, validation and unlabeled ids as
   * config.json's splitSizes, all different.
   */
  static void assertSplitRecorded(Path run) throws IOException {
    JsonObject sizes =
        JsonParser.parseString(Files.readString(run.resolve("config.json")))
            .getAsJsonObject()
            .getAsJsonObject("splitSizes");
    RunSplit split = RunSplit.read(run.resolve("split.json"));
    assertThat(split.labeled()).hasSize(sizes.get("train").getAsInt()).isNotEmpty();
    assertThat(split.validation()).hasSize(sizes.get("validation").getAsInt());
    assertThat(split.trainedOn()).hasSize(split.labeled().size() + split.validation().size());
  }

  static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = Pupil.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int code = cmd.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  /**
   * Writes an ImageFolder of 12×12 gray PNGs: class "top" is bright in the upper half, "bottom" in
   * the lower half, on noise.
   */
  static Path imageFolder(Path root, int perClass) throws IOException {
    Random r = new Random(7);
    String[] classes = {"bottom", "top"};
    for (int c = 0; c < classes.length; c++) {
      for (int i = 0; i < perClass; i++) {
        png(root.resolve(classes[c]).resolve(String.format("%02d.png", i)), c == 1, r);
      }
    }
    return root;
  }

  static Path png(Path file, boolean top, Random r) throws IOException {
    BufferedImage img = new BufferedImage(12, 12, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < 12; y++) {
      for (int x = 0; x < 12; x++) {
        int v = r.nextInt(60) + ((y < 6) == top ? 170 : 0);
        img.getRaster().setSample(x, y, 0, v);
      }
    }
    Files.createDirectories(file.getParent());
    ImageIO.write(img, "png", file.toFile());
    return file;
  }
}
