package dev.pupil.explain;

/**
 * One image's Grad-CAM result ({@link GradCam}).
 *
 * @param predicted the class with the largest logit
 * @param target the class whose evidence the map shows
 * @param probabilities softmax of the logits, one per class
 * @param mapHeight h, the layer's height
 * @param mapWidth w, the layer's width
 * @param map ReLU(Σ_k α_k A^k) at the layer's resolution, h × w row-major, not scaled
 * @param height the image's height
 * @param width the image's width
 * @param heat the map upsampled bilinearly to the image and min–max scaled to [0, 1], row-major
 *     (all zeros when the map is constant)
 */
public record Heatmap(
    int predicted,
    int target,
    float[] probabilities,
    int mapHeight,
    int mapWidth,
    float[] map,
    int height,
    int width,
    float[] heat) {}
