/**
 * Networks by name ({@link dev.pupil.models.ModelRegistry}), each a backbone plus a head
 * ({@link dev.pupil.models.ClassifierBlock}), and the model file that stores a trained one with
 * its metadata.
 */
package dev.pupil.models;
