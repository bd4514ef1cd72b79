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
 *
 * <p>A backbone with {@link AuxiliaryHeads} (GoogLeNet) returns extra logits in training: the
 * forward pass then returns the main logits first and the auxiliary logits after them; at inference
 * there are only the main logits.
 */
public final class ClassifierBlock extends AbstractBlock implements BlockWalker.Branching {
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

  /**
   * @return the block that maps images to embeddings
   */
  public Block backbone() {
    return backbone;
  }

  /**
   * @return the block that maps embeddings to logits
   */
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

  /**
   * @return how many auxiliary logits follow the main logits in training (0 for most nets)
   */
  public int auxiliaryOutputs() {
    return backbone instanceof AuxiliaryHeads a ? a.auxiliaryOutputs() : 0;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDList features = backbone.forward(ps, inputs, training, params);
    if (features.size() == 1) {
      return head.forward(ps, features, training, params);
    }
    NDList out = head.forward(ps, new NDList(features.head()), training, params);
    for (int i = 1; i < features.size(); i++) {
      out.add(features.get(i));
    }
    return out;
  }

  @Override
  public <S> BlockWalker.Flow<S> walk(BlockWalker<S> walker, String path, BlockWalker.Flow<S> in) {
    return walker.walk(path + "/head", head, walker.walk(path + "/backbone", backbone, in));
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
