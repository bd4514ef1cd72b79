/**
 * Data augmentation: thin random transforms over the stateless kernels of {@code dev.pupil.image},
 * each sampling its parameters once ({@code sample}) and then applying them deterministically
 * ({@code apply}), as torchvision's transforms v2; RandAugment's op space as an enum table (Cubuk
 * et al. 2020, arXiv:1909.13719); the batch mixers CutMix (Yun et al. 2019, arXiv:1905.04899) and
 * MixUp (Zhang et al. 2018, arXiv:1710.09412), which produce soft targets; and the spec strings
 * that name pipelines on the command line ({@link dev.pupil.augment.AugmentSpec}).
 */
package dev.pupil.augment;
