package dev.pupil.knn;

/** Combines the labels of a query's neighbours into a {@link KnnResult}. Package-private. */
final class Votes {
  private Votes() {}

  /**
   * @param index training indices of the neighbours, nearest first, at {@code [from, from + k)}
   * @param distances their distances, same positions
   * @param from start of this query's neighbours
   * @param k neighbours per query
   * @param labels training labels
   * @param numClasses number of classes
   * @param vote the rule
   * @param epsilon added to distances before inverting them
   * @return the result; a tie between classes goes to the nearest neighbour's class among them
   */
  static KnnResult vote(
      long[] index,
      float[] distances,
      int from,
      int k,
      int[] labels,
      int numClasses,
      Vote vote,
      double epsilon) {
    double[] score = new double[numClasses];
    int[] neighbours = new int[k];
    float[] dist = new float[k];
    double total = 0;
    for (int i = 0; i < k; i++) {
      neighbours[i] = (int) index[from + i];
      dist[i] = distances[from + i];
      double w = vote == Vote.MAJORITY ? 1.0 : 1.0 / (dist[i] + epsilon);
      score[labels[neighbours[i]]] += w;
      total += w;
    }
    double best = Double.NEGATIVE_INFINITY;
    for (double s : score) {
      best = Math.max(best, s);
    }
    int label = -1;
    for (int i = 0; i < k && label < 0; i++) {
      if (score[labels[neighbours[i]]] == best) {
        label = labels[neighbours[i]];
      }
    }
    float[] shares = new float[numClasses];
    for (int c = 0; c < numClasses; c++) {
      shares[c] = (float) (score[c] / total);
    }
    return new KnnResult(label, shares, neighbours, dist);
  }
}
