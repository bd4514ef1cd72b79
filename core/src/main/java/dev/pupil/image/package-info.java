/**
 * Stateless pixel kernels on unsigned-byte images in C×H×W order: resizing, colour conversion, and
 * conversion from {@link java.awt.image.BufferedImage}. Every method is a pure function of its
 * arguments (no hidden state, no randomness), in the manner of torchvision's {@code functional}
 * kernels; the random transforms in {@code dev.pupil.augment} call these.
 */
package dev.pupil.image;
