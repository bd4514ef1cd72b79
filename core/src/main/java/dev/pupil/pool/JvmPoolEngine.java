package dev.pupil.pool;

import ai.djl.Device;
import dev.pupil.BadInputException;
import dev.pupil.data.FolderReadResult;
import dev.pupil.data.ImageSet;
import dev.pupil.data.UnlabeledFolderReader;
import dev.pupil.io.AtomicFiles;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.FrozenModel;
import dev.pupil.models.ModelMetadata;
import dev.pupil.models.TorchScript;
import dev.pupil.semisup.PseudoLabeler;
import dev.pupil.semisup.PseudoLabels;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The in-JVM engine ("jvm"): reads the whole pool into memory and runs the model over it in one
 * loop, with {@link PseudoLabeler} for the selection. Faster than Spark below a few hundred
 * thousand small images (docs/benchmarks.md, issue 10). Writes {@code pseudo-labels.csv} (see
 * {@link PseudoLabels#toCsv(boolean)}) or {@code embeddings.csv} (index, id, e_0 … e_{D-1}), and
 * {@code summary.json}. Parquet tables need the Spark engine.
 */
public final class JvmPoolEngine implements PoolEngine {
  /** This engine's name. */
  public static final String NAME = "jvm";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public PoolSummary run(PoolJob job) {
    long start = System.nanoTime();
    TorchScript.Permission ts =
        job.allowTorchScript() ? TorchScript.Permission.ALLOW : TorchScript.Permission.DENY;
    try (ClassifierModel model = ClassifierModel.load(job.model(), Device.cpu(), ts)) {
      ModelMetadata meta = model.metadata();
      List<String> skippedIds = new ArrayList<>();
      ImageSet pool = read(job, meta, skippedIds);
      long skipped = skippedIds.size();
      Map<String, Integer> perClass = new LinkedHashMap<>();
      long kept = 0;
      String output;
      if (job.task() == PoolJob.Task.PSEUDO_LABEL) {
        PseudoLabels labels =
            PseudoLabeler.builder()
                .optThreshold(job.filter().threshold())
                .optMaxPerClass(job.filter().maxPerClass())
                .optSoft(job.probabilities())
                .optBatchSize(job.batchSize())
                .build()
                .label(FrozenModel.of(model), pool);
        output = "pseudo-labels.csv";
        AtomicFiles.writeString(job.out().resolve(output), labels.toCsv(job.probabilities()));
        kept = labels.size();
        perClass = labels.perClass();
      } else {
        model.checkShape(pool);
        float[][] e = model.embeddings(pool, job.batchSize());
        output = "embeddings.csv";
        writeEmbeddings(job.out().resolve(output), pool, e);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      PoolSummary summary =
          new PoolSummary(
              NAME,
              job.task(),
              pool.size(),
              skipped,
              skippedIds.subList(0, (int) Math.min(skipped, PoolSummary.MAX_SKIPPED_IDS)),
              kept,
              perClass,
              seconds,
              List.of(output),
              Map.of());
      summary.write(job);
      return summary;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to " + job.out() + ": " + e.getMessage(), e);
    }
  }

  private static ImageSet read(PoolJob job, ModelMetadata meta, List<String> skippedIds) {
    PoolSource src = job.source();
    switch (src.kind()) {
      case FOLDER -> {
        FolderReadResult r =
            UnlabeledFolderReader.builder()
                .setRoot(src.path())
                .optChannels(meta.channels())
                .optSize(meta.height(), meta.width())
                .optOnBadImage(job.onBadImage())
                .optClasses(meta.classes())
                .build()
                .read();
        for (Path p : r.skipped()) {
          skippedIds.add(src.path().relativize(p).toString());
        }
        ImageSet rest = r.images().without(src.excluded());
        if (rest.size() == 0) {
          throw new BadInputException(
              src.name()
                  + ": all of its "
                  + r.images().size()
                  + " readable images are left out, so none is left to label");
        }
        return rest;
      }
      case IMAGES -> {
        return src.images().withLabelsHidden();
      }
      default ->
          throw BadInputException.forField(
              "engine", "spark is needed for the Parquet pool " + src.name());
    }
  }

  private static void writeEmbeddings(Path file, ImageSet pool, float[][] e) throws IOException {
    AtomicFiles.write(
        file,
        out -> {
          BufferedWriter w =
              new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
          int d = e.length == 0 ? 0 : e[0].length;
          w.write("index,id");
          for (int k = 0; k < d; k++) {
            w.write(",e_" + k);
          }
          w.write('\n');
          for (int i = 0; i < e.length; i++) {
            w.write(i + "," + csv(pool.id(i)));
            for (float v : e[i]) {
              w.write(',');
              w.write(String.format(Locale.ROOT, "%.6g", v));
            }
            w.write('\n');
          }
          w.flush();
        });
  }

  private static String csv(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
