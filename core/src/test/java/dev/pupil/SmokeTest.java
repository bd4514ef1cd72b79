package dev.pupil;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

class SmokeTest {
  @Test
  void engineLoadsOffline() {
    try (NDManager m = NDManager.newBaseManager()) {
      assertThat(m.ones(new ai.djl.ndarray.types.Shape(2)).sum().getFloat()).isEqualTo(2f);
      System.out.println(ai.djl.engine.Engine.getInstance().getEngineName() + " " + ai.djl.engine.Engine.getInstance().getVersion());
    }
  }
}
