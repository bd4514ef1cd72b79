package dev.pupil.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One native buffer that a batch source reuses for every batch, the engine's tensor made on it
 * without a copy. A fresh direct buffer per batch would be freed only when the garbage collector
 * reaches it, which for buffers promoted to the old generation means native memory creeping up over
 * epochs. A tensor made here is valid until the next upload, by which time the training loop has
 * closed the batch's sub-manager.
 */
public final class StagingBuffer {
  private final ByteBuffer buffer;

  /**
   * @param floats the most floats one upload holds
   */
  public StagingBuffer(int floats) {
    this.buffer = ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder());
  }

  /**
   * @param manager the batch's manager
   * @param data the values, at least {@code shape.size()} of them
   * @param shape the tensor's shape
   * @return a float tensor on this buffer
   */
  public NDArray upload(NDManager manager, float[] data, Shape shape) {
    buffer.clear();
    buffer.asFloatBuffer().put(data, 0, (int) shape.size());
    buffer.limit((int) shape.size() * Float.BYTES);
    return manager.create(buffer, shape, DataType.FLOAT32);
  }
}
