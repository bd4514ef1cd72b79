package dev.pupil.eval;

/**
 * Precision, recall and F1 of one class. A class with no image and no prediction has all three 0
 * here but is left out of {@link EvalReport#macroF1()}.
 *
 * @param name the class name
 * @param precision true positives ÷ predicted positives (0 when nothing was predicted)
 * @param recall true positives ÷ actual positives (0 when the class is absent)
 * @param f1 harmonic mean of precision and recall
 * @param support how many evaluated images belong to the class
 */
public record ClassMetrics(String name, double precision, double recall, double f1, int support) {}
