package dev.pupil.data;

import dev.pupil.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * An image folder already split into training, validation and test folders, each laid out like
 * torchvision's {@code ImageFolder}:
 *
 * <pre>
 * root/train/&lt;class&gt;/...   the training pool (required)
 * root/val/&lt;class&gt;/...     validation (or valid/, validation/; optional)
 * root/test/&lt;class&gt;/...    test (optional)
 * </pre>
 *
 * <p>{@link #detect} recognises the layout when the root's visible subfolders are exactly split
 * names (compared ignoring case) and each of them holds class subfolders. A root none of whose
 * subfolders is a split name is a plain ImageFolder ({@link Optional#empty()}). Anything in between
 * is refused, since reading it either way would silently give a wrong result: split folders beside
 * other folders (which would become classes called "train" and "test"), split folders without
 * {@code train}, two validation (or train, or test) folders, or a split folder holding images but
 * no class folders.
 *
 * @param root the folder holding the split folders
 * @param train the training folder
 * @param validation the validation folder, or null
 * @param test the test folder, or null
 */
public record SplitFolders(Path root, Path train, Path validation, Path test) {
  /** The name of the training folder. */
  public static final String TRAIN = "train";

  /** The names a validation folder may have. */
  public static final Set<String> VALIDATION = Set.of("val", "valid", "validation");

  /** The name of the test folder. */
  public static final String TEST = "test";

  /**
   * Checks the components.
   *
   * @param root the folder holding the split folders
   * @param train the training folder
   * @param validation the validation folder, or null
   * @param test the test folder, or null
   */
  public SplitFolders {
    if (root == null || train == null) {
      throw new IllegalArgumentException("root and train must be set");
    }
  }

  /**
   * Looks at a folder's subfolders to tell whether it is split into train/val/test folders.
   *
   * @param root an existing folder
   * @return the split folders, or empty when no subfolder has a split name (a plain ImageFolder)
   * @throws BadInputException naming the folder and saying how to lay it out, when it mixes split
   *     folders with other folders, lacks {@code train/}, has two validation folders, or a split
   *     folder has no class subfolders
   */
  public static Optional<SplitFolders> detect(Path root) {
    ImageFiles.requireFolder(root);
    List<Path> splits = new ArrayList<>();
    List<String> others = new ArrayList<>();
    for (Path dir : ImageFiles.subfolders(root)) {
      if (isSplitName(dir.getFileName().toString())) {
        splits.add(dir);
      } else {
        others.add(dir.getFileName().toString());
      }
    }
    if (splits.isEmpty()) {
      return Optional.empty();
    }
    if (!others.isEmpty()) {
      throw new BadInputException(
          root
              + " mixes split folders ("
              + names(splits)
              + ") with other folders ("
              + String.join(", ", others.subList(0, Math.min(3, others.size())))
              + (others.size() > 3 ? ", ..." : "")
              + "); "
              + howTo(root));
    }
    Path train = null;
    Path validation = null;
    Path test = null;
    for (Path dir : splits) {
      String name = dir.getFileName().toString().toLowerCase(Locale.ROOT);
      String kind = name.equals(TRAIN) ? TRAIN : name.equals(TEST) ? TEST : "validation";
      Path seen = kind.equals(TRAIN) ? train : kind.equals(TEST) ? test : validation;
      if (seen != null) {
        throw new BadInputException(
            root
                + " has two "
                + kind
                + " folders ("
                + seen.getFileName()
                + ", "
                + dir.getFileName()
                + "); keep one");
      }
      if (kind.equals(TRAIN)) {
        train = dir;
      } else if (kind.equals(TEST)) {
        test = dir;
      } else {
        validation = dir;
      }
    }
    if (train == null) {
      throw new BadInputException(
          root + " has " + names(splits) + " but no train folder; " + howTo(root));
    }
    for (Path dir : splits) {
      if (ImageFiles.subfolders(dir).isEmpty()) {
        throw new BadInputException(dir + " has no class subfolders; " + howTo(root));
      }
    }
    return Optional.of(new SplitFolders(root, train, validation, test));
  }

  /**
   * @param name a folder name
   * @return whether it names a split: train, val, valid, validation or test, in any case
   */
  public static boolean isSplitName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.equals(TRAIN) || n.equals(TEST) || VALIDATION.contains(n);
  }

  private static String names(List<Path> dirs) {
    return String.join(", ", dirs.stream().map(d -> d.getFileName() + "/").toList());
  }

  private static String howTo(Path root) {
    return "lay it out as "
        + root.resolve(TRAIN).resolve("<class>")
        + "/... with optional val/<class>/... and test/<class>/... beside train/, "
        + "or as "
        + root.resolve("<class>")
        + "/... without split folders";
  }
}
