package dev.pupil.semisup;

import java.util.Map;

/**
 * What one self-training round did, as rounds.json records it.
 *
 * @param round the round, from 1
 * @param teacher the teacher's architecture
 * @param student the student's architecture
 * @param teacherAccuracy the teacher's accuracy on the evaluation set (NaN without one)
 * @param studentAccuracy the student's accuracy on the evaluation set (NaN without one)
 * @param poolSize images the teacher labeled
 * @param pseudoLabels images kept
 * @param perClass kept images per class
 * @param pseudoLabelAccuracy the kept labels' accuracy against the pool's true labels, or null
 *     (left out of rounds.json) when the pool has none; for auditing only, never used in training
 * @param bestEpoch the student epoch whose weights were kept
 * @param teacherSha256 SHA-256 of the teacher's parameters, before and after the round
 * @param studentSha256 SHA-256 of the student's parameters (the next round's teacher)
 * @param teacherValAccuracy the teacher's accuracy on the validation images, or null (left out)
 *     without them
 * @param studentValAccuracy the student's accuracy on the validation images, or null without them
 * @param kept whether the student beat every model before it on the validation images (a tie keeps
 *     the earlier, cheaper one) and so became the model to keep; without validation images every
 *     student is kept, the last one last
 * @param keptRound the round whose model is kept after this round (0: the first teacher); after the
 *     last round, the run's model
 * @param classBalance the kept pseudo-labels' classes against the labeled ones, with the collapse
 *     flag
 */
public record RoundSummary(
    int round,
    String teacher,
    String student,
    double teacherAccuracy,
    double studentAccuracy,
    int poolSize,
    int pseudoLabels,
    Map<String, Integer> perClass,
    Double pseudoLabelAccuracy,
    int bestEpoch,
    String teacherSha256,
    String studentSha256,
    Double teacherValAccuracy,
    Double studentValAccuracy,
    boolean kept,
    int keptRound,
    ClassBalance classBalance) {}
