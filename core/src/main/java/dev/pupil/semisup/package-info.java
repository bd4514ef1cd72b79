/**
 * Learning from unlabeled images by self-training. {@link dev.pupil.semisup.PseudoLabeler} turns a
 * frozen teacher's predictions on an unlabeled pool into {@link dev.pupil.semisup.PseudoLabels}
 * (confidence threshold, hard or soft, at most K per class); {@link dev.pupil.semisup.SelfTrainer}
 * runs rounds of teacher → pseudo-labels → student on Pupil's one training loop, the student
 * learning from labeled and pseudo-labeled batches at a ratio ({@link
 * dev.pupil.semisup.SelfTrainingTask}, with a ramped-up weight {@link dev.pupil.semisup.RampUp})
 * and becoming the next round's teacher. Configured without noise and with one architecture it is
 * Pseudo-Label (Lee 2013, "Pseudo-Label: The Simple and Efficient Semi-Supervised Learning Method
 * for Deep Neural Networks", ICML 2013 Workshop on Challenges in Representation Learning); with
 * noise on the student (augmentation, dropout, stochastic depth) and a growing student schedule it
 * is Noisy Student (Xie, Luong, Hovy &amp; Le 2020, "Self-training with Noisy Student improves
 * ImageNet classification", arXiv:1911.04252). {@link dev.pupil.semisup.UncertaintyRanker} uses the
 * same predictions the other way round: it ranks the pool by {@link dev.pupil.semisup.Uncertainty}
 * (entropy, margin, least confidence; Settles 2009, "Active Learning Literature Survey") so that a
 * person labels the most uncertain images first.
 */
package dev.pupil.semisup;
