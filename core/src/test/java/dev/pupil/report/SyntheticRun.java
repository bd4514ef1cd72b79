package dev.pupil.report;

import dev.pupil.augment.AugmentSpec;
import dev.pupil.augment.BatchMixer;
import dev.pupil.augment.ImageShape;
import dev.pupil.data.ImageSet;
import dev.pupil.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * A tiny, fully synthetic run folder with every file a report reads: config.json, run.json,
 * metrics.jsonl (NaN validation in epoch 1), eval.json with a calibration block, the mistakes grid,
 * class templates, an augmentation preview, and a self-training round. Class names need escaping in
 * HTML.
 */
final class SyntheticRun {
  static final List<String> CLASSES = List.of("<b>cat</b>", "dog & co", "bird\"s");
  static final int EPOCHS = 4;

  /**
   * Images in the report: 3 curves, heat map, reliability, mistakes, templates, augment, round
   * accuracy, 3 round-0/1 curves, histogram, per-class bars.
   */
  static final int IMAGES = 3 + 1 + 1 + 1 + 1 + 1 + 1 + 3 + 1 + 1;

  private SyntheticRun() {}

  static Path write(Path dir) throws IOException {
    Files.createDirectories(dir);
    AtomicFiles.writeString(
        dir.resolve("config.json"),
        "{\"command\":\"train\",\"model\":"
            + "\"linear\",\"train\":{\"epochs\":"
            + EPOCHS
            + ",\"lr\":0.01},\"augment\":\"flip\","
            + "\"classes\":[\"<b>cat</b>\",\"dog & co\",\"bird\\\"s\"]}\n");
    AtomicFiles.writeString(
        dir.resolve("run.json"),
        "{\"seed\":7,\"provenance\":{\"pupil\":"
            + "\"0.1\"},\"testAccuracy\":0.5,\"valAccuracy\":NaN,\"epochs\":"
            + EPOCHS
            + "}\n");
    AtomicFiles.writeString(dir.resolve("metrics.jsonl"), metrics(EPOCHS));
    AtomicFiles.writeString(
        dir.resolve("eval.json"),
        """
        {"count": 6, "accuracy": 0.5, "top5": NaN, "loss": 0.9, "macroF1": 0.48,
         "perClass": [
          {"name": "<b>cat</b>", "precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2},
          {"name": "dog & co", "precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2},
          {"name": "bird\\"s", "precision": 0.5, "recall": 0.5, "f1": 0.5, "support": 2}],
         "confusion": [[1, 1, 0], [0, 1, 1], [1, 0, 1]],
         "calibration": {"ece": 0.12, "bins": [
          {"lo": 0.0, "hi": 0.5, "count": 2, "confidence": 0.4, "accuracy": 0.5},
          {"lo": 0.5, "hi": 0.9, "count": 0, "confidence": NaN, "accuracy": NaN},
          {"lo": 0.9, "hi": 1.0, "count": 4, "confidence": 0.95, "accuracy": 0.5}]}}
        """);
    ImageSet test = images(6);
    float[][] logits = new float[6][3];
    for (int i = 0; i < 6; i++) {
      logits[i][(i + (i % 2)) % 3] = 2 + i;
    }
    MistakeGrid.write(dir, test, logits, CLASSES);
    float[] w = new float[3 * 8 * 8];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) Math.sin(i * 0.3);
    }
    TemplateImages.write(dir.resolve(RunReport.TEMPLATES), w, 1, 8, 8, CLASSES);
    ImageShape shape = new ImageShape(1, 8, 8);
    List<byte[]> originals = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      originals.add(Arrays.copyOfRange(test.pixelsView(), i * 64, (i + 1) * 64));
    }
    AugmentPreview preview =
        AugmentPreview.of(
            AugmentSpec.parse("flip:1.0,crop:2"),
            BatchMixer.parse("cutmix:1.0"),
            originals,
            List.of("a", "b"),
            shape,
            3,
            1);
    AtomicFiles.write(
        dir.resolve(RunReport.AUGMENT_PREVIEW),
        out -> ImageIO.write(preview.render(4), "png", out));
    AtomicFiles.writeString(
        dir.resolve("rounds.json"),
        "[{\"round\":1,\"teacher\":\"linear\","
            + "\"student\":\"linear\",\"teacherAccuracy\":0.4,\"studentAccuracy\":0.5,"
            + "\"poolSize\":10,\"pseudoLabels\":4,\"perClass\":{\"<b>cat</b>\":2,\"dog"
            + " & co\":1,\"bird\\\"s\":1},\"pseudoLabelAccuracy\":NaN,\"bestEpoch\":2}]\n");
    Files.createDirectories(dir.resolve("round-0"));
    Files.createDirectories(dir.resolve("round-1"));
    AtomicFiles.writeString(dir.resolve("round-1/metrics.jsonl"), metrics(3));
    AtomicFiles.writeString(
        dir.resolve("round-1/pseudo-labels.csv"),
        "index,id,label,class,"
            + "confidence\n0,a.png,0,<b>cat</b>,0.97\n3,\"b,c.png\",0,<b>cat</b>,0.991\n"
            + "5,d.png,1,dog & co,0.96\n8,e.png,2,\"bird\"\"s\",0.999\n");
    return dir;
  }

  static String metrics(int epochs) {
    StringBuilder sb = new StringBuilder();
    for (int e = 1; e <= epochs; e++) {
      double val = e == 1 ? Double.NaN : 0.5 + 0.1 * e;
      sb.append(
          String.format(
              Locale.ROOT,
              "{\"epoch\":%d,\"losses\":{\"total\":%.3f,\"ce\":%.3f},\"trainAccuracy\":%.3f,"
                  + "\"valLoss\":%s,\"valAccuracy\":%s,\"lr\":%.4f,\"seconds\":1.0,"
                  + "\"dataSeconds\":0.1,\"imagesPerSecond\":100.0,\"rssBytes\":-1}\n",
              e,
              2.0 / e,
              1.5 / e,
              0.4 + 0.1 * e,
              e == 1 ? "NaN" : (1.0 / e) + "",
              Double.isNaN(val) ? "NaN" : val + "",
              0.01 / e));
    }
    return sb.toString();
  }

  static ImageSet images(int n) {
    Random r = new Random(3);
    byte[] px = new byte[n * 64];
    r.nextBytes(px);
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 3;
    }
    return ImageSet.of(px, labels, 1, 8, 8, CLASSES, null);
  }
}
