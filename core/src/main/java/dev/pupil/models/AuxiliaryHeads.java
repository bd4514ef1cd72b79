package dev.pupil.models;

/**
 * A backbone with auxiliary classifiers (GoogLeNet's): in training its forward pass returns the
 * embeddings followed by each auxiliary head's logits; at inference only the embeddings.
 */
public interface AuxiliaryHeads {
  /** @return how many auxiliary logits follow the embeddings in training */
  int auxiliaryOutputs();
}
