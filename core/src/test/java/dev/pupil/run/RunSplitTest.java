package dev.pupil.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pupil.BadInputException;
import dev.pupil.data.ImageSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunSplitTest {
  @TempDir Path dir;

  private static ImageSet set(String... ids) {
    return ImageSet.of(
        new byte[ids.length], new int[ids.length], 1, 1, 1, List.of("a"), List.of(ids));
  }

  @Test
  void aRunFolderWritesItsSplitAndReadsItBack() throws Exception {
    Path source = Files.createDirectories(dir.resolve("images"));
    RunSplit split =
        RunSplit.ofFolder(
            source.resolve("../images"),
            "20% stratified hold-out",
            set("a/1.png", "b/2,x.png"),
            set("a/\"3\".png"),
            List.of("b/4.png"),
            set("a/5.png"));
    RunDirectory run = RunDirectory.create(dir.resolve("run"));
    assertThat(run.readSplit()).isEmpty();
    run.writeSplit(split);
    assertThat(run.splitFile()).isEqualTo(dir.resolve("run/split.json"));
    RunSplit back = run.readSplit().orElseThrow();
    assertThat(back).isEqualTo(split);
    assertThat(back.folder()).isEqualTo(source.toRealPath().toString());
    assertThat(back.dataset()).isNull();
    assertThat(back.trainedOn()).containsExactlyInAnyOrder("a/1.png", "b/2,x.png", "a/\"3\".png");
  }

  @Test
  void trainedOnUnderMapsIdsToTheFolderGiven() throws Exception {
    Path source = Files.createDirectories(dir.resolve("data/images/a"));
    Files.createDirectories(dir.resolve("other"));
    RunSplit split =
        RunSplit.ofFolder(
            dir.resolve("data/images"),
            "t",
            set("a/1.png", "b/2.png"),
            set("a/3.png"),
            List.of(),
            set());
    assertThat(split.trainedOnUnder(dir.resolve("data/images")))
        .containsExactlyInAnyOrder("a/1.png", "b/2.png", "a/3.png");
    assertThat(split.trainedOnUnder(source)).containsExactlyInAnyOrder("1.png", "3.png");
    assertThat(split.trainedOnUnder(dir.resolve("data")))
        .containsExactlyInAnyOrder("images/a/1.png", "images/b/2.png", "images/a/3.png");
    assertThat(split.trainedOnUnder(dir.resolve("other"))).isNull();
    assertThat(split.isDataset("fashion-mnist")).isFalse();
  }

  @Test
  void aDatasetSplitMatchesOnlyItsDataset() {
    RunSplit split =
        RunSplit.ofDataset(
            "fashion-mnist",
            "official test set",
            set("7", "3"),
            set("9"),
            List.of("0", "1"),
            set("0"));
    assertThat(split.isDataset("fashion-mnist")).isTrue();
    assertThat(split.isDataset("cifar10")).isFalse();
    assertThat(split.trainedOnUnder(dir)).isNull();
    assertThat(split.trainedOn()).isEqualTo(Set.of("7", "3", "9"));
    assertThat(split.unlabeled()).containsExactly("0", "1");
  }

  @Test
  void aMalformedSplitFileIsNamed() throws Exception {
    Path f = Files.writeString(dir.resolve("split.json"), "{\"dataset\": \"x\", \"labeled\": 3}");
    assertThatThrownBy(() -> RunSplit.read(f))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(f.toString())
        .hasMessageContaining("labeled");
    Path g = Files.writeString(dir.resolve("g.json"), "not json [");
    assertThatThrownBy(() -> RunSplit.read(g))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining(g.toString());
  }

  @Test
  void withoutLeavesOutIdsAndKeepsOrder() {
    ImageSet s = set("x", "y", "z");
    assertThat(s.without(Set.of("q"))).isSameAs(s);
    ImageSet rest = s.without(Set.of("y"));
    assertThat(rest.ids()).containsExactly("x", "z");
  }
}
