package dev.whirlwind.protocol.http;

import java.io.IOException;

/**
 * A daemon answered with a non-2xx status. The daemons' error bodies are {@code {"error",
 * "detail"}}; both are kept so a caller can act on the machine-readable part and show the rest.
 */
public class DaemonException extends IOException {
  private final int status;
  private final String error;
  private final String detail;

  public DaemonException(String what, int status, String error, String detail) {
    super(what + ": HTTP " + status + (error == null ? "" : " " + error) + ": " + detail);
    this.status = status;
    this.error = error;
    this.detail = detail;
  }

  public int status() {
    return status;
  }

  /** The machine-readable error, or null when the body was not the usual JSON. */
  public String error() {
    return error;
  }

  /** What went wrong, in words (the body itself when it was not JSON). */
  public String detail() {
    return detail;
  }
}
