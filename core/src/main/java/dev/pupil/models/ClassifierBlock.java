package dev.pupil.models;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Every Pupil network: a backbone that maps an image batch to embeddings (N × D), and a head that
 * maps embeddings to class logits. The split is what k-NN on embeddings, feature caching and
 * transfer learning (replace the head, freeze the backbone) work with.
 */
public final class ClassifierBlock extends AbstractBlock {
  private static final byte VERSION = 1;

  private final Block backbone;
  private final Block head;

  /**
   * @param backbone images → embeddings (N × D)
   * @param head embeddings → logits (N × classes)
   */
  public ClassifierBlock(Block backbone, Block head) {
    super(VERSION);
    this.backbone = addChildBlock("backbone", backbone);
    this.head = addChildBlock("head", head);
  }

  /** @return the block that maps images to embeddings */
  public Block backbone() {
    return backbone;
  }

  /** @return the block that maps embeddings to logits */
  public Block head() {
    return head;
  }

  /**
   * Runs only the backbone.
   *
   * @param ps the parameter store
   * @param images N × C × H × W
   * @param training whether in training mode
   * @return the embeddings, N × D
   */
  public NDList embed(ParameterStore ps, NDList images, boolean training) {
    return backbone.forward(ps, images, training);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    return head.forward(ps, backbone.forward(ps, inputs, training, params), training, params);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return head.getOutputShapes(backbone.getOutputShapes(inputShapes));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    backbone.initialize(manager, dataType, inputShapes);
    head.initialize(manager, dataType, backbone.getOutputShapes(inputShapes));
  }
}
