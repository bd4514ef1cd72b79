package dev.pupil.cli;

import dev.pupil.models.TorchScript;
import picocli.CommandLine.Option;

/**
 * {@code --allow-torchscript}: the explicit opt-in that commands need before they load a
 * TorchScript program (a .pt file, or a Pupil model fine-tuned from one), because loading it runs
 * the code inside the file.
 */
public final class TorchScriptOption {
  @Option(
      names = "--allow-torchscript",
      description = {
        "Allow loading TorchScript (a .pt file exported from PyTorch, or a Pupil model "
            + "fine-tuned from one). Loading TorchScript RUNS CODE FROM THE FILE: use it only "
            + "for files you trust."
      })
  boolean allow;

  /**
   * @return the permission to pass to the loaders
   */
  TorchScript.Permission permission() {
    return allow ? TorchScript.Permission.ALLOW : TorchScript.Permission.DENY;
  }
}
