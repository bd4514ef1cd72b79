package dev.pupil.bench;

import ai.djl.Device;
import dev.pupil.data.ImageSet;
import dev.pupil.data.Normalization;
import dev.pupil.data.Splits;
import dev.pupil.eval.EvalReport;
import dev.pupil.models.ClassifierModel;
import dev.pupil.train.ClassifierTrainer;
import dev.pupil.train.EpochMetrics;
import dev.pupil.train.LabeledImages;
import dev.pupil.train.TrainConfig;
import dev.pupil.train.TrainingLoop;
import dev.pupil.transfer.Approach;
import dev.pupil.transfer.TransferPlan;
import dev.pupil.transfer.TransferTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The transfer-learning study of issue 5, the course's protocol on Fashion-MNIST: pretrain on the
 * classes T-shirt/top, Trouser, Pullover, Dress, Coat (all 30,000 of their training images), then
 * learn Sandal, Shirt, Sneaker, Bag, Ankle boot from 5, 10 or 50 labels per class, three ways —
 * from scratch, approach 1 (frozen backbone, new head on cached features) and approach 2
 * (fine-tuning, backbone at a tenth of the head's rate) — and report test accuracy on the 5,000
 * test images of the five target classes, mean ± sample sd over the seeds. Every target run takes
 * the same number of optimizer steps, whatever its label count; all use the pretraining set's
 * normalization.
 *
 * <p>{@code bench/run TransferBench [--model cnn-small] [--pretrain-epochs 5] [--labels 5,10,50]
 * [--seeds 1,2,3] [--steps 300] [--batch 16] [--lr-scratch 2e-3] [--lr-head 1e-2] [--lr-finetune
 * 2e-3] [--backbone-lr-scale 0.1] [--freeze-bn false] [--layer-decay 1] [--unfreeze-every 0]
 * [--methods scratch,head,finetune] [--head-cache true] [--pretrained FILE]} — {@code --head-cache
 * false} trains approach 1 through the frozen backbone with its batch norm in training mode
 * (statistics adapting to the new data) instead of on cached features; with {@code --pretrained},
 * the pretrained model is read from FILE if it exists, else trained and saved there, so that
 * several target settings can share one pretraining.
 */
public final class TransferBench {
  private static final int[] SOURCE = {0, 1, 2, 3, 4};
  private static final int[] TARGET = {5, 6, 7, 8, 9};

  private TransferBench() {}

  /**
   * @param argv options
   * @throws Exception on failure
   */
  public static void main(String[] argv) throws Exception {
    Map<String, String> a = BenchSupport.args(argv);
    String model = a.getOrDefault("model", "cnn-small");
    int pretrainEpochs = Integer.parseInt(a.getOrDefault("pretrain-epochs", "5"));
    String[] labels = a.getOrDefault("labels", "5,10,50").split(",");
    String[] seeds = a.getOrDefault("seeds", "1,2,3").split(",");
    int steps = Integer.parseInt(a.getOrDefault("steps", "300"));
    int batch = Integer.parseInt(a.getOrDefault("batch", "16"));
    float lrScratch = Float.parseFloat(a.getOrDefault("lr-scratch", "2e-3"));
    float lrHead = Float.parseFloat(a.getOrDefault("lr-head", "1e-2"));
    float lrFinetune = Float.parseFloat(a.getOrDefault("lr-finetune", "2e-3"));
    float backboneScale = Float.parseFloat(a.getOrDefault("backbone-lr-scale", "0.1"));
    boolean freezeBn = Boolean.parseBoolean(a.getOrDefault("freeze-bn", "false"));
    float layerDecay = Float.parseFloat(a.getOrDefault("layer-decay", "1"));
    int unfreezeEvery = Integer.parseInt(a.getOrDefault("unfreeze-every", "0"));
    String[] methods = a.getOrDefault("methods", "scratch,head,finetune").split(",");
    boolean headCache = Boolean.parseBoolean(a.getOrDefault("head-cache", "true"));

    ImageSet source = classes(BenchSupport.fashionTrain(), SOURCE);
    ImageSet target = classes(BenchSupport.fashionTrain(), TARGET);
    ImageSet targetTest = classes(BenchSupport.fashionTest(), TARGET);
    Normalization norm = Normalization.fromImages(source);
    System.out.printf(
        Locale.ROOT,
        "source %s: %d images; target %s: %d train, %d test%n",
        source.classes(),
        source.size(),
        target.classes(),
        target.size(),
        targetTest.size());

    long t0 = System.nanoTime();
    TrainConfig pretrainConfig = FashionMnistAccuracy.config(model, pretrainEpochs, 1);
    Map<String, Object> pretrain = new LinkedHashMap<>();
    Path saved = a.containsKey("pretrained") ? Path.of(a.get("pretrained")) : null;
    boolean reuse = saved != null && Files.exists(saved);
    try (ClassifierModel pretrained =
        reuse
            ? ClassifierModel.load(saved, Device.cpu())
            : ClassifierTrainer.builder()
                .setArchitecture(model)
                .setConfig(pretrainConfig)
                .optNormalization(norm)
                .addListener(progress("pretrain"))
                .build()
                .train(source, null)
                .model()) {
      double pretrainSeconds = (System.nanoTime() - t0) / 1e9;
      if (saved != null && !reuse) {
        pretrained.save(saved);
      }
      if (reuse) {
        pretrain.put("loadedFrom", saved.toString());
        pretrain.put("seed", pretrained.metadata().seed());
        norm = pretrained.metadata().normalization();
      }
      double sourceAcc =
          EvalReport.evaluate(pretrained, classes(BenchSupport.fashionTest(), SOURCE), 1000)
              .accuracy();
      System.out.printf(
          Locale.ROOT,
          "pretrained %s: source test acc %.2f%% (%.0f s)%n",
          model,
          100 * sourceAcc,
          pretrainSeconds);
      pretrain.put("config", reuse ? "as in the run that saved " + saved : pretrainConfig);
      pretrain.put("sourceTestAccuracy", sourceAcc);
      pretrain.put("seconds", pretrainSeconds);

      Map<String, Object> cells = new LinkedHashMap<>();
      List<String> rows = new ArrayList<>();
      for (String perClass : labels) {
        int n = Integer.parseInt(perClass.strip());
        double[][] acc = new double[methods.length][seeds.length];
        for (int s = 0; s < seeds.length; s++) {
          long seed = Long.parseLong(seeds[s].strip());
          ImageSet train = target.subset(Splits.stratified(target, n, 0.0, seed).labeled());
          int perEpoch = LabeledImages.batchCount(train.size(), Math.min(batch, train.size()));
          int epochs = (steps + perEpoch - 1) / perEpoch;
          for (int k = 0; k < methods.length; k++) {
            long r0 = System.nanoTime();
            float lr =
                methods[k].equals("scratch")
                    ? lrScratch
                    : methods[k].equals("head") ? lrHead : lrFinetune;
            TrainConfig cfg =
                TrainConfig.builder()
                    .optEpochs(epochs)
                    .optBatchSize(batch)
                    .optLr(lr)
                    .optSeed(seed)
                    .build();
            TransferPlan plan =
                methods[k].equals("head")
                    ? TransferPlan.builder(Approach.HEAD).optCacheFeatures(headCache).build()
                    : TransferPlan.builder(Approach.FINETUNE)
                        .optBackboneLrScale(backboneScale)
                        .optLayerDecay(layerDecay)
                        .optUnfreezeEvery(unfreezeEvery)
                        .optFreezeBatchNorm(freezeBn)
                        .build();
            ClassifierModel m =
                methods[k].equals("scratch")
                    ? ClassifierTrainer.builder()
                        .setArchitecture(model)
                        .setConfig(cfg)
                        .optNormalization(norm)
                        .build()
                        .train(train, null)
                        .model()
                    : TransferTrainer.builder()
                        .setPretrained(pretrained)
                        .setPlan(plan)
                        .setConfig(cfg)
                        .build()
                        .train(train, null)
                        .model();
            try (m) {
              acc[k][s] = EvalReport.evaluate(m, targetTest, 1000).accuracy();
            }
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("testAccuracy", acc[k][s]);
            run.put("epochs", epochs);
            run.put("steps", epochs * perEpoch);
            run.put("lr", lr);
            run.put("seconds", (System.nanoTime() - r0) / 1e9);
            cells.put(methods[k] + "/" + n + "/" + seed, run);
            System.out.printf(
                Locale.ROOT,
                "%d/class seed %d %-8s test acc %.2f%% (%d epochs)%n",
                n,
                seed,
                methods[k],
                100 * acc[k][s],
                epochs);
          }
        }
        StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %3d |", n));
        for (int k = 0; k < methods.length; k++) {
          double mean = AugmentationAccuracy.mean(acc[k]);
          double sd = AugmentationAccuracy.sd(acc[k], mean);
          cells.put(methods[k] + "/" + n, Map.of("mean", mean, "sd", sd));
          row.append(String.format(Locale.ROOT, " %6.2f ± %4.2f |", 100 * mean, 100 * sd));
        }
        int scratch = List.of(methods).indexOf("scratch");
        int finetune = List.of(methods).indexOf("finetune");
        if (scratch >= 0 && finetune >= 0) {
          double gain =
              AugmentationAccuracy.mean(acc[finetune]) - AugmentationAccuracy.mean(acc[scratch]);
          row.append(String.format(Locale.ROOT, " %+6.2f |", 100 * gain));
        }
        rows.add(row.toString());
      }
      System.out.printf(
          Locale.ROOT,
          "%s pretrained on %s; seeds %s; %d steps, batch %d%n",
          model,
          source.classes(),
          String.join(",", seeds),
          steps,
          batch);
      System.out.println(
          "| labels/class | " + String.join(" | ", methods) + " | finetune − scratch |");
      rows.forEach(System.out::println);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("model", model);
      out.put("sourceClasses", source.classes());
      out.put("targetClasses", target.classes());
      out.put("pretrain", pretrain);
      out.put("steps", steps);
      out.put("batch", batch);
      out.put("lr", Map.of("scratch", lrScratch, "head", lrHead, "finetune", lrFinetune));
      out.put("backboneLrScale", backboneScale);
      out.put("freezeBatchNorm", freezeBn);
      out.put("headCachedFeatures", headCache);
      out.put("layerDecay", layerDecay);
      out.put("unfreezeEvery", unfreezeEvery);
      out.put("methods", List.of(methods));
      out.put("seeds", List.of(seeds));
      out.put("cells", cells);
      out.put("totalSeconds", (System.nanoTime() - t0) / 1e9);
      Path file =
          BenchSupport.writeResult(
              "transfer", "bench/run TransferBench " + String.join(" ", argv), out);
      System.out.println("wrote " + file);
    }
  }

  /** The images of some classes, relabeled 0..k-1 with their names. */
  static ImageSet classes(ImageSet all, int[] keep) {
    int[] labels = all.labels();
    List<Integer> idx = new ArrayList<>();
    int[] map = new int[all.classes().size()];
    Arrays.fill(map, -1);
    List<String> names = new ArrayList<>();
    for (int k = 0; k < keep.length; k++) {
      map[keep[k]] = k;
      names.add(all.classes().get(keep[k]));
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] >= 0 && map[labels[i]] >= 0) {
        idx.add(i);
      }
    }
    int[] rows = idx.stream().mapToInt(Integer::intValue).toArray();
    ImageSet sub = all.subset(rows);
    int[] relabeled = new int[rows.length];
    for (int i = 0; i < rows.length; i++) {
      relabeled[i] = map[labels[rows[i]]];
    }
    List<String> ids = new ArrayList<>(sub.size());
    for (int i = 0; i < sub.size(); i++) {
      ids.add(sub.id(i));
    }
    return ImageSet.of(
        sub.pixelsView(), relabeled, sub.channels(), sub.height(), sub.width(), names, ids);
  }

  private static TrainingLoop.Listener progress(String what) {
    return new TrainingLoop.Listener() {
      @Override
      public void onEpoch(EpochMetrics m) {
        System.out.printf(
            Locale.ROOT,
            "%s epoch %d loss %.4f train-acc %.4f %.0f img/s%n",
            what,
            m.epoch(),
            m.losses().get("total"),
            m.trainAccuracy(),
            m.imagesPerSecond());
      }
    };
  }
}
