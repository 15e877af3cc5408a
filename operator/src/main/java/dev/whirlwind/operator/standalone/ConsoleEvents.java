package dev.whirlwind.operator.standalone;

import dev.whirlwind.operator.kube.EventRecorder;
import io.fabric8.kubernetes.api.model.HasMetadata;

/** The Events the operator would record, as lines on the console. */
final class ConsoleEvents implements EventRecorder {
  private final Console console;

  ConsoleEvents(Console console) {
    this.console = console;
  }

  @Override
  public void record(HasMetadata about, Type type, String reason, String message) {
    String line =
        about.getKind()
            + " "
            + about.getMetadata().getNamespace()
            + "/"
            + about.getMetadata().getName()
            + ": "
            + reason
            + ": "
            + message;
    if (type == Type.Warning) {
      console.warn(line);
    } else {
      console.say(line);
    }
  }
}
