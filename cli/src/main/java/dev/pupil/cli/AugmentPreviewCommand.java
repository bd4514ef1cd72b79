package dev.pupil.cli;

import dev.pupil.BadInputException;
import dev.pupil.augment.AugmentPipeline;
import dev.pupil.augment.AugmentSpec;
import dev.pupil.augment.BatchMixer;
import dev.pupil.augment.ImageShape;
import dev.pupil.data.ImageFiles;
import dev.pupil.train.Seeds;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pupil augment preview}: a PNG grid with one row per input image (the original, then
 * augmented samples) and, with {@code --mix}, rows of mixed pairs (each image with the previous
 * one, as in training) with the label weights written under each tile.
 */
@Command(
    name = "preview",
    mixinStandardHelpOptions = true,
    description = "Write a PNG grid of augmented samples (and CutMix/MixUp pairs with weights).")
final class AugmentPreviewCommand implements Callable<Integer> {
  private static final int CAPTION = 14;
  private static final int GAP = 2;

  @Mixin Output output;

  @Mixin AugmentOptions augment;

  @Option(names = "--seed", paramLabel = "S", description = "Seed (default: 42).")
  long seed = 42;

  @Option(names = "--samples", paramLabel = "K", description = "Augmented samples per image (default: 6).")
  int samples = 6;

  @Option(names = "--image-size", paramLabel = "HxW", description = "Tile size (default: 96x96).")
  String imageSize = "96x96";

  @Option(names = "--out", paramLabel = "FILE.png", description = "Where to write (default: augment-preview.png).")
  Path out = Path.of("augment-preview.png");

  @Parameters(paramLabel = "IMAGES", arity = "1..*", description = "Image files.")
  List<Path> images;

  @Override
  public Integer call() throws IOException {
    TrainingRun.Augment choice = augment.resolve(TrainingRun.Augment.NONE);
    AugmentPipeline pipeline = AugmentSpec.parse(choice.augment());
    BatchMixer mixer = choice.mix() == null ? null : BatchMixer.parse(choice.mix());
    if (samples < 1 || samples > 64) {
      throw new BadInputException("--samples must be in [1, 64], got " + samples);
    }
    if (mixer != null && images.size() < 2) {
      throw new BadInputException("--mix preview needs at least 2 images");
    }
    ImageShape shape = shape(imageSize);
    List<byte[]> originals = new ArrayList<>();
    for (Path p : images) {
      originals.add(ImageFiles.readImage(p, 3, shape.height(), shape.width()));
    }
    List<List<byte[]>> rows = new ArrayList<>();
    List<List<String>> captions = new ArrayList<>();
    for (int i = 0; i < originals.size(); i++) {
      List<byte[]> row = new ArrayList<>();
      List<String> cap = new ArrayList<>();
      row.add(originals.get(i));
      cap.add(images.get(i).getFileName().toString());
      for (int k = 0; k < samples; k++) {
        row.add(pipeline.augment(originals.get(i), shape, Seeds.random(Seeds.derive(seed, i, k))));
        cap.add("#" + (k + 1));
      }
      rows.add(row);
      captions.add(cap);
    }
    if (mixer != null) {
      mixedRows(mixer, originals, shape, rows, captions);
    }
    write(rows, captions, shape);
    output.text("wrote " + out + " (" + rows.size() + " rows, spec " + pipeline.spec()
        + (mixer == null ? "" : ", mix " + mixer.spec()) + ")");
    output.result(Output.fields("preview", out.toString(), "augment", pipeline.spec(), "mix",
        mixer == null ? null : mixer.spec()));
    return Pupil.OK;
  }

  /** One row per image: K draws of the mixer over the (unaugmented) batch of all images. */
  private void mixedRows(
      BatchMixer mixer, List<byte[]> originals, ImageShape s, List<List<byte[]>> rows,
      List<List<String>> captions) {
    int n = originals.size();
    int per = s.bytes();
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i;
    }
    List<List<byte[]>> mixed = new ArrayList<>();
    List<List<String>> caps = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      mixed.add(new ArrayList<>());
      caps.add(new ArrayList<>());
    }
    for (int k = 0; k < samples; k++) {
      float[] x = new float[n * per];
      for (int i = 0; i < n; i++) {
        byte[] img = originals.get(i);
        for (int j = 0; j < per; j++) {
          x[i * per + j] = img[j] & 0xFF;
        }
      }
      BatchMixer.Params p =
          mixer.sample(Seeds.random(Seeds.derive(seed, 1000 + k, 0)), s.height(), s.width());
      float[] t = BatchMixer.apply(x, n, s.channels(), s.height(), s.width(), labels, n, p);
      for (int i = 0; i < n; i++) {
        byte[] img = new byte[per];
        for (int j = 0; j < per; j++) {
          img[j] = (byte) Math.max(0, Math.min(255, Math.round(x[i * per + j])));
        }
        int partner = (i + n - 1) % n;
        mixed.get(i).add(img);
        caps.get(i).add(
            p.kind() == BatchMixer.Kind.NONE
                ? "none"
                : String.format(
                    Locale.ROOT, "%s %.2f/%.2f", p.kind() == BatchMixer.Kind.CUTMIX ? "C" : "M",
                    t[i * n + i], t[i * n + partner]));
      }
    }
    rows.addAll(mixed);
    captions.addAll(caps);
  }

  private void write(List<List<byte[]>> rows, List<List<String>> captions, ImageShape s)
      throws IOException {
    int cols = rows.stream().mapToInt(List::size).max().orElse(1);
    int tw = s.width() + GAP;
    int th = s.height() + CAPTION + GAP;
    BufferedImage grid = new BufferedImage(cols * tw, rows.size() * th, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = grid.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
    int plane = s.height() * s.width();
    for (int r = 0; r < rows.size(); r++) {
      for (int c = 0; c < rows.get(r).size(); c++) {
        byte[] img = rows.get(r).get(c);
        for (int y = 0; y < s.height(); y++) {
          for (int x = 0; x < s.width(); x++) {
            int i = y * s.width() + x;
            int rgb = (img[i] & 0xFF) << 16 | (img[plane + i] & 0xFF) << 8 | (img[2 * plane + i] & 0xFF);
            grid.setRGB(c * tw + x, r * th + y, rgb);
          }
        }
        g.setColor(Color.BLACK);
        g.drawString(captions.get(r).get(c), c * tw + 1, r * th + s.height() + CAPTION - 3);
      }
    }
    g.dispose();
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    ImageIO.write(grid, "png", out.toFile());
  }

  private static ImageShape shape(String hw) {
    String[] parts = hw.toLowerCase(Locale.ROOT).split("x");
    try {
      int h = Integer.parseInt(parts[0].trim());
      int w = Integer.parseInt(parts[1].trim());
      if (parts.length == 2 && h >= 8 && w >= 8 && h <= 1024 && w <= 1024) {
        return new ImageShape(3, h, w);
      }
    } catch (RuntimeException e) {
      // reported below
    }
    throw new BadInputException("--image-size must be HxW with sides in [8, 1024], got '" + hw + "'");
  }
}
