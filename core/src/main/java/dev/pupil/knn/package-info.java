/**
 * The k-nearest-neighbour classifier (Cover &amp; Hart, "Nearest neighbor pattern classification",
 * IEEE Trans. Inf. Theory 13(1), 1967) as exact batched search on tensors, over any feature matrix:
 * raw pixels ({@link dev.pupil.knn.PixelFeatures}) or embeddings from a trained network.
 *
 * <p>{@link dev.pupil.knn.KnnClassifier} is the trainer; its {@code fit} returns an immutable
 * {@link dev.pupil.knn.KnnModel} that answers queries with {@link dev.pupil.knn.KnnResult}s.
 */
package dev.pupil.knn;
