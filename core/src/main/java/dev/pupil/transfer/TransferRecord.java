package dev.pupil.transfer;

import java.util.List;

/**
 * What a transfer did, for the run folder's transfer.json: the plan, what was copied and what was
 * freshly initialized, and per parameter group whether it trained, from which epoch, and at what
 * learning rate.
 *
 * @param approach {@code head} or {@code finetune}
 * @param pretrainedFrom where the pretrained network came from, in words
 * @param architecture the network's architecture ({@code torchscript} for a TorchScript backbone)
 * @param pretrainedClasses the pretrained network's classes
 * @param classes the new classes
 * @param plan the plan
 * @param copiedParameters how many parameters (tensors) came from the pretrained network
 * @param reinitialized the full names of the freshly initialized parameters (the new head's)
 * @param groups per group, head first
 * @param cachedFeatureDimension the length of the cached features, or 0 without caching
 */
public record TransferRecord(
    String approach,
    String pretrainedFrom,
    String architecture,
    List<String> pretrainedClasses,
    List<String> classes,
    TransferPlan plan,
    int copiedParameters,
    List<String> reinitialized,
    List<GroupRecord> groups,
    int cachedFeatureDimension) {

  /**
   * One parameter group.
   *
   * @param name {@code head} or {@code backbone/<block>}
   * @param depth 0 for the head, counting down into the backbone
   * @param parameters its parameters' full names
   * @param trainableSize its number of trainable numbers
   * @param frozen whether it never trained
   * @param trainsFromEpoch the first epoch it trained in (1 unless gradually unfrozen; 0 if frozen)
   * @param lrScale its factor on the schedule's learning rate (0 if frozen)
   * @param lr its peak learning rate: the configured rate times the factor
   */
  public record GroupRecord(
      String name,
      int depth,
      List<String> parameters,
      long trainableSize,
      boolean frozen,
      int trainsFromEpoch,
      float lrScale,
      float lr) {}
}
