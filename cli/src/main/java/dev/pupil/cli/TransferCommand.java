package dev.pupil.cli;

import com.google.gson.JsonObject;
import dev.pupil.BadInputException;
import dev.pupil.data.Normalization;
import dev.pupil.io.Json;
import dev.pupil.io.Provenance;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.ModelMetadata;
import dev.pupil.run.DataSpec;
import dev.pupil.run.PreparedData;
import dev.pupil.run.RunConfig;
import dev.pupil.run.RunDirectory;
import dev.pupil.run.SupervisedRun;
import dev.pupil.train.EpochRule;
import dev.pupil.train.TrainConfig;
import dev.pupil.transfer.Approach;
import dev.pupil.transfer.TransferPlan;
import dev.pupil.transfer.TransferTrainer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pupil transfer}: a pretrained network gets a new head for the classes of a dataset or
 * image folder and is trained by the course's approach 1 (frozen backbone) or 2 (fine-tuning with a
 * smaller rate for the backbone), then evaluated; the run folder records what was frozen and each
 * parameter group's learning rate (transfer.json).
 */
@Command(
    name = "transfer",
    mixinStandardHelpOptions = true,
    description = {
      "Transfer a pretrained network to new classes: replace its head, then train the head "
          + "alone (--approach head) or fine-tune everything with a smaller learning rate for "
          + "the backbone (--approach finetune), and evaluate on the test set. Defaults: --lr "
          + "0.01 (for finetune the backbone at --backbone-lr-scale of it); epochs for at least "
          + "1,000 steps.",
      "--from takes a Pupil run folder or model file, a DJL-format folder (NAME-0000.params, "
          + "with --from-model), or a TorchScript .pt exported from PyTorch/torchvision with "
          + "torch.jit.script (needs --allow-torchscript: loading it runs code from the file).",
      "Writes config.json, transfer.json (what was frozen, each group's learning rate), "
          + "metrics.jsonl, checkpoints/, model.pupil, eval.json and run.json."
    })
