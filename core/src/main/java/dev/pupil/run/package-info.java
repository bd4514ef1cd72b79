/**
 * The run folder, as timm keeps one per experiment ({@link dev.pupil.run.RunDirectory}): the
 * trainers write checkpoints, metrics and the model into it through {@link
 * dev.pupil.train.TrainingOutput}, and the run layer adds what describes the run as a whole —
 * config.json, run.json, eval.json and split.json ({@link dev.pupil.run.RunSplit}, the ids of the
 * images a run used). This package sits above training (it depends on {@code train}, never the
 * other way round) and below the reports, which read run folders.
 */
package dev.pupil.run;
