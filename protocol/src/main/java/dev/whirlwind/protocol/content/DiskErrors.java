package dev.whirlwind.protocol.content;

import java.io.IOException;

/** Tells a full disk from other I/O failures, so that callers can answer 507 and clean up. */
public final class DiskErrors {
  private DiskErrors() {}

  /** True when {@code e}, or a cause of it, is ENOSPC or EDQUOT. */
  public static boolean isNoSpace(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String m = t.getMessage();
      if (t instanceof IOException
          && m != null
          && (m.contains("No space left on device") || m.contains("Disk quota exceeded"))) {
        return true;
      }
    }
    return false;
  }
}
