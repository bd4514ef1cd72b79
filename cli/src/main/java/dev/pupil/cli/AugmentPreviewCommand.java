package dev.pupil.cli;

import dev.pupil.BadInputException;
import dev.pupil.augment.AugmentPipeline;
import dev.pupil.augment.AugmentSpec;
import dev.pupil.augment.BatchMixer;
import dev.pupil.augment.ImageShape;
import dev.pupil.data.ImageFiles;
import dev.pupil.io.AtomicFiles;
import dev.pupil.report.AugmentPreview;
import dev.pupil.run.SupervisedRun;
import java.awt.image.BufferedImage;
import java.io.IOException;
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
  @Mixin Output output;

  @Mixin AugmentOptions augment;

  @Option(names = "--seed", paramLabel = "S", description = "Seed (default: 42).")
  long seed = 42;

  @Option(
      names = "--samples",
      paramLabel = "K",
      description = "Augmented samples per image (default: 6).")
  int samples = 6;

  @Option(names = "--image-size", paramLabel = "HxW", description = "Tile size (default: 96x96).")
  String imageSize = "96x96";

  @Option(
      names = "--out",
      paramLabel = "FILE.png",
      description =
          "Where to write (default: augment-preview.png); an existing file is "
              + "replaced only with --force.")
  Path out = Path.of("augment-preview.png");

  @Mixin ForceOption force;

  @Parameters(paramLabel = "IMAGES", arity = "1..*", description = "Image files.")
  List<Path> images;

  @Override
  public Integer call() throws IOException {
    SupervisedRun.Augment choice = augment.resolve(SupervisedRun.Augment.NONE);
    AugmentPipeline pipeline = AugmentSpec.parse(choice.augment());
    BatchMixer mixer = choice.mix() == null ? null : BatchMixer.parse(choice.mix());
    if (samples < 1 || samples > 64) {
      throw new BadInputException("--samples must be in [1, 64], got " + samples);
    }
    if (mixer != null && images.size() < 2) {
      throw new BadInputException("--mix preview needs at least 2 images");
    }
    ImageShape shape = shape(imageSize);
    new OutputPlan(force).file(out, "--out").check();
    List<byte[]> originals = new ArrayList<>();
    for (Path p : images) {
      originals.add(ImageFiles.readImage(p, 3, shape.height(), shape.width()));
    }
    List<String> names = new ArrayList<>();
    for (Path p : images) {
      names.add(p.getFileName().toString());
    }
    AugmentPreview preview =
        AugmentPreview.of(pipeline, mixer, originals, names, shape, samples, seed);
    BufferedImage grid = preview.render(1);
    AtomicFiles.write(out, o -> ImageIO.write(grid, "png", o));
    output.text(
        "wrote "
            + out
            + " ("
            + preview.rows().size()
            + " rows, spec "
            + pipeline.spec()
            + (mixer == null ? "" : ", mix " + mixer.spec())
            + ")");
    output.result(
        Output.fields(
            "preview",
            out.toString(),
            "augment",
            pipeline.spec(),
            "mix",
            mixer == null ? null : mixer.spec()));
    return Pupil.OK;
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
    throw new BadInputException(
        "--image-size must be HxW with sides in [8, 1024], got '" + hw + "'");
  }
}
