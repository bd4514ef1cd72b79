/**
 * The teacher's pass over a large unlabeled pool, the expensive and embarrassingly parallel step of
 * self-training (Noisy Student labeled 300M images: Xie et al. 2020, arXiv:1911.04252): a {@link
 * dev.pupil.pool.PoolJob} (pseudo-label or embed, a model file, a {@link
 * dev.pupil.pool.PoolSource}) runs on a {@link dev.pupil.pool.PoolEngine}, either {@link
 * dev.pupil.pool.JvmPoolEngine} in this JVM or an engine found with {@link java.util.ServiceLoader}
 * (the {@code pupil-spark} module's Apache Spark engine), and leaves its outputs and a {@link
 * dev.pupil.pool.PoolSummary} in a folder. The selection of pseudo-labels is {@link
 * dev.pupil.semisup.PseudoLabelFilter} in every engine.
 */
package dev.pupil.pool;
