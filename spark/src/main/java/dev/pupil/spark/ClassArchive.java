package dev.pupil.spark;

import ai.djl.Device;
import dev.pupil.data.BadImagePolicy;
import dev.pupil.data.ImageSet;
import dev.pupil.data.Normalization;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.ModelMetadata;
import dev.pupil.pool.PoolJob;
import dev.pupil.pool.PoolSource;
import dev.pupil.semisup.PseudoLabelFilter;
import dev.pupil.train.Seeds;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.SparkSession;

/**
 * Runs the engine's paths once on a tiny synthetic pool, so that a JVM started with {@code
 * -XX:ArchiveClassesAtExit=FILE} writes a class-data-sharing archive of the classes a Spark job
 * loads (dynamic AppCDS, JEP 350). Spark's 200-odd jars make class loading the largest part of a
 * job's fixed cost: the launcher builds this archive once per build and starts {@code --engine
 * spark} JVMs with {@code -XX:SharedArchiveFile} (docs/benchmarks.md, issue 10). The job uses an
 * untrained, seeded cnn-tiny on 28×28 gray images: a pool in memory (pseudo-labels with
 * probabilities, and embeddings) and a folder of PNGs with a broken file (skipped), on {@code
 * local[2]}.
 */
public final class ClassArchive {
  private ClassArchive() {}

  /**
   * @param args none
   * @throws IOException when the temporary folder cannot be written
   */
  public static void main(String[] args) throws IOException {
    Path dir = Files.createTempDirectory("pupil-class-archive");
    try {
      run(dir);
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /**
   * Runs the three jobs with their outputs under {@code dir}.
   *
   * @param dir an empty folder
   * @throws IOException when it cannot be written
   */
  static void run(Path dir) throws IOException {
    int side = 28;
    List<String> classes = new ArrayList<>();
    for (int c = 0; c < 10; c++) {
      classes.add("c" + c);
    }
    Seeds.seedEngine(1);
    ModelMetadata meta =
        new ModelMetadata(
            "cnn-tiny",
            classes,
            1,
            side,
            side,
            Normalization.of(new float[] {0.5f}, new float[] {0.25f}),
            "class archive",
            1,
            null);
    Path model = dir.resolve("model.pupil");
    try (ClassifierModel m = ClassifierModel.create(meta, Device.cpu())) {
      m.save(model);
    }
    Random rng = new Random(1);
    int n = 512;
    byte[] pixels = new byte[n * side * side];
    rng.nextBytes(pixels);
    int[] labels = new int[n];
    Arrays.fill(labels, ImageSet.UNLABELED);
    ImageSet images = ImageSet.of(pixels, labels, 1, side, side, classes, null);
    Path folder = dir.resolve("pool");
    Files.createDirectories(folder);
    for (int i = 0; i < 64; i++) {
      BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
      img.getRaster()
          .setDataElements(
              0, 0, side, side, Arrays.copyOfRange(pixels, i * side * side, (i + 1) * side * side));
      ImageIO.write(img, "png", folder.resolve(String.format("%03d.png", i)).toFile());
    }
    Files.writeString(folder.resolve("broken.png"), "not an image");
    PseudoLabelFilter filter = new PseudoLabelFilter(0.1f, 20);
    SparkPoolEngine engine = new SparkPoolEngine();
    // The first job starts and stops its own session, as a command does.
    engine.run(
        job(
            PoolJob.Task.PSEUDO_LABEL,
            model,
            PoolSource.images(images, "synthetic"),
            dir.resolve("memory"),
            filter,
            true));
    SparkSession spark = SparkSessions.start("local[2]", "pupil class archive", Map.of());
    try {
      engine.run(
          job(
              PoolJob.Task.PSEUDO_LABEL,
              model,
              PoolSource.folder(folder),
              dir.resolve("folder"),
              filter,
              false),
          spark);
      engine.run(
          job(
              PoolJob.Task.EMBED,
              model,
              PoolSource.images(images, "synthetic"),
              dir.resolve("embed"),
              filter,
              false),
          spark);
    } finally {
      spark.stop();
    }
  }

  private static PoolJob job(
      PoolJob.Task task,
      Path model,
      PoolSource source,
      Path out,
      PseudoLabelFilter filter,
      boolean probabilities) {
    return new PoolJob(
        task,
        model,
        false,
        source,
        out,
        filter,
        probabilities,
        BadImagePolicy.SKIP,
        PoolJob.DEFAULT_BATCH_SIZE,
        "local[2]",
        Map.of());
  }
}
