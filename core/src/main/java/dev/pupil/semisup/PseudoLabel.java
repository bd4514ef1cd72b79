package dev.pupil.semisup;

import java.io.Serializable;

/**
 * One pseudo-labeled image. Serializable, so that the Spark engine can collect the candidates.
 *
 * @param index the image's index in the unlabeled pool
 * @param id the image's id (its file path, or its index in the source file)
 * @param label the teacher's top class
 * @param confidence the teacher's probability of that class
 * @param probabilities the teacher's probabilities for every class (the soft label)
 */
public record PseudoLabel(int index, String id, int label, float confidence, float[] probabilities)
    implements Serializable {}
