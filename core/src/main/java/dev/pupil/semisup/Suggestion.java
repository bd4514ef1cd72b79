package dev.pupil.semisup;

/**
 * One unlabeled image proposed for annotation by {@link UncertaintyRanker}.
 *
 * @param rank 1 for the most uncertain image
 * @param index the image's index in the pool
 * @param id the image's id (its file path, or its index in the source file)
 * @param score its {@link Uncertainty} score
 * @param predicted the model's top class
 * @param top1 the top class's probability
 * @param second the second most probable class (-1 with a single class)
 * @param top2 that class's probability
 */
public record Suggestion(
    int rank,
    int index,
    String id,
    double score,
    int predicted,
    float top1,
    int second,
    float top2) {}
