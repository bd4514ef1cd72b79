package dev.pupil.explain;

import dev.pupil.explain.GradCam.Layer;
import dev.pupil.image.Resize;
import dev.pupil.models.ClassifierModel;

/** The arithmetic of {@link GradCam} on one image, once the activation and gradient are read. */
final class CamMaps {
  private CamMaps() {}

  /**
   * L^c = ReLU(Σ_k α_k A^k), α_k the spatial mean of ∂y^c / ∂A^k, with its upsampled heat and
   * whether (and why) it is all zero.
   *
   * @param layer the layer
   * @param activation the batch's activations at the layer, N × K × h × w
   * @param gradient their gradients, same shape
   * @param i the image in the batch
   * @param logits the batch's logits, N × classes
   * @param classes the number of classes
   * @param target the class explained
   * @param height the image's height
   * @param width the image's width
   * @return the heat map
   */
  static Heatmap heatmap(
      Layer layer,
      float[] activation,
      float[] gradient,
      int i,
      float[] logits,
      int classes,
      int target,
      int height,
      int width) {
    int k = layer.channels();
    int hw = layer.height() * layer.width();
    float[] map = new float[hw];
    int base = i * k * hw;
    boolean gradientZero = true;
    for (int j = base; j < base + k * hw; j++) {
      gradientZero &= gradient[j] == 0;
    }
    for (int c = 0; c < k; c++) {
      double alpha = 0;
      for (int j = 0; j < hw; j++) {
        alpha += gradient[base + c * hw + j];
      }
      alpha /= hw;
      for (int j = 0; j < hw; j++) {
        map[j] += (float) (alpha * activation[base + c * hw + j]);
      }
    }
    boolean positive = false;
    for (int j = 0; j < hw; j++) {
      map[j] = Math.max(0, map[j]);
      positive |= map[j] > 0;
    }
    Heatmap.Blank blank =
        positive
            ? Heatmap.Blank.NONE
            : gradientZero ? Heatmap.Blank.NO_GRADIENT : Heatmap.Blank.NO_POSITIVE_EVIDENCE;
    float[] row = new float[classes];
    System.arraycopy(logits, i * classes, row, 0, classes);
    int predicted = argmax(row, 0, classes);
    ClassifierModel.softmaxInPlace(row);
    float[] heat = normalize(Resize.bilinear(map, layer.height(), layer.width(), height, width));
    return new Heatmap(
        predicted, target, row, layer.height(), layer.width(), map, height, width, heat, blank);
  }

  static int argmax(float[] v, int off, int len) {
    int best = 0;
    for (int i = 1; i < len; i++) {
      if (v[off + i] > v[off + best]) {
        best = i;
      }
    }
    return best;
  }

  /** Min–max scaling to [0, 1]; a constant map becomes all zeros. */
  static float[] normalize(float[] v) {
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (float f : v) {
      min = Math.min(min, f);
      max = Math.max(max, f);
    }
    float range = max - min;
    float[] out = new float[v.length];
    if (range > 0) {
      for (int i = 0; i < v.length; i++) {
        out[i] = (v[i] - min) / range;
      }
    }
    return out;
  }
}
