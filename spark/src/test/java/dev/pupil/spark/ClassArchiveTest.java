package dev.pupil.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's class-archive job runs every path it means to load classes for. */
class ClassArchiveTest {
  @TempDir Path dir;

  @Test
  void runsThePoolInMemoryTheFolderWithABrokenFileAndTheEmbedding() throws Exception {
    ClassArchive.run(dir);
    assertThat(dir.resolve("memory/pseudo-labels.csv")).isNotEmptyFile();
    assertThat(dir.resolve("memory/predictions.parquet")).isDirectory();
    JsonObject folder =
        JsonParser.parseString(Files.readString(dir.resolve("folder/summary.json")))
            .getAsJsonObject();
    assertThat(folder.get("images").getAsInt()).isEqualTo(64);
    assertThat(folder.get("skipped").getAsInt()).isEqualTo(1);
    assertThat(dir.resolve("embed/embeddings.parquet")).isDirectory();
  }
}
