/**
 * Losses that accept soft targets: cross-entropy with hard or soft targets and label smoothing
 * ({@link dev.pupil.loss.SoftTargetCrossEntropy}), and the KL divergence between
 * temperature-softened distributions used by knowledge distillation ({@link
 * dev.pupil.loss.KlDivergence}, Hinton et al. 2015).
 */
package dev.pupil.loss;
