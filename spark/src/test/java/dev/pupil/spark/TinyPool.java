package dev.pupil.spark;

import ai.djl.Device;
import dev.pupil.data.Normalization;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.ModelMetadata;
import dev.pupil.train.Seeds;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/** A tiny model file and a tiny pool of PNGs, with duplicates (ties) and a broken file. */
final class TinyPool {
  static final int SIZE = 12;
  static final List<String> CLASSES = List.of("a", "b", "c");

  private TinyPool() {}

  /** A seeded, untrained LeNet-5 on 1×12×12 images with 3 classes. */
  static Path model(Path dir) throws IOException {
    Seeds.seedEngine(3);
    ModelMetadata meta =
        new ModelMetadata(
            "lenet5",
            CLASSES,
            1,
            SIZE,
            SIZE,
            Normalization.of(new float[] {0.5f}, new float[] {0.25f}),
            "test",
            3,
            null);
    Path f = dir.resolve("teacher.pupil");
    try (ClassifierModel m = ClassifierModel.create(meta, Device.cpu())) {
      m.save(f);
    }
    return f;
  }

  /**
   * {@code n} random gray images in two subfolders, every tenth one copied under another name (so
   * confidences tie), a file that is not an image but is named .png, and a text file.
   */
  static Path folder(Path dir, int n) throws IOException {
    Path root = dir.resolve("pool");
    Random rng = new Random(7);
    for (int i = 0; i < n; i++) {
      BufferedImage img = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_BYTE_GRAY);
      for (int y = 0; y < SIZE; y++) {
        for (int x = 0; x < SIZE; x++) {
          int v = rng.nextInt(256);
          img.getRaster().setSample(x, y, 0, v);
        }
      }
      Path sub = root.resolve(i % 2 == 0 ? "even" : "odd");
      Files.createDirectories(sub);
      Path f = sub.resolve(String.format("img-%04d.png", i));
      ImageIO.write(img, "png", f.toFile());
      if (i % 10 == 0) {
        Files.copy(f, sub.resolve(String.format("copy-%04d.PNG", i)));
      }
    }
    Files.writeString(root.resolve("odd/broken.png"), "not an image");
    Files.writeString(root.resolve("notes.txt"), "ignored");
    return root;
  }
}
