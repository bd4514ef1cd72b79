/**
 * Transfer learning, the course's two approaches on Pupil's one training loop. A pretrained network
 * (a Pupil model, a DJL-format folder, or a TorchScript module exported from PyTorch) keeps its
 * backbone and gets a new head for the new classes ({@link dev.pupil.transfer.HeadReplacement}).
 * Approach 1 freezes the backbone and trains the head, optionally on features computed once ({@link
 * dev.pupil.transfer.CachedFeatures}, as DL4J's TransferLearningHelper); approach 2 fine-tunes
 * everything with smaller rates for the backbone, optional layer-wise decay and gradual unfreezing
 * ({@link dev.pupil.transfer.ParameterGroups}, {@link dev.pupil.transfer.GradualUnfreezing}; Howard
 * &amp; Ruder 2018, ULMFiT). {@link dev.pupil.transfer.TransferTrainer} puts it together and
 * records what was frozen and each group's rate. Why it works: Yosinski et al. 2014, "How
 * transferable are features in deep neural networks?", arXiv:1411.1792.
 */
package dev.pupil.transfer;