final class TransferCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin DataOptions data;

  @Mixin TrainOptions train;

  @Mixin Output output;

  @Mixin TorchScriptOption torchScript;

  /**
   * The head's learning rate where --lr is not given, for both approaches (fine-tuning puts the
   * backbone at --backbone-lr-scale of it): ten times training's default. On the glyphs domain at
   * 10 labels per class fine-tuning reached 50.7% with it against 39.1% at 1e-3
   * (docs/benchmarks.md, "Defaults with few labels"); the course protocol on Fashion-MNIST measured
   * it as the best head rate of both approaches ("Transfer learning").
   */
  static final float DEFAULT_LR = 1e-2f;

  @Option(
      names = "--from",
      paramLabel = "RUN|MODEL|DIR|FILE.pt",
      description = "The pretrained network.")
  Path from;

  @Option(
      names = "--approach",
      paramLabel = "head|finetune",
      defaultValue = "finetune",
      description =
          "head: freeze the backbone, train the new head (approach 1); finetune: "
              + "train every layer (approach 2). Default: ${DEFAULT-VALUE}.")
  String approach;

  @Option(
      names = "--backbone-lr-scale",
      paramLabel = "F",
      defaultValue = "0.1",
      description =
          "finetune: the backbone's learning rate as a fraction of the head's "
              + "(--lr). Default: ${DEFAULT-VALUE}.")
  float backboneLrScale;

  @Option(
      names = "--layer-decay",
      paramLabel = "F",
      defaultValue = "1.0",
      description =
          "finetune: each backbone block's rate is F times the one above it "
              + "(layer-wise decay); 1 = none. Default: ${DEFAULT-VALUE}.")
  float layerDecay;

  @Option(
      names = "--unfreeze-every",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "finetune: gradual unfreezing, the head alone first, then one more backbone block from"
              + " the top every N epochs; 0 = all from the start. Default: ${DEFAULT-VALUE}.")
  int unfreezeEvery;

  @Option(
      names = "--freeze-bn",
      description =
          "Keep batch-norm statistics frozen: the backbone runs in inference mode "
              + "(running statistics used, not updated; its dropout off).")
  boolean freezeBn;

  @Option(
      names = "--cache-features",
      description =
          "head: run the frozen backbone once over the training images and train the "
              + "head on the cached features (much faster; implies --freeze-bn).")
  boolean cacheFeatures;

  @Option(
      names = "--from-model",
      paramLabel = "NAME",
      completionCandidates = ModelNames.class,
      description = "For a DJL-format folder: the architecture its weights belong to.")
  String fromModel;

  @Option(
      names = "--torchscript-method",
      paramLabel = "METHOD",
      description =
          "For TorchScript: forward (default; the new head goes on its output) or an exported"
              + " method returning features (the new head replaces the module's classifier).")
  String torchScriptMethod;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Run folder (default: runs/transfer-<model>-<yyyyMMdd-HHmmss>).")
  Path out;

  @Option(
      names = "--resume",
      paramLabel = "RUN",
      description =
          "Continue an interrupted transfer run from its last checkpoint, with the "
              + "pretrained network, data and plan in its config.json (a TorchScript source needs "
              + "--allow-torchscript again).")
  Path resume;

  @Override
  public Integer call() {
    Instant start = Instant.now();
    long t0 = System.nanoTime();
    RunDirectory resumed = null;
    RunConfig rc = null;
    if (resume != null) {
      resumed = RunDirectory.open(resume);
      rc = restoreSettings(resumed);
    }
    if (from == null) {
      throw new BadInputException("--from is required: the pretrained network to transfer");
    }
    TransferPlan plan =
        TransferPlan.builder(Approach.parse(approach))
            .optBackboneLrScale(backboneLrScale)
            .optLayerDecay(layerDecay)
            .optUnfreezeEvery(unfreezeEvery)
            .optFreezeBatchNorm(freezeBn)
            .optCacheFeatures(cacheFeatures)
            .build();
    PretrainedSource source = PretrainedSource.resolve(from);
    if (fromModel != null && source.kind() != PretrainedSource.Kind.DJL) {
      throw new BadInputException("--from-model applies to DJL-format folders, not to " + from);
    }
    if (torchScriptMethod != null && source.kind() != PretrainedSource.Kind.TORCHSCRIPT) {
      throw new BadInputException("--torchscript-method applies to TorchScript files");
    }
    TrainConfig config =
        rc != null
            ? rc.train()
            : train.apply(TrainConfig.builder().optLr(DEFAULT_LR).build(), data.seed());
    DataSpec dataSpec = rc != null ? rc.data() : data.toSpec();
    Normalization given =
        dataSpec.normalize() == null
            ? null
            : Normalization.parse(dataSpec.normalize(), "--normalize");
    ClassifierModel pretrained = null;
    try {
      PreparedData d;
      if (source.knowsItsInput()) {
        pretrained = source.loadPupil(torchScript.permission());
        d = Data.load(withInput(dataSpec, pretrained.metadata()));
      } else {
        d = Data.load(dataSpec);
        ModelMetadata target =
            new ModelMetadata(
                "target",
                d.classes(),
                d.train().channels(),
                d.train().height(),
                d.train().width(),
                given != null ? given : Normalization.fromImages(d.train()),
                Provenance.currentPupilVersion(),
                config.seed());
        String method = torchScriptMethod == null ? "forward" : torchScriptMethod;
        pretrained = source.loadForeign(fromModel, method, target, torchScript.permission());
      }
      EpochRule.Choice epochChoice =
          rc == null ? train.defaultEpochs(d.train().size(), config) : null;
      config = TrainOptions.withEpochs(config, epochChoice);
      String arch = pretrained.metadata().architecture();
      RunDirectory run =
          resumed != null ? resumed : RunFolders.fresh(out, "transfer-" + arch, false);
      JsonObject json =
          Json.PRETTY
              .toJsonTree(
                  new RunConfig(
                      "transfer",
                      d.spec(),
                      d.location(),
                      d.testSource(),
                      d.sizes(),
                      arch,
                      config,
                      null,
                      d.shape(),
                      d.classes(),
                      null,
                      null,
                      pretrained.metadata().options()))
              .getAsJsonObject();
      json.add("transfer", Json.PRETTY.toJsonTree(settings()));
      run.writeJson(run.configFile(), json);
      run.writeSplit(d.split());
      output
          .progress()
          .println((resumed != null ? "resuming " : "") + describe(plan, source, d, run.root()));
      if (epochChoice != null) {
        output.progress().println(epochChoice.describe(FlagNames::flag));
      }
      EpochProgress progress =
          new EpochProgress(
              arch, config.epochs(), output.progress(), ProgressBar.onTerminal(output.err()));
      TransferTrainer.Trained t =
          TransferTrainer.builder()
              .setPretrained(pretrained)
              .setPlan(plan)
              .setConfig(config)
              .optNormalization(given)
              .optPretrainedFrom(source.describe())
              .optRunDirectory(run)
              .optResume(resumed != null)
              .addListener(progress)
              .build()
              .train(d.train(), d.validationOrNull());
      Map<String, Object> extra = new LinkedHashMap<>();
      extra.put("approach", plan.approach().label());
      extra.put("from", source.describe());
      if (epochChoice != null) {
        extra.put("epochRule", epochChoice.toMap());
      }
      SupervisedRun.Summary s =
          SupervisedRun.finish(
              arch,
              t.model(),
              t.result(),
              d,
              run,
              config,
              start,
              t0,
              Pupil.typed(spec),
              resumed != null,
              extra);
      output.text(TrainCommand.finish(s));
      Map<String, Object> result = new LinkedHashMap<>(s.toMap());
      result.putAll(extra);
      result.put("splitSizes", d.sizes());
      output.result(result);
      return Pupil.OK;
    } finally {
      if (pretrained != null) {
        pretrained.close();
      }
    }
  }

  /** The options config.json records so that {@code --resume} can rebuild the run. */
  private Map<String, Object> settings() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("from", from.toAbsolutePath().normalize().toString());
    m.put("fromModel", fromModel);
    m.put("torchScriptMethod", torchScriptMethod);
    m.put("approach", approach);
    m.put("backboneLrScale", backboneLrScale);
    m.put("layerDecay", layerDecay);
    m.put("unfreezeEvery", unfreezeEvery);
    m.put("freezeBn", freezeBn);
    m.put("cacheFeatures", cacheFeatures);
    return m;
  }

  /** {@code --resume}: the run's own options, none given on the command line but output ones. */
  private RunConfig restoreSettings(RunDirectory run) {
    ResumeOptions.requireOnly(spec, resume, "--allow-torchscript");
    String json = RunConfig.text(run.configFile());
    RunConfig rc = RunConfig.parse(run.configFile(), json);
    if (!"transfer".equals(rc.command()) || rc.train() == null) {
      throw new BadInputException(
          resume
              + " is not a transfer run (config.json says "
              + rc.command()
              + "); resume it with its own command");
    }
    JsonObject t = RunConfig.tree(run.configFile(), json).getAsJsonObject("transfer");
    if (t == null) {
      throw new BadInputException(
          run.configFile()
              + " does not record the transfer settings "
              + "(written before transfer runs could be resumed); start the run again");
    }
    try {
      from = Path.of(t.get("from").getAsString());
      fromModel = RunConfig.optString(t, "fromModel");
      torchScriptMethod = RunConfig.optString(t, "torchScriptMethod");
      approach = t.get("approach").getAsString();
      backboneLrScale = t.get("backboneLrScale").getAsFloat();
      layerDecay = t.get("layerDecay").getAsFloat();
      unfreezeEvery = t.get("unfreezeEvery").getAsInt();
      freezeBn = t.get("freezeBn").getAsBoolean();
      cacheFeatures = t.get("cacheFeatures").getAsBoolean();
      return rc;
    } catch (RuntimeException e) {
      throw new BadInputException(
          run.configFile() + ": cannot read the transfer settings: " + e.getMessage(), e);
    }
  }

  /** An image folder is read at the pretrained network's input shape unless told otherwise. */
  static DataSpec withInput(DataSpec d, ModelMetadata m) {
    if (d.folder() == null) {
      return d;
    }
    return d.withShape(
        d.channels() == 0 ? m.channels() : d.channels(),
        d.height() == 0 ? m.height() : d.height(),
        d.width() == 0 ? m.width() : d.width());
  }

  private static String describe(
      TransferPlan plan, PretrainedSource source, PreparedData d, Path runDir) {
    String how =
        plan.approach() == Approach.HEAD
            ? "head only" + (plan.cacheFeatures() ? ", cached features" : "")
            : String.format(Locale.ROOT, "fine-tuning, backbone lr x%s", plan.backboneLrScale());
    return String.format(
        Locale.ROOT,
        "transfer (%s%s) from %s to %s (%s): %d train, %d validation, %d test -> %s",
        how,
        plan.freezeBatchNorm() ? ", batch norm frozen" : "",
        source.describe(),
        d.spec().label(),
        d.shape(),
        d.train().size(),
        d.validation().size(),
        d.test().size(),
        runDir);
  }
}
