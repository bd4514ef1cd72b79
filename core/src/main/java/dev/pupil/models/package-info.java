/**
 * Networks by name ({@link dev.pupil.models.ModelRegistry}), each a backbone plus a head ({@link
 * dev.pupil.models.ClassifierBlock}), and the model file that stores a trained one with its
 * metadata. The course's architectures — LeNet-5, AlexNet, VGG, GoogLeNet, ResNet (ImageNet and
 * CIFAR), DenseNet, SE-ResNet, EfficientNet — are built from DJL's layers and Pupil's residual,
 * squeeze-and-excitation, inception and pooling blocks, with {@link dev.pupil.models.ModelOptions}.
 * {@link dev.pupil.models.ModelStats} counts parameters and FLOPs and {@link
 * dev.pupil.models.ReceptiveField} computes receptive fields, both by walking the block tree
 * ({@link dev.pupil.models.BlockWalker}). A trained model or an ensemble, frozen for inference, is
 * a {@link dev.pupil.models.FrozenModel}: the teacher of distillation and self-training and the
 * ranker of pools.
 */
package dev.pupil.models;
