/**
 * Pupil: image classifiers that learn well from scarce labels, on DJL. The capability packages
 * below hold the library: {@code data}, {@code models}, {@code loss}, {@code train}, {@code eval},
 * {@code knn}, {@code report}, {@code io}.
 */
package dev.pupil;
