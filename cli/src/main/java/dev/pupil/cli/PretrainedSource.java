package dev.pupil.cli;

import ai.djl.Device;
import dev.pupil.BadInputException;
import dev.pupil.io.Provenance;
import dev.pupil.models.ClassifierModel;
import dev.pupil.models.ModelMetadata;
import dev.pupil.models.ModelRegistry;
import dev.pupil.models.TorchScript;
import dev.pupil.transfer.DjlFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What {@code pupil transfer --from} names: a Pupil run folder or model file, a folder in DJL's
 * format ({@code NAME-0000.params}, with {@code --from-model}), or a TorchScript file (or a folder
 * holding one .pt, as DJL's model folders do). Recognized by content, not by name: a Pupil model
 * starts with {@code PUPILMDL}, a TorchScript file is a zip archive.
 *
 * @param kind what it is
 * @param file the file or folder to load
 */
record PretrainedSource(Kind kind, Path file) {
  /** The kinds of pretrained network. */
  enum Kind {
    /** A Pupil model file (model.pupil or another name). */
    PUPIL,
    /** A folder of DJL parameter files. */
    DJL,
    /** A TorchScript program. */
    TORCHSCRIPT
  }

  /**
   * @param from the path given to {@code --from}
   * @return what it is
   * @throws BadInputException naming the path when it is none of the kinds
   */
  static PretrainedSource resolve(Path from) {
    if (Files.isDirectory(from)) {
      if (Files.isRegularFile(from.resolve("model.pupil"))) {
        return new PretrainedSource(Kind.PUPIL, from.resolve("model.pupil"));
      }
      if (DjlFormat.isDjlFolder(from)) {
        return new PretrainedSource(Kind.DJL, from);
      }
      List<Path> pts = torchScriptFiles(from);
      if (pts.size() == 1) {
        return new PretrainedSource(Kind.TORCHSCRIPT, pts.get(0));
      }
      throw new BadInputException(
          from
              + (pts.isEmpty()
                  ? " holds no model.pupil, no DJL NAME-0000.params and no TorchScript .pt file"
                  : " holds several .pt files; name one with --from"));
    }
    if (!Files.isRegularFile(from)) {
      throw new BadInputException(from + " does not exist");
    }
    String head = head(from);
    if (head.startsWith("PUPILMDL")) {
      return new PretrainedSource(Kind.PUPIL, from);
    }
    if (head.startsWith("PK")) {
      return new PretrainedSource(Kind.TORCHSCRIPT, from);
    }
    throw new BadInputException(
        from + " is neither a Pupil model nor a TorchScript file (a zip made by torch.jit.save)");
  }

  /**
   * @return whether the network's input shape is known before the data is read
   */
  boolean knowsItsInput() {
    return kind == Kind.PUPIL;
  }

  /**
   * Loads a Pupil model.
   *
   * @param torchScript permission for a Pupil model whose backbone is TorchScript
   * @return the model (close it)
   */
  ClassifierModel loadPupil(TorchScript.Permission torchScript) {
    return ClassifierModel.load(file, Device.cpu(), torchScript);
  }

  /**
   * Loads a DJL folder or TorchScript file for images of the target's shape.
   *
   * @param architecture for a DJL folder: the registered architecture ({@code --from-model})
   * @param method for TorchScript: the method giving the features
   * @param target the target data's classes, shape and normalization
   * @param torchScript permission to run TorchScript
   * @return the network (close it)
   */
  ClassifierModel loadForeign(
      String architecture,
      String method,
      ModelMetadata target,
      TorchScript.Permission torchScript) {
    if (kind == Kind.DJL) {
      if (architecture == null) {
        throw new BadInputException(
            file + " is in DJL's format, which does not name its architecture; give --from-model");
      }
      ModelRegistry.get(architecture);
      ModelMetadata meta =
          new ModelMetadata(
              architecture,
              target.classes(),
              target.channels(),
              target.height(),
              target.width(),
              target.normalization(),
              Provenance.currentPupilVersion(),
              target.seed());
      return DjlFormat.load(file, meta, Device.cpu());
    }
    ModelMetadata meta =
        new ModelMetadata(
            TorchScript.ARCHITECTURE,
            target.classes(),
            target.channels(),
            target.height(),
            target.width(),
            target.normalization(),
            Provenance.currentPupilVersion(),
            target.seed());
    return TorchScript.load(file, method, meta, Device.cpu(), torchScript);
  }

  /**
   * @return a description for records
   */
  String describe() {
    String k = kind.name().toLowerCase(Locale.ROOT);
    return file.toAbsolutePath().normalize() + " (" + k + ")";
  }

  private static List<Path> torchScriptFiles(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".pt") && Files.isRegularFile(p))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new BadInputException(dir + " cannot be listed: " + e.getMessage(), e);
    }
  }

  private static String head(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return new String(in.readNBytes(8), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new BadInputException(file + " cannot be read: " + e.getMessage(), e);
    }
  }
}
