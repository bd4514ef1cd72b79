package dev.pupil.train;

import ai.djl.ndarray.NDManager;
import dev.pupil.BadInputException;
import dev.pupil.io.ChecksummedFile;
import dev.pupil.io.Json;
import dev.pupil.optim.StatefulOptimizer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A training checkpoint in one file, written atomically: the loop's state (epochs done, optimizer
 * steps, best validation accuracy, metrics history, and what fixes the data order: the seed,
 * batches and images per epoch) as JSON, the network's weights, the optimizer's state (moments and
 * its step count), optionally the weights of a second, evaluated model (an exponential moving
 * average of the trained weights, {@link EmaWeights}), and a SHA-256 of all of it. Every random
 * stream of a run (data order, augmentation, mixing, dropout) is reseeded at each epoch from the
 * seed and the epoch number ({@link Seeds#derive}), so the seed and the epoch are the complete RNG
 * state at an epoch boundary, where checkpoints are taken: a run resumed from one continues
 * exactly, also after a {@code kill -9} mid-epoch (that epoch is redone).
 */
public final class Checkpoint {
  private static final String MAGIC = "PUPILCKP";
  private static final int VERSION = 1;

  /**
   * The loop's state.
   *
   * @param epochsDone completed epochs
   * @param bestValAccuracy best validation accuracy so far (NaN without validation)
   * @param bestEpoch the epoch that reached it (0 = none)
   * @param history the metrics of every completed epoch
   * @param seed the run's seed, from which the data order and every other random stream derive
   * @param steps optimizer steps taken
   * @param batchesPerEpoch batches in one epoch
   * @param imagesPerEpoch images in one epoch
   */
  public record State(
      int epochsDone,
      double bestValAccuracy,
      int bestEpoch,
      List<EpochMetrics> history,
      long seed,
      long steps,
      int batchesPerEpoch,
      int imagesPerEpoch) {

    /**
     * Checks that a run can continue from this state: same seed and the same data per epoch, so
     * that the remaining epochs see the order an uninterrupted run would have seen.
     *
     * @param file the checkpoint, for messages
     * @param runSeed the resuming run's seed
     * @param batches its batches per epoch
     * @param images its images per epoch
     * @throws BadInputException naming the file and the difference
     */
    public void requireCompatible(Path file, long runSeed, int batches, int images) {
      if (batchesPerEpoch == 0) {
        return; // written before these fields existed
      }
      if (seed != runSeed) {
        throw new BadInputException(
            file + " was written with seed " + seed + ", this run has seed " + runSeed);
      }
      if (batchesPerEpoch != batches || imagesPerEpoch != images) {
        throw new BadInputException(
            file
                + " was written for "
                + imagesPerEpoch
                + " images in "
                + batchesPerEpoch
                + " batches per epoch, this run has "
                + images
                + " in "
                + batches
                + " (different data or batch size)");
      }
    }
  }

  /**
   * What a checkpoint file holds.
   *
   * @param state the loop's state
   * @param params the weights
   * @param optimizerState the optimizer's state bytes, empty for weights-only files
   * @param evaluatedParams the evaluated model's weights when it is not the trained one (an average
   *     of the weights), else empty
   */
  public record Contents(
      State state, byte[] params, byte[] optimizerState, byte[] evaluatedParams) {
    /**
     * Loads the optimizer state into an optimizer.
     *
     * @param optimizer the optimizer
     * @param manager the manager that owns its state
     */
    public void restoreOptimizer(StatefulOptimizer optimizer, NDManager manager) {
      if (optimizerState.length == 0) {
        return;
      }
      try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(optimizerState))) {
        optimizer.loadState(in, manager);
      } catch (IOException e) {
        throw new IllegalStateException("cannot read optimizer state", e);
      }
    }
  }

  private Checkpoint() {}

  /**
   * Writes a checkpoint atomically.
   *
   * @param file the target
   * @param state the loop's state
   * @param params the weights
   * @param optimizer the optimizer, or null for weights only
   * @throws IOException when the file cannot be written; the previous checkpoint stays intact
   */
  public static void write(Path file, State state, byte[] params, StatefulOptimizer optimizer)
      throws IOException {
    write(file, state, params, optimizer, null);
  }

  /**
   * Writes a checkpoint atomically, with the weights of the model that is evaluated when it is not
   * the trained one. They follow the other sections, so a reader that does not know them reads the
   * rest unchanged.
   *
   * @param file the target
   * @param state the loop's state
   * @param params the weights
   * @param optimizer the optimizer, or null for weights only
   * @param evaluatedParams the evaluated model's weights, or null
   * @throws IOException when the file cannot be written; the previous checkpoint stays intact
   */
  public static void write(
      Path file, State state, byte[] params, StatefulOptimizer optimizer, byte[] evaluatedParams)
      throws IOException {
    ByteArrayOutputStream opt = new ByteArrayOutputStream();
    if (optimizer != null) {
      try (DataOutputStream o = new DataOutputStream(opt)) {
        optimizer.saveState(o);
      }
    }
    byte[] json = Json.COMPACT.toJson(state).getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(json.length);
      out.write(json);
      out.writeInt(params.length);
      out.write(params);
      byte[] o = opt.toByteArray();
      out.writeInt(o.length);
      out.write(o);
      if (evaluatedParams != null) {
        out.writeInt(evaluatedParams.length);
        out.write(evaluatedParams);
      }
    }
    ChecksummedFile.write(file, MAGIC, VERSION, bytes.toByteArray());
  }

  /**
   * Reads and verifies a checkpoint.
   *
   * @param file the checkpoint
   * @return its contents
   * @throws BadInputException naming the file when it is missing, corrupt or from a newer version
   */
  public static Contents read(Path file) {
    ByteBuffer body = ChecksummedFile.read(file, MAGIC, "Pupil checkpoint", VERSION).body();
    try {
      byte[] json = new byte[body.getInt()];
      body.get(json);
      State state = Json.COMPACT.fromJson(new String(json, StandardCharsets.UTF_8), State.class);
      byte[] params = new byte[body.getInt()];
      body.get(params);
      byte[] opt = new byte[body.getInt()];
      body.get(opt);
      byte[] evaluated = new byte[body.hasRemaining() ? body.getInt() : 0];
      body.get(evaluated);
      return new Contents(state, params, opt, evaluated);
    } catch (RuntimeException e) {
      throw new BadInputException(file + " is corrupt: " + e.getMessage(), e);
    }
  }
}
