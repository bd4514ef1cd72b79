package dev.pupil.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The task slots of a master whose tasks run in this JVM. */
class SparkSessionsTest {
  @Test
  void localMastersCountTheirSlotsOtherMastersNone() {
    int cores = Runtime.getRuntime().availableProcessors();
    assertThat(SparkSessions.localSlots("local")).isEqualTo(1);
    assertThat(SparkSessions.localSlots("local[2]")).isEqualTo(2);
    assertThat(SparkSessions.localSlots("local[4,3]")).isEqualTo(4);
    assertThat(SparkSessions.localSlots("local[*]")).isEqualTo(cores);
    assertThat(SparkSessions.localSlots("local-cluster[2,1,1536]")).isZero();
    assertThat(SparkSessions.localSlots("spark://host:7077")).isZero();
    assertThat(SparkSessions.localSlots("yarn")).isZero();
    assertThat(SparkSessions.localSlots("local[x]")).isZero();
  }
}
