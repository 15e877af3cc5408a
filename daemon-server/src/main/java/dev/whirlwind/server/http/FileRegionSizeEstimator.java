package dev.whirlwind.server.http;

import io.netty.channel.DefaultMessageSizeEstimator;
import io.netty.channel.FileRegion;
import io.netty.channel.MessageSizeEstimator;

/**
 * Netty's default estimator counts a {@link FileRegion} as 0 bytes, so zero-copy slices queued for
 * a client that reads nothing never make its channel unwritable and a sender never stops. This one
 * counts a region's untransferred bytes, so the write-buffer watermarks hold for files as for
 * buffers.
 */
public final class FileRegionSizeEstimator implements MessageSizeEstimator {
  public static final FileRegionSizeEstimator INSTANCE = new FileRegionSizeEstimator();

  private static final Handle DEFAULT = DefaultMessageSizeEstimator.DEFAULT.newHandle();

  private static final Handle HANDLE =
      msg -> {
        if (msg instanceof FileRegion r) {
          return (int) Math.min(Integer.MAX_VALUE, Math.max(0, r.count() - r.transferred()));
        }
        return DEFAULT.size(msg);
      };

  private FileRegionSizeEstimator() {}

  @Override
  public Handle newHandle() {
    return HANDLE;
  }
}
