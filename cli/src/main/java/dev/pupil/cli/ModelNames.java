package dev.pupil.cli;

import dev.pupil.models.Architecture;
import dev.pupil.models.ModelRegistry;
import java.util.Iterator;

/** The registered architecture names, listed in {@code --help} (loaded only when help is shown). */
final class ModelNames implements Iterable<String> {
  @Override
  public Iterator<String> iterator() {
    return ModelRegistry.all().stream().map(Architecture::name).iterator();
  }
}
