package dev.whirlwind.cache.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whirlwind.protocol.content.ContentId;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenFilesTest {
  @TempDir Path data;

  private static final ContentId A = new ContentId("a".repeat(64));
  private static final ContentId B = new ContentId("b".repeat(64));
  private static final ContentId C = new ContentId("c".repeat(64));

  private StoredContent put(ContentStore store, ContentId id, byte[] bytes) throws Exception {
    Path tmp = store.newTempFile();
    Files.write(tmp, bytes);
    return store.publish(
        tmp,
        new StoredContent(
            id.hex(), bytes.length, "video/mp4", "mp4", "", null, List.of(), false, 1L));
  }

  private static byte first(FileChannel ch) throws Exception {
    ByteBuffer b = ByteBuffer.allocate(1);
    ch.read(b, 0);
    return b.get(0);
  }

  @Test
  void transfersOfOneContentShareOneDescriptor() throws Exception {
    Path file = Files.write(data.resolve("a"), new byte[] {7});
    OpenFiles files = new OpenFiles(4);
    try (OpenFiles.Lease one = files.lease(A, file);
        OpenFiles.Lease two = files.lease(A, file)) {
      assertThat(two.channel()).isSameAs(one.channel());
      one.close();
      one.close(); // a transfer may end twice (finished, then the connection closes)
      assertThat(two.channel().isOpen()).isTrue();
    }
    // Unused descriptors stay open for the next transfer.
    try (OpenFiles.Lease again = files.lease(A, file)) {
      assertThat(again.channel().isOpen()).isTrue();
      assertThat(files.open()).isEqualTo(1);
    }
  }

  @Test
  void aRetiredDescriptorClosesWhenItsLastTransferEnds() throws Exception {
    Path file = Files.write(data.resolve("a"), new byte[] {7});
    OpenFiles files = new OpenFiles(4);
    OpenFiles.Lease serving = files.lease(A, file);
    files.retire(A);
    assertThat(serving.channel().isOpen()).isTrue();
    assertThat(first(serving.channel())).isEqualTo((byte) 7);
    OpenFiles.Lease next = files.lease(A, file);
    assertThat(next.channel()).isNotSameAs(serving.channel());
    serving.close();
    assertThat(serving.channel().isOpen()).isFalse();
    assertThat(next.channel().isOpen()).isTrue();
    next.close();
  }

  @Test
  void pastTheBoundTheLeastRecentlyLeasedIsClosed() throws Exception {
    OpenFiles files = new OpenFiles(2);
    FileChannel a;
    FileChannel b;
    try (OpenFiles.Lease la = files.lease(A, Files.write(data.resolve("a"), new byte[1]));
        OpenFiles.Lease lb = files.lease(B, Files.write(data.resolve("b"), new byte[1]))) {
      a = la.channel();
      b = lb.channel();
    }
    files.lease(A, data.resolve("a")).close(); // A is now the more recent
    files.lease(C, Files.write(data.resolve("c"), new byte[1])).close();
    assertThat(files.open()).isEqualTo(2);
    assertThat(b.isOpen()).isFalse();
    assertThat(a.isOpen()).isTrue();
  }

  @Test
  void theStoreRetiresOnRemoveAndOnReplaceSoNoOldBytesAreServed() throws Exception {
    ContentStore store = ContentStore.open(data);
    put(store, A, new byte[] {1});
    OpenFiles.Lease serving = store.openForReading(A);
    put(store, A, new byte[] {2}); // replaced (a repaired copy): new transfers read the new file
    try (OpenFiles.Lease fresh = store.openForReading(A)) {
      assertThat(first(fresh.channel())).isEqualTo((byte) 2);
    }
    assertThat(first(serving.channel())).isEqualTo((byte) 1);
    serving.close();
    assertThat(serving.channel().isOpen()).isFalse();

    OpenFiles.Lease last = store.openForReading(A);
    store.remove(A);
    last.close();
    // Removed: the descriptor is closed (its space freed) and nothing opens the content again.
    assertThat(last.channel().isOpen()).isFalse();
    assertThatThrownBy(() -> store.openForReading(A)).isInstanceOf(NoSuchFileException.class);
  }
}
