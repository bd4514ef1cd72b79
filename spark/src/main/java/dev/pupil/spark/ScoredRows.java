package dev.pupil.spark;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The row layouts of the job: its input, the scored rows, and the Parquet it writes. */
final class ScoredRows {
  private ScoredRows() {}

  /** Input: id, pool index (-1 when it comes from the id order), image bytes. */
  static final StructType INPUT =
      new StructType(
          new StructField[] {
            DataTypes.createStructField("id", DataTypes.StringType, false),
            DataTypes.createStructField("index", DataTypes.LongType, false),
            DataTypes.createStructField("bytes", DataTypes.BinaryType, false)
          });

  /** A scored image, or a skipped one (label -1, the reason in {@code error}). */
  static final StructType SCORED =
      new StructType(
          new StructField[] {
            DataTypes.createStructField("id", DataTypes.StringType, false),
            DataTypes.createStructField("index", DataTypes.LongType, false),
            DataTypes.createStructField("label", DataTypes.IntegerType, false),
            DataTypes.createStructField("confidence", DataTypes.FloatType, false),
            DataTypes.createStructField(
                "vector", DataTypes.createArrayType(DataTypes.FloatType, false), true),
            DataTypes.createStructField("error", DataTypes.StringType, true)
          });

  static Row input(String id, long index, byte[] bytes) {
    return RowFactory.create(id, index, bytes);
  }

  static Row scored(String id, long index, int label, float confidence, float[] vector) {
    return RowFactory.create(id, index, label, confidence, vector == null ? null : boxed(vector),
        null);
  }

  static Row skipped(String id, long index, String error) {
    return RowFactory.create(id, index, -1, Float.NaN, null, error);
  }

  static float[] floats(Row r, int field) {
    if (r.isNullAt(field)) {
      return new float[0];
    }
    // A row as a task built it holds a Float[]; one Spark has encoded and decoded, a Seq.
    List<Float> list =
        r.get(field) instanceof Float[] boxed ? Arrays.asList(boxed) : r.getList(field);
    float[] out = new float[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = list.get(i);
    }
    return out;
  }

  private static Float[] boxed(float[] v) {
    Float[] out = new Float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i];
    }
    return out;
  }
}
