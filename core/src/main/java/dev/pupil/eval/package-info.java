/** Scoring classifiers: accuracy, top-5, per-class precision/recall/F1, confusion matrix. */
package dev.pupil.eval;
