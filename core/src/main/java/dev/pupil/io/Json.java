package dev.pupil.io;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

/** The one Gson configuration Pupil writes and reads its JSON files with (DJL's Gson). */
public final class Json {
  /** Pretty-printing, NaN-tolerant Gson for run files. */
  public static final Gson PRETTY =
      new GsonBuilder()
          .setPrettyPrinting()
          .disableHtmlEscaping()
          .serializeSpecialFloatingPointValues()
          .create();

  /**
   * Pretty-printing Gson that refuses NaN and ±Infinity and keeps nulls: what {@link #strict}
   * writes with.
   */
  private static final Gson STRICT =
      new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create();

  /** Single-line Gson, for JSON Lines files such as metrics.jsonl. */
  public static final Gson COMPACT =
      new GsonBuilder().disableHtmlEscaping().serializeSpecialFloatingPointValues().create();

  private Json() {}

  /**
   * Pretty, strict JSON (RFC 8259), for files other programs must be able to parse, such as
   * config.json: a NaN or ±Infinity anywhere in {@code value} is written as {@code null} (where NaN
   * means "not set", {@link NonFiniteAsNull} reads it back as NaN; a primitive field that was never
   * meant to be non-finite then fails to read, naming the file, rather than reading as 0). Nulls
   * that the value's adapters write, as {@link NonFiniteAsNull} does, are kept, and so are the null
   * members of a {@link JsonElement} given as the value (not those of one nested in another
   * object).
   *
   * @param value what to write
   * @return its JSON text
   */
  public static String strict(Object value) {
    // A tree is taken as it is: re-serializing it would drop its null members.
    JsonElement tree = value instanceof JsonElement e ? e : PRETTY.toJsonTree(value);
    return STRICT.toJson(finiteOrNull(tree));
  }

  private static JsonElement finiteOrNull(JsonElement e) {
    if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
      double d = e.getAsDouble();
      return Double.isFinite(d) ? e : JsonNull.INSTANCE;
    }
    if (e.isJsonArray()) {
      JsonArray out = new JsonArray();
      e.getAsJsonArray().forEach(v -> out.add(finiteOrNull(v)));
      return out;
    }
    if (e.isJsonObject()) {
      JsonObject out = new JsonObject();
      e.getAsJsonObject().entrySet().forEach(m -> out.add(m.getKey(), finiteOrNull(m.getValue())));
      return out;
    }
    return e;
  }
}
