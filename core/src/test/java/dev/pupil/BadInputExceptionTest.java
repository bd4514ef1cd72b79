package dev.pupil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BadInputExceptionTest {
  @Test
  void aFieldErrorCarriesTheFieldAndTheProblem() {
    BadInputException e = BadInputException.forField("epochs", "must be in [1, 100000], got 0");
    assertThat(e.field()).isEqualTo("epochs");
    assertThat(e.problem()).isEqualTo("must be in [1, 100000], got 0");
    assertThat(e).hasMessage("epochs must be in [1, 100000], got 0").hasNoCause();
  }

  @Test
  void anOrdinaryErrorHasNoField() {
    IllegalStateException cause = new IllegalStateException("disk");
    BadInputException e = new BadInputException("data/ cannot be read", cause);
    assertThat(e.field()).isNull();
    assertThat(e.problem()).isNull();
    assertThat(e).hasMessage("data/ cannot be read").hasCause(cause);
    assertThat(new BadInputException("x").field()).isNull();
  }

  @Test
  void aFieldErrorNeedsAFieldAndAProblem() {
    assertThatThrownBy(() -> BadInputException.forField(null, "is bad"))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> BadInputException.forField("lr", null))
        .isInstanceOf(NullPointerException.class);
  }
}
