/**
 * Explaining a trained classifier's predictions: Grad-CAM heat maps (Selvaraju et al. 2017) and
 * their rendering over the image. A package of its own because it is neither scoring ({@code eval}:
 * numbers over a test set) nor run records ({@code report}): it runs a model's forward and backward
 * passes on chosen images, cutting the network at an inner layer, which no other package does.
 */
package dev.pupil.explain;
