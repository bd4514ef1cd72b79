package dev.pupil.data;

/** What a folder reader does with a file that cannot be decoded or is too large. */
public enum BadImagePolicy {
  /** Stop with a {@link dev.pupil.BadInputException} naming the file (the default). */
  FAIL,
  /** Log a warning, leave the file out, and list it in {@link FolderReadResult#skipped()}. */
  SKIP
}
