package dev.pupil.cli;

import dev.pupil.BadInputException;
import dev.pupil.augment.AugmentSpec;
import dev.pupil.augment.BatchMixer;
import dev.pupil.io.AtomicFiles;
import dev.pupil.io.Json;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.ModelRegistry;
import dev.pupil.run.PreparedData;
import dev.pupil.run.SupervisedRun;
import dev.pupil.train.ClassifierTrainer;
import dev.pupil.train.TrainConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code pupil augment search}: RandAugment's grid search (Cubuk et al. 2020, arXiv:1909.13719,
 * section 3: a small grid over N and M on a proxy task). Trains one short proxy run per (N, M) on
 * the labeled split with {@code [--augment BASE,]rand-nN-mM}, and reports each run's best
 * validation accuracy, the table and the best pair; writes everything to a JSON file.
 */
@Command(
    name = "search",
    mixinStandardHelpOptions = true,
    description = "Grid-search RandAugment's N and M with short proxy runs; prints the table.")
final class AugmentSearchCommand implements Callable<Integer> {
  @Mixin DataOptions data;

  @Mixin TrainOptions train;

  @Mixin AugmentOptions augment;

  @Mixin Output output;

  @Option(
      names = "--model",
      paramLabel = "NAME",
      description = "Architecture (default: cnn-small).")
  String model = TrainCommand.DEFAULT_MODEL;

  @Option(
      names = "--n",
      paramLabel = "N,...",
      split = ",",
      description = "Ops per image to try (default: 1,2,3).")
  List<Integer> ns = List.of(1, 2, 3);

  @Option(
      names = "--m",
      paramLabel = "M,...",
      split = ",",
      description = "Magnitudes (0..30) to try (default: 5,9,13).")
  List<Integer> ms = List.of(5, 9, 13);

  @Option(
      names = "--out",
      paramLabel = "FILE.json",
      description =
          "Results file (default: augment-search.json); an existing file is "
              + "replaced only with --force.")
  Path out = Path.of("augment-search.json");

  @Mixin ForceOption force;

  @Override
  public Integer call() throws IOException {
    ModelRegistry.get(model);
    SupervisedRun.Augment base = augment.resolve(SupervisedRun.Augment.NONE);
    List<String> specs = new ArrayList<>();
    for (int n : ns) {
      for (int m : ms) {
        specs.add(spec(base.augment(), n, m));
      }
    }
    specs.forEach(AugmentSpec::parse);
    new OutputPlan(force).file(out, "--out").check();
    TrainConfig config = train.apply(TrainConfig.builder().optEpochs(3).build(), data.seed());
    PreparedData prepared = Data.load(data.toSpec());
    if (prepared.validationOrNull() == null) {
      throw new BadInputException("augment search needs a validation split (--val-fraction > 0)");
    }
    double[][] acc = new double[ns.size()][ms.size()];
    List<Map<String, Object>> runs = new ArrayList<>();
    int bestN = -1;
    int bestM = -1;
    double best = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < ns.size(); i++) {
      for (int j = 0; j < ms.size(); j++) {
        String spec = spec(base.augment(), ns.get(i), ms.get(j));
        long t0 = System.nanoTime();
        ClassifierTrainer.Trained t =
            ClassifierTrainer.builder()
                .setArchitecture(model)
                .setConfig(config)
                .optAugmentation(AugmentSpec.parse(spec))
                .optMixer(base.mix() == null ? null : BatchMixer.parse(base.mix()))
                .optDataThreads(base.threads())
                .build()
                .train(prepared.train(), prepared.validationOrNull());
        try (ClassifierModel ignored = t.model()) {
          acc[i][j] = t.result().bestValAccuracy();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        output
            .progress()
            .printf(
                Locale.ROOT,
                "N=%d M=%d: val accuracy %s (%.1f s)%n",
                ns.get(i),
                ms.get(j),
                EpochProgress.percent(acc[i][j]),
                seconds);
        output.progress().flush();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("n", ns.get(i));
        r.put("m", ms.get(j));
        r.put("augment", spec);
        r.put("valAccuracy", acc[i][j]);
        r.put("seconds", seconds);
        runs.add(r);
        if (acc[i][j] > best) {
          best = acc[i][j];
          bestN = ns.get(i);
          bestM = ms.get(j);
        }
      }
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("model", model);
    result.put("data", prepared.spec().label());
    result.put("splitSizes", prepared.sizes());
    result.put("train", config);
    result.put("mix", base.mix());
    result.put("runs", runs);
    result.put("bestN", bestN);
    result.put("bestM", bestM);
    result.put("bestValAccuracy", best);
    AtomicFiles.writeString(out, Json.PRETTY.toJson(result) + "\n");
    output.text(table(acc));
    output.text(
        String.format(
            Locale.ROOT,
            "best: N=%d M=%d (val accuracy %s); wrote %s",
            bestN,
            bestM,
            EpochProgress.percent(best),
            out));
    output.result(result);
    return Pupil.OK;
  }

  private static String spec(String base, int n, int m) {
    if (n < 0 || n > 16 || m < 0 || m > 30) {
      throw new BadInputException(
          "--n must be in [0, 16] and --m in [0, 30], got N=" + n + " M=" + m);
    }
    String rand = "rand-n" + n + "-m" + m;
    return base == null ? rand : base + "," + rand;
  }

  private String table(double[][] acc) {
    StringBuilder sb = new StringBuilder("val accuracy   ");
    for (int m : ms) {
      sb.append(String.format(Locale.ROOT, "%8s", "M=" + m));
    }
    for (int i = 0; i < ns.size(); i++) {
      sb.append(String.format(Locale.ROOT, "%n%-15s", "N=" + ns.get(i)));
      for (int j = 0; j < ms.size(); j++) {
        sb.append(String.format(Locale.ROOT, "%8s", EpochProgress.percent(acc[i][j])));
      }
    }
    return sb.toString();
  }
}
