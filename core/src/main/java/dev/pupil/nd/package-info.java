/**
 * NDArray helpers that DJL's PyTorch engine needs for correct training: constants that stay valid
 * for as long as libtorch's autograd graph holds them ({@link dev.pupil.nd.Scalars}).
 */
package dev.pupil.nd;
