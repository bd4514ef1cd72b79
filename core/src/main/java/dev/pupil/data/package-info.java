/**
 * Reading images and labels from disk (IDX, CIFAR binary, ImageFolder, unlabeled folders), named
 * datasets and their checked download, deterministic stratified splits, and normalization.
 */
package dev.pupil.data;
