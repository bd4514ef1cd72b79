package dev.pupil.io;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

/** The one Gson configuration Pupil writes and reads its JSON files with (DJL's Gson). */
public final class Json {
  /** Pretty-printing, NaN-tolerant Gson for run files. */
  public static final Gson PRETTY =
      new GsonBuilder()
          .setPrettyPrinting()
          .disableHtmlEscaping()
          .serializeSpecialFloatingPointValues()
          .create();

  /** Single-line Gson, for JSON Lines files such as metrics.jsonl. */
  public static final Gson COMPACT =
      new GsonBuilder().disableHtmlEscaping().serializeSpecialFloatingPointValues().create();

  private Json() {}
}
