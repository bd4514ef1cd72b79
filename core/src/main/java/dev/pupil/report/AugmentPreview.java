package dev.pupil.report;

import dev.pupil.augment.AugmentPipeline;
import dev.pupil.augment.BatchMixer;
import dev.pupil.augment.ImageShape;
import dev.pupil.train.Seeds;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What an augmentation does to a few images: one row per image (the original, then augmented
 * samples) and, with a batch mixer (CutMix, Yun et al. 2019, arXiv:1905.04899; MixUp, Zhang et al.
 * 2018, arXiv:1710.09412), rows of mixed pairs (each image with the previous one, as in training)
 * captioned with the two label weights. Every draw comes from (seed, image, sample), so the same
 * seed gives the same picture.
 *
 * @param rows the images, row by row
 * @param captions one caption per image
 * @param shape the images' shape
 */
public record AugmentPreview(
    List<List<byte[]>> rows, List<List<String>> captions, ImageShape shape) {

  /**
   * Draws the samples.
   *
   * @param pipeline the per-image augmentation (may be the empty "none" pipeline)
   * @param mixer the batch mixer, or null
   * @param originals the images, C×H×W uint8 of {@code shape}
   * @param names one caption per original
   * @param shape their shape
   * @param samples augmented samples (and mixed draws) per image
   * @param seed the seed
   * @return the preview
   */
  public static AugmentPreview of(
      AugmentPipeline pipeline,
      BatchMixer mixer,
      List<byte[]> originals,
      List<String> names,
      ImageShape shape,
      int samples,
      long seed) {
    if (originals.isEmpty() || originals.size() != names.size()) {
      throw new IllegalArgumentException(
          "need one name per image and at least one image, got "
              + originals.size()
              + " images and "
              + names.size()
              + " names");
    }
    List<List<byte[]>> rows = new ArrayList<>();
    List<List<String>> captions = new ArrayList<>();
    for (int i = 0; i < originals.size(); i++) {
      List<byte[]> row = new ArrayList<>();
      List<String> cap = new ArrayList<>();
      row.add(originals.get(i));
      cap.add(names.get(i));
      for (int k = 0; k < samples; k++) {
        row.add(pipeline.augment(originals.get(i), shape, Seeds.random(Seeds.derive(seed, i, k))));
        cap.add("#" + (k + 1));
      }
      rows.add(row);
      captions.add(cap);
    }
    if (mixer != null && originals.size() >= 2) {
      mixedRows(mixer, originals, shape, samples, seed, rows, captions);
    }
    return new AugmentPreview(rows, captions, shape);
  }

  /**
   * @param scale each pixel becomes scale × scale
   * @return the grid
   */
  public BufferedImage render(int scale) {
    return ImageGrid.render(rows, captions, shape.channels(), shape.height(), shape.width(), scale);
  }

  /** One row per image: K draws of the mixer over the (unaugmented) batch of all images. */
  private static void mixedRows(
      BatchMixer mixer,
      List<byte[]> originals,
      ImageShape s,
      int samples,
      long seed,
      List<List<byte[]>> rows,
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
        caps.get(i)
            .add(
                p.kind() == BatchMixer.Kind.NONE
                    ? "none"
                    : String.format(
                        Locale.ROOT,
                        "%s %.2f/%.2f",
                        p.kind() == BatchMixer.Kind.CUTMIX ? "C" : "M",
                        t[i * n + i],
                        t[i * n + partner]));
      }
    }
    rows.addAll(mixed);
    captions.addAll(caps);
  }
}
