package dev.pupil.io;

import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;

/**
 * A number field whose NaN means "not set": written as JSON {@code null} (strict JSON has no NaN or
 * Infinity), also by a Gson that leaves other nulls out, and {@code null} read back as NaN. Files
 * written before, with a bare {@code NaN} token, still read (Pupil's Gson reads leniently). Put it
 * on a field or record component with {@code @JsonAdapter(value = NonFiniteAsNull.class, nullSafe =
 * false)}.
 */
public final class NonFiniteAsNull extends TypeAdapter<Double> {
  /** Made by Gson for {@code @JsonAdapter}. */
  public NonFiniteAsNull() {}

  @Override
  public void write(JsonWriter out, Double value) throws IOException {
    if (value == null || !Double.isFinite(value)) {
      // Written even where the writer leaves nulls out: a missing primitive would read as 0.
      boolean serializeNulls = out.getSerializeNulls();
      out.setSerializeNulls(true);
      out.nullValue();
      out.setSerializeNulls(serializeNulls);
    } else {
      out.value(value.doubleValue());
    }
  }

  @Override
  public Double read(JsonReader in) throws IOException {
    if (in.peek() == JsonToken.NULL) {
      in.nextNull();
      return Double.NaN;
    }
    return in.nextDouble();
  }
}
