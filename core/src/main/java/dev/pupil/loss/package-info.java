/** Losses that accept soft targets: cross-entropy with label smoothing, and (later) KL with temperature. */
package dev.pupil.loss;
