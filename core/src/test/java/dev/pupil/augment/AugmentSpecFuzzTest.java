package dev.pupil.augment;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pupil.BadInputException;
import java.nio.charset.StandardCharsets;

/**
 * Jazzer fuzz tests of the spec-string parsers ({@code --augment}, {@code --mix}): any string
 * either parses, and its canonical spec parses again to the same spec, or is refused with a {@link
 * BadInputException}; anything else is a finding.
 */
class AugmentSpecFuzzTest {
  @FuzzTest(maxDuration = "10m")
  void augmentSpec(byte[] data) {
    String spec = new String(data, StandardCharsets.UTF_8);
    AugmentPipeline p;
    try {
      p = AugmentSpec.parse(spec);
    } catch (BadInputException expected) {
      return;
    }
    String again = AugmentSpec.parse(p.spec()).spec();
    if (!again.equals(p.spec())) {
      throw new IllegalStateException("'" + p.spec() + "' reparses as '" + again + "'");
    }
  }

  @FuzzTest(maxDuration = "10m")
  void mixSpec(byte[] data) {
    String spec = new String(data, StandardCharsets.UTF_8);
    try {
      BatchMixer m = BatchMixer.parse(spec);
      if (m != null) {
        BatchMixer.parse(m.spec());
      }
    } catch (BadInputException expected) {
      // refused with a message
    }
  }
}
