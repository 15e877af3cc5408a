package dev.whirlwind.operator.transcoder;

/** How a profile's transcoder pods run: on GPU nodes with GPUs requested, or on the CPU. */
public enum TranscoderMode {
  GPU,
  CPU;

  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
