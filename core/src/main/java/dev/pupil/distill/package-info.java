/**
 * Knowledge distillation (Hinton, Vinyals &amp; Dean 2015, "Distilling the Knowledge in a Neural
 * Network", arXiv:1503.02531) as a task on Pupil's one training loop: a frozen {@link
 * dev.pupil.models.FrozenModel} (one model or an ensemble averaging logits) in inference mode, a
 * student trained on {@code α · T² · KL(softmax(t/T) ‖ softmax(s/T)) + (1 − α) · CE(y, s)} where an
 * image has a label and on the KL term alone where it has none ({@link
 * dev.pupil.distill.DistillationLoss}), over a transfer set of labeled and unlabeled images ({@link
 * dev.pupil.distill.TransferImages}) whose teacher logits are cached once when it is not augmented
 * and computed per view when it is. {@link dev.pupil.distill.Distiller} trains a student and
 * returns it.
 */
package dev.pupil.distill;
