package dev.whirlwind.cache.admin;

import dev.whirlwind.cache.storage.ContentStore;
import dev.whirlwind.cache.storage.StoredContent;
import dev.whirlwind.protocol.content.ContentHasher;
import dev.whirlwind.protocol.content.ContentId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.List;

/**
 * One content being uploaded: written to a temporary file and hashed as it arrives (on the disk
 * executor, never an event loop), published only if its SHA-256 is the id it was uploaded as.
 */
final class Upload {
  /** The bytes do not hash to the id they were uploaded under. */
  static final class HashMismatch extends IOException {
    HashMismatch(String message) {
      super(message);
    }
  }

  private final ContentStore store;
  private final ContentId expected;
  private final String contentType;
  private final String extension;
  private final Path temp;
  private final FileChannel file;
  private final ContentHasher.Streaming hasher;
  private final java.util.function.LongPredicate makeRoom;

  /** Even after eviction the content does not fit: pinned contents fill the node. */
  static final class NoRoom extends IOException {
    NoRoom(String message) {
      super(message);
    }
  }

  Upload(
      ContentStore store,
      ContentId expected,
      long length,
      String contentType,
      String extension,
      java.util.function.LongPredicate makeRoom)
      throws IOException {
    this.makeRoom = makeRoom;
    this.store = store;
    this.expected = expected;
    this.contentType = contentType;
    this.extension = extension;
    this.temp = store.newTempFile();
    this.file = FileChannel.open(temp, StandardOpenOption.WRITE);
    this.hasher = new ContentHasher.Streaming(length);
  }

  void write(ByteBuffer data) throws IOException {
    hasher.update(data.duplicate());
    while (data.hasRemaining()) {
      file.write(data);
    }
  }

  StoredContent finish() throws IOException {
    file.close();
    ContentHasher.Digest digest;
    try {
      digest = hasher.finish();
    } catch (IOException e) {
      abort();
      throw e;
    }
    if (!digest.contentId().equals(expected)) {
      abort();
      throw new HashMismatch(
          "the bytes hash to "
              + digest.contentId()
              + ", not to "
              + expected
              + "; nothing was stored");
    }
    if (!makeRoom.test(digest.length())) {
      abort();
      throw new NoRoom(
          digest.length() + " bytes do not fit even after eviction: pinned contents fill the node");
    }
    return store.publish(
        temp,
        new StoredContent(
            expected.hex(),
            digest.length(),
            contentType,
            extension,
            Base64.getEncoder().encodeToString(digest.pieces()),
            null,
            List.of(),
            false,
            System.currentTimeMillis()));
  }

  void abort() {
    try {
      file.close();
      Files.deleteIfExists(temp);
    } catch (IOException ignored) {
      // Start-up deletes leftovers under tmp/ anyway.
    }
  }
}
