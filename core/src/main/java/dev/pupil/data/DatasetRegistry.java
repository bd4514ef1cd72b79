package dev.pupil.data;

import dev.pupil.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Finds and loads the {@link NamedDataset}s on this machine. A dataset {@code NAME} is looked for,
 * in order, in
 *
 * <ol>
 *   <li>{@code $PUPIL_DATA/NAME/}, when {@code PUPIL_DATA} is set;
 *   <li>the user cache {@code ${XDG_CACHE_HOME:-~/.cache}/pupil/NAME/}, where {@code pupil data
 *       fetch} puts downloads;
 *   <li>{@code /usr/share/datasets/NAME/}, where Debian's {@code dataset-fashion-mnist} package
 *       installs Fashion-MNIST.
 * </ol>
 *
 * <p>The environment and the folders are passed in, so tests never depend on the real ones; {@link
 * #system()} builds the registry of the running process.
 */
public final class DatasetRegistry {
  /** The environment variable naming a folder of datasets searched first. */
  public static final String DATA_ENV = "PUPIL_DATA";

  /** Where Debian's dataset packages install, e.g. {@code dataset-fashion-mnist}. */
  public static final Path DEBIAN_ROOT = Path.of("/usr/share/datasets");

  private final List<Path> roots;
  private final Path cacheRoot;

  /**
   * Creates a registry over explicit folders.
   *
   * @param roots folders searched in order; dataset {@code NAME} is looked for in {@code root/NAME}
   * @param cacheRoot the folder downloads go to ({@code cacheRoot/NAME}); usually also a root
   */
  public DatasetRegistry(List<Path> roots, Path cacheRoot) {
    this.roots = List.copyOf(roots);
    this.cacheRoot = Objects.requireNonNull(cacheRoot, "cacheRoot");
  }

  /**
   * The registry for an environment: {@code $PUPIL_DATA}, the user cache, then {@code systemRoot}.
   *
   * @param env environment variables (only {@code PUPIL_DATA} and {@code XDG_CACHE_HOME} are read)
   * @param userHome the user's home folder
   * @param systemRoot the system-wide dataset folder, normally {@link #DEBIAN_ROOT}
   * @return the registry
   */
  public static DatasetRegistry fromEnvironment(
      Map<String, String> env, Path userHome, Path systemRoot) {
    List<Path> roots = new ArrayList<>();
    String data = env.get(DATA_ENV);
    if (data != null && !data.isBlank()) {
      roots.add(Path.of(data));
    }
    Path cache = cacheRoot(env, userHome);
    roots.add(cache);
    roots.add(systemRoot);
    return new DatasetRegistry(roots, cache);
  }

  /**
   * @return the registry of this process: its environment, home folder and {@link #DEBIAN_ROOT}
   */
  public static DatasetRegistry system() {
    return fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")), DEBIAN_ROOT);
  }

  /**
   * The folder Pupil caches downloads in: {@code $XDG_CACHE_HOME/pupil} when that is set to an
   * absolute path (the XDG base-directory rule), else {@code ~/.cache/pupil}.
   *
   * @param env environment variables
   * @param userHome the user's home folder
   * @return the cache root
   */
  public static Path cacheRoot(Map<String, String> env, Path userHome) {
    String xdg = env.get("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()
            ? Path.of(xdg)
            : userHome.resolve(".cache");
    return base.resolve("pupil");
  }

  /**
   * @return the folders searched, in order
   */
  public List<Path> roots() {
    return roots;
  }

  /**
   * @return the folder downloads go to
   */
  public Path cacheRoot() {
    return cacheRoot;
  }

  /**
   * Finds a dataset's folder.
   *
   * @param name a dataset name
   * @return the first folder that holds all its files, or empty
   * @throws BadInputException listing the known names when the name is unknown
   */
  public Optional<Path> find(String name) {
    NamedDataset d = NamedDataset.byName(name);
    return roots.stream().map(r -> r.resolve(d.id())).filter(d::isPresentIn).findFirst();
  }

  /**
   * Finds a dataset's folder or says where it looked.
   *
   * @param name a dataset name
   * @return the first folder that holds all its files
   * @throws BadInputException when the name is unknown, or no folder holds the files (listing the
   *     folders searched and suggesting {@code pupil data fetch NAME})
   */
  public Path locate(String name) {
    return find(name)
        .orElseThrow(
            () ->
                new BadInputException(
                    "dataset '"
                        + name
                        + "' not found in "
                        + roots.stream()
                            .map(r -> r.resolve(name).toString())
                            .collect(Collectors.joining(", "))
                        + "; run `pupil data fetch "
                        + name
                        + "` to download it"));
  }

  /**
   * Locates and reads a dataset.
   *
   * @param name a dataset name
   * @return its training and test sets
   * @throws BadInputException as {@link #locate}, or naming a malformed file
   */
  public LoadedDataset load(String name) {
    return NamedDataset.byName(name).read(locate(name));
  }
}
