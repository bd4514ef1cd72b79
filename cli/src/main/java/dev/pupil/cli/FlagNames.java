package dev.pupil.cli;

import dev.pupil.BadInputException;
import dev.pupil.models.ModelOptions;
import java.util.Map;

/**
 * The command-line flag of each setting that core names by its field, as config.json spells it: in
 * errors ({@link BadInputException#forField}) and in the texts that take a naming function. A flag
 * is the field in kebab case ({@code batchSize} is {@code --batch-size}) unless {@link #DIFFERENT}
 * says otherwise.
 */
final class FlagNames {
  /** The fields whose flag is not their kebab-case name. */
  static final Map<String, String> DIFFERENT =
      Map.of(
          "earlyStopPatience", "--early-stop",
          "dropout", "--drop",
          "stochasticDepth", "--drop-path",
          "allowTorchScript", "--allow-torchscript",
          "freezeBatchNorm", "--freeze-bn",
          "testFolder", "--test-data",
          "students", "--models");

  private FlagNames() {}

  /**
   * @param field a setting's field name, e.g. {@code batchSize}
   * @return its flag, e.g. {@code --batch-size}
   */
  static String flag(String field) {
    String flag = DIFFERENT.get(field);
    if (flag != null) {
      return flag;
    }
    StringBuilder b = new StringBuilder("--");
    for (char c : field.toCharArray()) {
      if (Character.isUpperCase(c)) {
        b.append('-').append(Character.toLowerCase(c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * @param option a model option
   * @return its field and flag, e.g. {@code stochasticDepth (--drop-path)}
   */
  static String described(ModelOptions.Option option) {
    return option.field() + " (" + flag(option.field()) + ")";
  }

  /**
   * @param e a bad-input error
   * @return its message, naming the setting by its flag when the error is about one
   */
  static String message(BadInputException e) {
    return e.field() == null ? e.getMessage() : flag(e.field()) + " " + e.problem();
  }
}
