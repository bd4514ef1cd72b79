package dev.pupil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code pupil models} with FLOPs and {@code pupil receptive-field}. */
class CliModelsTest {
  @Test
  void modelsListsEveryArchitectureWithParamsAndFlops() {
    Cli.Result r = Cli.run("models", "--input", "28x28x1");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("FLOPs", "2 x multiply-adds");
    for (String name :
        new String[] {
          "lenet5",
          "alexnet",
          "alexnet-small",
          "vgg11",
          "vgg19-bn",
          "googlenet",
          "resnet18",
          "resnet50",
          "resnet20",
          "resnet56",
          "densenet121",
          "densenet-small",
          "se-resnet18",
          "se-resnet50",
          "efficientnet-b0",
          "efficientnet-b3"
        }) {
      assertThat(r.out()).contains("  " + name + " ");
    }
    // LeNet-5 at 28×28: 61,706 parameters, 833,040 FLOPs
    assertThat(r.out()).containsPattern("lenet5 +61,706 +833\\.0k");
    assertThat(r.out())
        .containsPattern("cnn-small .*; takes --drop\n")
        .containsPattern("resnet20 .*; takes --width-multiplier --drop --drop-path\n");
    assertThat(r.out()).contains("training-only aux heads");
  }

  @Test
  void receptiveFieldOfAlexNetIs195() {
    Cli.Result r = Cli.run("receptive-field", "alexnet", "--input", "224");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("receptive field: 195 px (jump 32)");
    assertThat(r.out()).contains("conv", "max-pool", "55x55", "6x6");
  }

  @Test
  void receptiveFieldAsJson() {
    Cli.Result r = Cli.run("receptive-field", "lenet5", "--input", "28x28x1", "--json");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().strip()).startsWith("{").endsWith("}");
    assertThat(r.out()).contains("\"receptiveField\": 16", "\"jump\": 4");
  }

  @Test
  void unknownModelNameExitsTwoNamingIt() {
    Cli.Result r = Cli.run("receptive-field", "resnet9000");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains("resnet9000", "resnet50").doesNotContain("Exception");
  }

  @Test
  void malformedInputNamesTheOption() {
    Cli.Result r = Cli.run("receptive-field", "alexnet", "--input", "big");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--input", "big");
  }
}
