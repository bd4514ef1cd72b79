package dev.pupil.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
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
    return RowFactory.create(
        id, index, label, confidence, vector == null ? null : boxed(vector), null);
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

  /**
   * Writes scored rows as Parquet, leaving out the skipped ones.
   *
   * @param df rows in the {@link #SCORED} layout
   * @param labels whether to write label and confidence (pseudo-labels) or not (embeddings)
   * @param vector the name the vector column gets, or which is left out for hard pseudo-labels
   * @param probabilities whether pseudo-labels keep their probabilities
   * @param path the output folder
   */
  static void write(
      Dataset<Row> df, boolean labels, String vector, boolean probabilities, String path) {
    List<Column> cols = new ArrayList<>();
    cols.add(functions.col("index"));
    cols.add(functions.col("id"));
    if (labels) {
      cols.add(functions.col("label"));
      cols.add(functions.col("confidence"));
    }
    if (!labels || probabilities) {
      cols.add(functions.col("vector").as(vector));
    }
    df.filter(functions.col("error").isNull())
        .select(cols.toArray(new Column[0]))
        .write()
        // Unique per row: dictionary pages would be built, then dropped for plain encoding.
        .option("parquet.enable.dictionary#index", "false")
        .option("parquet.enable.dictionary#id", "false")
        .option("parquet.enable.dictionary#confidence", "false")
        .mode("overwrite")
        .parquet(path);
  }
}
