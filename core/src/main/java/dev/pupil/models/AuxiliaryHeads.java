package dev.pupil.models;

import ai.djl.nn.Block;
import ai.djl.util.Pair;
import java.util.List;

/**
 * A backbone with auxiliary classifiers (GoogLeNet's): in training its forward pass returns the
 * embeddings followed by each auxiliary head's logits; at inference only the embeddings.
 */
public interface AuxiliaryHeads {
  /**
   * @return how many auxiliary logits follow the embeddings in training
   */
  int auxiliaryOutputs();

  /**
   * The blocks the inference pass runs one after another, each on the previous one's output
   * (Grad-CAM walks it to reach an inner layer).
   *
   * @return the children by name, in order; empty (the default) when the pass is not such a chain
   */
  default List<Pair<String, Block>> inferenceChain() {
    return List.of();
  }
}
