package dev.whirlwind.cache.download;

import dev.whirlwind.cache.storage.StoredContent;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * A fetch in progress, as a pull-through serves it before it is whole: bytes are readable from the
 * part file up to {@link #verifiedBytes()}, a prefix whose every piece matched its known hash.
 */
public interface Fetching {
  /** Size the order announced (the tracker's record). */
  long sizeBytes();

  /** Media type the order announced, or null. */
  String contentType();

  /** Whether pieces are verified as they land; without known piece hashes nothing is forwarded. */
  boolean verifiesPieces();

  /** Bytes from the start whose pieces matched their hashes. */
  long verifiedBytes();

  /**
   * Runs {@code wake} once, on a download thread, as soon as {@link #verifiedBytes()} exceeds
   * {@code seen} or the fetch ends; at once if either already happened.
   */
  void onceProgress(long seen, Runnable wake);

  /** The file the pieces are written to; renamed into the store once published. */
  Path partFile();

  /** Completes with the published content, or fails with the reason. */
  CompletableFuture<StoredContent> result();
}
