package dev.pupil.run;

import dev.pupil.augment.AugmentSpec;
import dev.pupil.augment.BatchMixer;
import dev.pupil.augment.ImageShape;
import dev.pupil.data.ImageSet;
import dev.pupil.eval.EvalReport;
import dev.pupil.io.AtomicFiles;
import dev.pupil.models.ClassifierModel;
import dev.pupil.report.AugmentPreview;
import dev.pupil.report.ImageGrid;
import dev.pupil.report.MistakeGrid;
import dev.pupil.report.RunReport;
import dev.pupil.report.TemplateImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the commands write into a run folder for its report.html: the evaluation with the most
 * confidently wrong test images (and a linear model's templates), the augmentation preview, and the
 * report itself.
 */
public final class Reports {
  /** Images per forward pass when evaluating. */
  public static final int EVAL_BATCH = 512;

  /** Training images shown in the augmentation preview (one per class, first ones). */
  static final int PREVIEW_IMAGES = 4;

  /** Augmented samples per previewed image. */
  static final int PREVIEW_SAMPLES = 6;

  private static final Logger LOG = LoggerFactory.getLogger(Reports.class);

  private Reports() {}

  /**
   * Evaluates a model on the test set and writes eval.json and {@value MistakeGrid#FILE} (and
   * {@value RunReport#TEMPLATES} for a linear model) into the run folder.
   *
   * @param model the trained model (left open)
   * @param test the labeled test images
   * @param run the run folder
   * @return the report
   */
  public static EvalReport evaluate(ClassifierModel model, ImageSet test, RunDirectory run) {
    List<String> classes = model.metadata().classes();
    float[][] logits = model.logits(test, EVAL_BATCH);
    EvalReport report = EvalReport.of(logits, test.labels(), classes);
    run.writeJson(run.evalFile(), report);
    try {
      MistakeGrid.write(run.root(), test, logits, classes);
      if (model.metadata().architecture().equals("linear")) {
        TemplateImages.write(run.root().resolve(RunReport.TEMPLATES), model);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write into " + run.root() + ": " + e.getMessage(), e);
    }
    return report;
  }

  /**
   * Writes {@value RunReport#AUGMENT_PREVIEW}: the first training image of each of the first
   * classes, with samples drawn as training draws them.
   *
   * @param run the run folder
   * @param train the training images
   * @param augment the per-image spec, or null
   * @param mix the mixer spec, or null
   * @param seed the run's seed
   */
  public static void augmentPreview(
      RunDirectory run, ImageSet train, String augment, String mix, long seed) {
    if ((augment == null && mix == null) || train.size() == 0) {
      return;
    }
    int per = train.imageBytes();
    List<byte[]> images = new ArrayList<>();
    List<String> names = new ArrayList<>();
    boolean[] seen = new boolean[train.classes().size()];
    for (int i = 0; i < train.size() && images.size() < PREVIEW_IMAGES; i++) {
      int label = train.label(i);
      if (label >= 0 && !seen[label]) {
        seen[label] = true;
        images.add(Arrays.copyOfRange(train.pixelsView(), i * per, (i + 1) * per));
        names.add(train.classes().get(label));
      }
    }
    if (images.isEmpty()) {
      return;
    }
    ImageShape shape = new ImageShape(train.channels(), train.height(), train.width());
    AugmentPreview preview =
        AugmentPreview.of(
            AugmentSpec.parse(augment),
            mix == null ? null : BatchMixer.parse(mix),
            images,
            names,
            shape,
            PREVIEW_SAMPLES,
            seed);
    Path target = run.root().resolve(RunReport.AUGMENT_PREVIEW);
    try {
      AtomicFiles.write(
          target,
          out ->
              ImageIO.write(
                  preview.render(ImageGrid.scaleFor(shape.height(), shape.width())), "png", out));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  /**
   * (Re)writes the run's report.html; a failure is logged as a warning, since the run itself is
   * complete.
   *
   * @param run the run folder
   */
  public static void write(RunDirectory run) {
    try {
      RunReport.write(run.root());
    } catch (IOException | RuntimeException e) {
      LOG.warn("report.html not written in {}: {}", run.root(), e.getMessage());
    }
  }
}
