package dev.pupil.models;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks a network's block tree in forward order, carrying the activation shape and a visitor's
 * state: sequential blocks in turn, parallel branches from the same input with their states merged
 * (Pupil's own branching blocks say how through {@link Branching}); every other block is a leaf.
 * {@link ModelStats} counts FLOPs with it and {@link ReceptiveField} follows kernels and strides.
 *
 * @param <S> the visitor's state
 */
public final class BlockWalker<S> {
  /**
   * What flows between blocks.
   *
   * @param shape the activation shape (batch first)
   * @param state the visitor's state
   * @param <S> the state's type
   */
  public record Flow<S>(Shape shape, S state) {}

  /**
   * Sees each leaf and merges branches.
   *
   * @param <S> the state
   */
  public interface Visitor<S> {
    /**
     * @param path the block's path from the root
     * @param block a leaf block
     * @param in its input shape
     * @param out its output shape
     * @param state the state before it
     * @return the state after it
     */
    S leaf(String path, Block block, Shape in, Shape out, S state);

    /**
     * A leaf off the spatial path (a squeeze-and-excitation gate on pooled 1×1 maps): it costs
     * FLOPs but adds no geometry. By default treated as any leaf.
     *
     * @param path the block's path
     * @param block the leaf
     * @param in its input shape
     * @param out its output shape
     * @param state the state before it
     * @return the state after it
     */
    default S side(String path, Block block, Shape in, Shape out, S state) {
      return leaf(path, block, in, out, state);
    }

    /**
     * @param branches the states at the ends of parallel branches
     * @return the state after they join
     */
    S merge(List<S> branches);
  }

  /** A block whose data flow is not a chain of its children. */
  interface Branching {
    /**
     * @param walker the walker, to descend into children
     * @param path this block's path
     * @param in what flows in
     * @param <S> the state
     * @return what flows out
     */
    <S> Flow<S> walk(BlockWalker<S> walker, String path, Flow<S> in);
  }

  private final Visitor<S> visitor;

  /**
   * @param visitor what to do at leaves and joins
   */
  public BlockWalker(Visitor<S> visitor) {
    this.visitor = visitor;
  }

  /**
   * @return the visitor
   */
  public Visitor<S> visitor() {
    return visitor;
  }

  /**
   * Visits a leaf that sits off the spatial path (see {@link Visitor#side}).
   *
   * @param path the leaf's path
   * @param leaf the leaf block
   * @param in what flows in
   * @return what flows out
   */
  public Flow<S> side(String path, Block leaf, Flow<S> in) {
    Shape out = leaf.getOutputShapes(new Shape[] {in.shape()})[0];
    return new Flow<>(out, visitor.side(path, leaf, in.shape(), out, in.state()));
  }

  /**
   * @param path the block's path
   * @param block the block (initialized, or able to compute its output shapes)
   * @param in what flows in
   * @return what flows out
   */
  public Flow<S> walk(String path, Block block, Flow<S> in) {
    if (block instanceof Branching b) {
      return b.walk(this, path, in);
    }
    if (block instanceof SequentialBlock) {
      Flow<S> f = in;
      for (Pair<String, Block> c : block.getChildren()) {
        f = walk(path + "/" + c.getKey(), c.getValue(), f);
      }
      return f;
    }
    if (block instanceof ParallelBlock) {
      List<S> states = new ArrayList<>();
      for (Pair<String, Block> c : block.getChildren()) {
        states.add(walk(path + "/" + c.getKey(), c.getValue(), in).state());
      }
      Shape out = block.getOutputShapes(new Shape[] {in.shape()})[0];
      return new Flow<>(out, visitor.merge(states));
    }
    Shape out = block.getOutputShapes(new Shape[] {in.shape()})[0];
    return new Flow<>(out, visitor.leaf(path, block, in.shape(), out, in.state()));
  }
}
