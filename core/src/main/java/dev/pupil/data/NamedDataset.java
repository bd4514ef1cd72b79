package dev.pupil.data;

import dev.pupil.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The datasets Pupil knows by name: where to download them, the SHA-256 of each file, their class
 * names, and how to read them from a folder.
 *
 * <ul>
 *   <li>{@code fashion-mnist}: Fashion-MNIST (Xiao, Rasul and Vollgraf 2017, arXiv:1708.07747),
 *       70,000 28×28 gray images of clothing in ten classes, as four gzip IDX files. Debian's
 *       {@code dataset-fashion-mnist} package installs the same files in {@code
 *       /usr/share/datasets/fashion-mnist/}.
 *   <li>{@code mnist}: MNIST handwritten digits (LeCun et al. 1998), the same layout, from the
 *       ossci-datasets mirror PyTorch uses.
 *   <li>{@code cifar10}: CIFAR-10 (Krizhevsky 2009, "Learning Multiple Layers of Features from Tiny
 *       Images"), 60,000 32×32 colour images in ten classes; the binary archive is downloaded and
 *       its six batch files extracted.
 * </ul>
 *
 * <p>The SHA-256 values are those of the published files: Fashion-MNIST's checked against the
 * Debian package, MNIST's and CIFAR-10's as widely recorded for the same files (CIFAR-10's archive
 * also has the MD5 {@code c32a1d4ab5d03f1284b67883e8d87530} its authors publish).
 */
public enum NamedDataset {
  /** Fashion-MNIST, Xiao et al. 2017, arXiv:1708.07747. */
  FASHION_MNIST(
      "fashion-mnist",
      "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
      Format.IDX,
      List.of(
          new RemoteFile(
              "train-images-idx3-ubyte.gz",
              "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7"),
          new RemoteFile(
              "train-labels-idx1-ubyte.gz",
              "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056"),
          new RemoteFile(
              "t10k-images-idx3-ubyte.gz",
              "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa"),
          new RemoteFile(
              "t10k-labels-idx1-ubyte.gz",
              "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05")),
      List.of(
          "T-shirt/top",
          "Trouser",
          "Pullover",
          "Dress",
          "Coat",
          "Sandal",
          "Shirt",
          "Sneaker",
          "Bag",
          "Ankle boot")),

  /** MNIST handwritten digits, LeCun et al. 1998. */
  MNIST(
      "mnist",
      "https://ossci-datasets.s3.amazonaws.com/mnist/",
      Format.IDX,
      List.of(
          new RemoteFile(
              "train-images-idx3-ubyte.gz",
              "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
          new RemoteFile(
              "train-labels-idx1-ubyte.gz",
              "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
          new RemoteFile(
              "t10k-images-idx3-ubyte.gz",
              "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
          new RemoteFile(
              "t10k-labels-idx1-ubyte.gz",
              "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6")),
      List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9")),

  /** CIFAR-10, Krizhevsky 2009. */
  CIFAR10(
      "cifar10",
      "https://www.cs.toronto.edu/~kriz/",
      Format.CIFAR10_ARCHIVE,
      List.of(
          new RemoteFile(
              "cifar-10-binary.tar.gz",
              "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd")),
      CifarReader.CIFAR10_CLASSES);

  /** How a dataset's files are laid out and read. */
  private enum Format {
    IDX,
    CIFAR10_ARCHIVE
  }

  private static final List<String> CIFAR10_TRAIN =
      List.of(
          "data_batch_1.bin",
          "data_batch_2.bin",
          "data_batch_3.bin",
          "data_batch_4.bin",
          "data_batch_5.bin");
  private static final String CIFAR10_TEST = "test_batch.bin";
  private static final String CIFAR10_SUBFOLDER = "cifar-10-batches-bin";

  private final String id;
  private final String baseUrl;
  private final Format format;
  private final List<RemoteFile> downloads;
  private final List<String> classes;

  NamedDataset(
      String id, String baseUrl, Format format, List<RemoteFile> downloads, List<String> classes) {
    this.id = id;
    this.baseUrl = baseUrl;
    this.format = format;
    this.downloads = downloads;
    this.classes = classes;
  }

  /**
   * @return the name users type, e.g. {@code fashion-mnist}
   */
  public String id() {
    return id;
  }

  /**
   * @return the URL the download file names are appended to, ending in '/'
   */
  public String baseUrl() {
    return baseUrl;
  }

  /**
   * @return the files to download, with their SHA-256
   */
  public List<RemoteFile> downloads() {
    return downloads;
  }

  /**
   * @return the class names, index = label
   */
  public List<String> classes() {
    return classes;
  }

  /**
   * @return whether the download is an archive whose members are extracted, then deleted
   */
  public boolean isArchive() {
    return format == Format.CIFAR10_ARCHIVE;
  }

  /**
   * @return for an archive, the file names extracted from it; otherwise empty
   */
  public List<String> archiveMembers() {
    if (format != Format.CIFAR10_ARCHIVE) {
      return List.of();
    }
    List<String> members = new ArrayList<>(CIFAR10_TRAIN);
    members.add(CIFAR10_TEST);
    return members;
  }

  /**
   * Finds a dataset by name.
   *
   * @param name e.g. {@code fashion-mnist}
   * @return the dataset
   * @throws BadInputException listing the known names when there is none by that name
   */
  public static NamedDataset byName(String name) {
    for (NamedDataset d : values()) {
      if (d.id.equals(name)) {
        return d;
      }
    }
    throw new BadInputException(
        "unknown dataset '" + name + "'; known: " + String.join(", ", names()));
  }

  /**
   * @return the names of all datasets, in declaration order
   */
  public static List<String> names() {
    return Arrays.stream(values()).map(NamedDataset::id).collect(Collectors.toList());
  }

  /**
   * Whether a folder holds this dataset's files (IDX files gzipped or not; CIFAR batches directly
   * in it or in its {@code cifar-10-batches-bin} subfolder).
   *
   * @param dir a folder
   * @return true when every needed file is there
   */
  public boolean isPresentIn(Path dir) {
    if (format == Format.IDX) {
      return downloads.stream().allMatch(f -> idxFile(dir, f.name()) != null);
    }
    return cifarDir(dir) != null;
  }

  /**
   * Reads the training and test sets from a folder.
   *
   * @param dir a folder for which {@link #isPresentIn} holds
   * @return the dataset
   * @throws BadInputException naming a missing or malformed file
   */
  public LoadedDataset read(Path dir) {
    if (format == Format.IDX) {
      ImageSet train = IdxReader.read(need(dir, 0), need(dir, 1), classes);
      ImageSet test = IdxReader.read(need(dir, 2), need(dir, 3), classes);
      return new LoadedDataset(id, train, test, dir);
    }
    Path d = cifarDir(dir);
    if (d == null) {
      throw new BadInputException(dir + " holds no CIFAR-10 batch files (data_batch_1.bin ...)");
    }
    List<Path> trainFiles = CIFAR10_TRAIN.stream().map(d::resolve).toList();
    ImageSet train = CifarReader.readCifar10(trainFiles);
    ImageSet test = CifarReader.readCifar10(List.of(d.resolve(CIFAR10_TEST)));
    return new LoadedDataset(id, train, test, dir);
  }

  private Path need(Path dir, int i) {
    String name = downloads.get(i).name();
    Path f = idxFile(dir, name);
    return f != null ? f : dir.resolve(name);
  }

  /** The file, or its un-gzipped twin, or null. */
  private static Path idxFile(Path dir, String gzName) {
    Path gz = dir.resolve(gzName);
    if (Files.isRegularFile(gz)) {
      return gz;
    }
    Path raw = dir.resolve(gzName.substring(0, gzName.length() - ".gz".length()));
    return Files.isRegularFile(raw) ? raw : null;
  }

  private Path cifarDir(Path dir) {
    for (Path d : List.of(dir, dir.resolve(CIFAR10_SUBFOLDER))) {
      if (archiveMembers().stream().allMatch(m -> Files.isRegularFile(d.resolve(m)))) {
        return d;
      }
    }
    return null;
  }
}
