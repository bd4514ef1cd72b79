/**
 * The Apache Spark engine for passes over large unlabeled pools ({@link dev.pupil.pool}): the
 * teacher labels (or embeds) the pool with plain {@code mapPartitions}, the model loaded once per
 * executor JVM ({@link dev.pupil.spark.ModelCache}) and one {@link dev.pupil.models.BatchPredictor}
 * per partition, and the pseudo-labels are chosen with the same {@link
 * dev.pupil.semisup.PseudoLabelFilter} as in one JVM, as in Noisy Student's teacher pass over 300M
 * images (Xie et al. 2020, arXiv:1911.04252). Registered for {@link java.util.ServiceLoader} as the
 * "spark" {@link dev.pupil.pool.PoolEngine}.
 */
package dev.pupil.spark;
