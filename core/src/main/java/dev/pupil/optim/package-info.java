/** Optimizers with checkpointable state (SGD with Nesterov momentum, Adam, AdamW) and schedules. */
package dev.pupil.optim;
