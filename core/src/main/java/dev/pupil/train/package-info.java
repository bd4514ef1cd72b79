/**
 * Pupil's one training loop on DJL's Trainer, its configuration, batch sources, tasks (what a step
 * computes), checkpoints and seeding.
 */
package dev.pupil.train;
