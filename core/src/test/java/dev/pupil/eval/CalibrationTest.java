package dev.pupil.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import org.junit.jupiter.api.Test;

class CalibrationTest {
  @Test
  void perfectlyCalibratedPredictionsHaveZeroError() {
    // Bin (0.7, 0.8]: 4 at 0.75 with 3 right; bin (0.4, 0.5]: 2 at 0.5 with 1 right; 1.0: all
    // right.
    double[] conf = {0.75, 0.75, 0.75, 0.75, 0.5, 0.5, 1.0, 1.0, 1.0};
    boolean[] ok = {true, true, true, false, true, false, true, true, true};
    Calibration c = Calibration.of(conf, ok, 10);
    assertThat(c.ece()).isCloseTo(0, offset(1e-12));
    assertThat(c.mce()).isCloseTo(0, offset(1e-12));
    assertThat(c.bins()).hasSize(10);
    assertThat(c.bins().get(7).count()).isEqualTo(4);
    assertThat(c.bins().get(4).count()).isEqualTo(2);
    assertThat(c.bins().get(9).count()).isEqualTo(3);
  }

  @Test
  void eceAndMceMatchAHandComputation() {
    // 5 bins of width 0.2. Bin 4: conf 0.9, acc 0.5 (gap 0.4, 4 of 7); bin 1: 0.3 right (gap 0.7);
    // bin 2: 0.55 wrong (gap 0.55); bin 3: 0.65 right (gap 0.35). ECE = (1.6 + 0.7 + 0.55 + 0.35) /
    // 7.
    double[] conf = {0.9, 0.9, 0.9, 0.9, 0.3, 0.55, 0.65};
    boolean[] ok = {true, true, false, false, true, false, true};
    Calibration c = Calibration.of(conf, ok, 5);
    assertThat(c.ece()).isCloseTo(3.2 / 7, offset(1e-12));
    assertThat(c.mce()).isCloseTo(0.7, offset(1e-12));
    Calibration.Bin top = c.bins().get(4);
    assertThat(top.lo()).isCloseTo(0.8, offset(1e-12));
    assertThat(top.hi()).isCloseTo(1.0, offset(1e-12));
    assertThat(top.count()).isEqualTo(4);
    assertThat(top.confidence()).isCloseTo(0.9, offset(1e-12));
    assertThat(top.accuracy()).isCloseTo(0.5, offset(1e-12));
    // The empty first bin counts nothing and does not enter the MCE.
    assertThat(c.bins().get(0)).isEqualTo(new Calibration.Bin(0, 0.2, 0, 0, 0));
  }

  @Test
  void emptyBinsAndNoPredictionsAreHandled() {
    Calibration none = Calibration.of(new double[0], new boolean[0], Calibration.DEFAULT_BINS);
    assertThat(none.ece()).isZero();
    assertThat(none.mce()).isZero();
    assertThat(none.bins()).hasSize(15).allSatisfy(b -> assertThat(b.count()).isZero());
    // One confident wrong prediction: every other bin is empty, ECE = MCE = its gap.
    Calibration one = Calibration.of(new double[] {0.95}, new boolean[] {false}, 15);
    assertThat(one.ece()).isCloseTo(0.95, offset(1e-12));
    assertThat(one.mce()).isCloseTo(0.95, offset(1e-12));
    assertThat(one.bins().stream().mapToInt(Calibration.Bin::count).sum()).isEqualTo(1);
  }

  @Test
  void binsAreLeftOpenRightClosed() {
    assertThat(Calibration.bin(0.0, 10)).isZero();
    assertThat(Calibration.bin(0.1, 10)).isZero();
    assertThat(Calibration.bin(0.7, 10)).isEqualTo(6);
    assertThat(Calibration.bin(0.7000001, 10)).isEqualTo(7);
    assertThat(Calibration.bin(1.0, 10)).isEqualTo(9);
    assertThat(Calibration.bin(1.0 / 3, 3)).isZero();
  }

  @Test
  void confidenceIsTheTopSoftmaxProbabilityOfTheLogits() {
    // softmax(ln 3, 0) = (0.75, 0.25): three of four right is perfectly calibrated.
    float ln3 = (float) Math.log(3);
    float[][] logits = {{ln3, 0}, {ln3, 0}, {0, ln3}, {0, ln3}};
    Calibration c = Calibration.of(logits, new int[] {0, 0, 1, 0}, 15);
    assertThat(c.ece()).isCloseTo(0, offset(1e-6));
    Calibration.Bin b = c.bins().get(Calibration.bin(0.75, 15));
    assertThat(b.count()).isEqualTo(4);
    assertThat(b.confidence()).isCloseTo(0.75, offset(1e-6));
    assertThat(b.accuracy()).isCloseTo(0.75, offset(1e-12));
  }

  @Test
  void evalReportCarriesCalibrationWithFifteenBins() {
    float[][] logits = {{5, 0, 0}, {5, 0, 0}, {0, 5, 0}};
    EvalReport r = EvalReport.of(logits, new int[] {0, 1, 1}, List.of("a", "b", "c"));
    assertThat(r.calibration().bins()).hasSize(15);
    double p = 1 / (1 + 2 * Math.exp(-5));
    assertThat(r.calibration().ece()).isCloseTo(p - 2 / 3.0, offset(1e-6));
  }

  @Test
  void badArgumentsAreRejected() {
    assertThatThrownBy(() -> Calibration.of(new double[] {0.5}, new boolean[] {true}, 0))
        .hasMessageContaining("bins must be >= 1, got 0");
    assertThatThrownBy(() -> Calibration.of(new double[] {1.5}, new boolean[] {true}, 10))
        .hasMessageContaining("confidence[0] must be in [0, 1], got 1.5");
  }
}
