package dev.whirlwind.cache.serve;

import dev.whirlwind.cache.storage.OpenFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.List;

/**
 * What a response body is sent from: a file and how the transfer gives it back when it ends, the
 * byte ranges (none for HEAD), their multipart framing, and for a file still being fetched, its
 * growth.
 */
record Body(
    FileChannel file,
    Runnable release,
    List<ByteRanges.Range> ranges,
    MultipartRanges multipart,
    ShapedTransfer.Growth growth) {

  /** A stored content, from the store's shared descriptor. */
  static Body stored(
      OpenFiles.Lease lease, List<ByteRanges.Range> ranges, MultipartRanges multipart) {
    return new Body(lease.channel(), lease::close, ranges, multipart, null);
  }

  /** A part file a pull-through is still writing; {@code file} is this answer's own, or null. */
  static Body growing(
      FileChannel file, List<ByteRanges.Range> ranges, ShapedTransfer.Growth growth) {
    Runnable release = file == null ? () -> {} : () -> closeQuietly(file);
    return new Body(file, release, ranges, null, growth);
  }

  /** The same answer without its bytes (HEAD). */
  Body withoutBytes() {
    return new Body(file, release, List.of(), null, growth);
  }

  long length() {
    return ranges.stream().mapToLong(ByteRanges.Range::length).sum();
  }

  private static void closeQuietly(FileChannel file) {
    try {
      file.close();
    } catch (IOException ignored) {
      // The descriptor is gone either way.
    }
  }
}
