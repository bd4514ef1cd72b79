package dev.pupil.transfer;

import dev.pupil.BadInputException;
import dev.pupil.data.ImageSet;
import dev.pupil.data.Normalization;
import dev.pupil.io.Provenance;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.ModelMetadata;
import dev.pupil.train.BatchSource;
import dev.pupil.train.LabeledImages;
import dev.pupil.train.Seeds;
import dev.pupil.train.TrainConfig;
import dev.pupil.train.TrainerBuilder;
import dev.pupil.train.TrainingLoop;
import dev.pupil.train.TrainingOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Trains a pretrained network on new classes and returns the new {@link ClassifierModel} (trainers
 * return models; models never train). The head is replaced ({@link HeadReplacement}); then, on
 * Pupil's one {@link TrainingLoop}, either approach 1 — the backbone frozen, the head trained,
 * optionally on cached features — or approach 2 — everything trained, with per-group learning rates
 * (the backbone's scaled, optionally decaying layer by layer) and optional gradual unfreezing. The
 * pretrained model is left as it was. {@link Trained#record()} says what was frozen and each
 * group's rate.
 */
public final class TransferTrainer {
  private static final long INIT_STREAM = 3;
  private static final int CACHE_BATCH = 512;

  private final ClassifierModel pretrained;
  private final TransferPlan plan;
  private final TrainConfig config;
  private final Normalization normalization;
  private final TrainingOutput run;
  private final boolean resume;
  private final List<TrainingLoop.Listener> listeners;
  private final String pretrainedFrom;

  private TransferTrainer(Builder b) {
    this.pretrainedFrom = b.pretrainedFrom;
    this.pretrained = b.pretrained;
    this.plan = b.plan;
    this.config = b.config();
    this.normalization = b.normalization();
    this.run = b.runDirectory();
    this.resume = b.resume();
    this.listeners = b.listeners();
  }

  /**
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * What training produced.
   *
   * @param model the trained classifier for the new classes (close it)
   * @param result the loop's history and best epoch
   * @param record what was frozen and each group's learning rate
   */
  public record Trained(ClassifierModel model, TrainingLoop.Result result, TransferRecord record)
      implements AutoCloseable {
    /** Closes the model. */
    @Override
    public void close() {
      model.close();
    }
  }

  /**
   * Trains.
   *
   * @param train labeled images of the new classes, of the pretrained network's input shape
   * @param validation labeled validation images, or null
   * @return the model, the history and the record
   */
  public Trained train(ImageSet train, ImageSet validation) {
    pretrained.checkShape(train);
    ModelMetadata src = pretrained.metadata();
    Normalization norm = normalization != null ? normalization : src.normalization();
    ModelMetadata meta =
        new ModelMetadata(
            src.architecture(),
            train.classes(),
            src.channels(),
            src.height(),
            src.width(),
            norm,
            Provenance.currentPupilVersion(),
            config.seed(),
            src.options());
    Seeds.seedEngine(Seeds.derive(config.seed(), INIT_STREAM, 0));
    HeadReplacement.Result replaced = HeadReplacement.replace(pretrained, meta);
    ClassifierModel model = replaced.model();
    try {
      ParameterGroups groups = ParameterGroups.of(model.block());
      TrainingLoop.Builder loop =
          TrainingLoop.builder()
              .setModel(model)
              .setConfig(config)
              .optValidation(validation)
              .optResume(resume)
              .optLrMultipliers(groups.parameterScales(plan));
      if (plan.approach() == Approach.HEAD) {
        groups.backbone().forEach(g -> groups.setTrainable(g, false));
      } else if (plan.unfreezeEvery() > 0) {
        loop.addListener(new GradualUnfreezing(groups, plan.unfreezeEvery()));
      }
      int cachedDim = 0;
      BatchSource source;
      if (plan.cacheFeatures()) {
        CachedFeatures cached =
            CachedFeatures.compute(model, train, config.batchSize(), CACHE_BATCH);
        cachedDim = cached.dimension();
        source = cached;
        loop.optTask(new TransferTask(model.block(), true, config.labelSmoothing()));
      } else {
        source = new LabeledImages(train, norm, config.batchSize());
        if (plan.freezeBatchNorm()) {
          loop.optTask(new TransferTask(model.block(), false, config.labelSmoothing()));
        }
      }
      loop.setSource(source);
      if (run != null) {
        run.attach(loop);
      }
      listeners.forEach(loop::addListener);
      TrainingLoop.Result result;
      try (source) {
        result = loop.build().run();
      }
      groups.all().forEach(g -> groups.setTrainable(g, true));
      TransferRecord record = record(src, meta, groups, replaced, cachedDim);
      if (run != null) {
        run.writeMetrics(result.history());
        run.writeJson(run.root().resolve("transfer.json"), record);
        model.save(run.modelFile());
      }
      return new Trained(model, result, record);
    } catch (IOException e) {
      model.close();
      throw new UncheckedIOException("cannot write the model: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  private TransferRecord record(
      ModelMetadata src,
      ModelMetadata meta,
      ParameterGroups groups,
      HeadReplacement.Result replaced,
      int cachedDim) {
    Map<String, Float> scales = groups.groupScales(plan);
    List<TransferRecord.GroupRecord> list = new ArrayList<>();
    for (ParameterGroups.Group g : groups.all()) {
      float s = scales.get(g.name());
      boolean frozen = s == 0f;
      int from = frozen ? 0 : GradualUnfreezing.firstEpoch(g.depth(), plan.unfreezeEvery());
      list.add(
          new TransferRecord.GroupRecord(
              g.name(),
              g.depth(),
              g.parameters(),
              g.trainableSize(),
              frozen,
              from,
              s,
              s * config.lr()));
    }
    return new TransferRecord(
        plan.approach().label(),
        pretrainedFrom,
        meta.architecture(),
        src.classes(),
        meta.classes(),
        plan,
        replaced.copied().size(),
        replaced.reinitialized(),
        list,
        cachedDim);
  }

  /**
   * Builds a {@link TransferTrainer}. The configuration's learning rate is the new head's; the
   * normalization defaults to the pretrained network's, which its backbone was trained with; the
   * run folder also gets transfer.json; on resume, frozen and unfrozen groups follow the epoch.
   */
  public static final class Builder extends TrainerBuilder<Builder> {
    private ClassifierModel pretrained;
    private TransferPlan plan;
    private String pretrainedFrom = "a model in memory";

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * @param description where the pretrained network came from, for the record
     */
    public Builder optPretrainedFrom(String description) {
      this.pretrainedFrom = description;
      return this;
    }

    /**
     * @param model the pretrained classifier (required; left unchanged)
     */
    public Builder setPretrained(ClassifierModel model) {
      this.pretrained = model;
      return this;
    }

    /**
     * @param plan the approach and its settings (required)
     */
    public Builder setPlan(TransferPlan plan) {
      this.plan = plan;
      return this;
    }

    /**
     * @return the trainer
     */
    public TransferTrainer build() {
      if (pretrained == null) {
        throw new IllegalArgumentException("pretrained is required");
      }
      if (plan == null) {
        throw new IllegalArgumentException("plan is required");
      }
      checkCommon();
      Normalization n = normalization();
      if (n != null && n.channels() != pretrained.metadata().channels()) {
        throw new BadInputException(
            "normalization has "
                + n.channels()
                + " channels, the pretrained network "
                + "takes "
                + pretrained.metadata().channels());
      }
      return new TransferTrainer(this);
    }
  }
}
