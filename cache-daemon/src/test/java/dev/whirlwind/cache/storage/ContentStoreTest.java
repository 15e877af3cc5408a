package dev.whirlwind.cache.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.whirlwind.protocol.content.ContentId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentStoreTest {
  @TempDir Path data;

  static StoredContent meta(String id, long size) {
    return new StoredContent(id, size, "video/mp4", "mp4", "", null, List.of(), false, 1L);
  }

  private StoredContent put(ContentStore store, String id, byte[] bytes) throws Exception {
    Path tmp = store.newTempFile();
    Files.write(tmp, bytes);
    return store.publish(tmp, meta(id, bytes.length));
  }

  @Test
  void publishedContentsSurviveARestart() throws Exception {
    ContentStore store = ContentStore.open(data);
    put(store, "a".repeat(64), new byte[] {1, 2, 3});
    ContentStore reopened = ContentStore.open(data);
    assertThat(reopened.get(new ContentId("a".repeat(64)))).isPresent();
    assertThat(Files.readAllBytes(reopened.path(new ContentId("a".repeat(64)))))
        .containsExactly(1, 2, 3);
    assertThat(reopened.usedBytes()).isEqualTo(3);
  }

  @Test
  void whateverACrashLeavesBehindIsDeletedAndNeverServed() throws Exception {
    ContentStore store = ContentStore.open(data);
    put(store, "a".repeat(64), new byte[10]);
    Path contents = data.resolve("contents");
    // A download that was being written.
    Files.write(data.resolve("tmp/123.part"), new byte[5]);
    // A content renamed into place whose record was never written.
    Files.write(contents.resolve("b".repeat(64)), new byte[5]);
    // A record whose file is short (torn before the crash).
    Files.write(contents.resolve("c".repeat(64)), new byte[3]);
    Files.writeString(
        contents.resolve("c".repeat(64) + ".json"),
        "{\"contentId\":\"" + "c".repeat(64) + "\",\"sizeBytes\":9}");
    // A stray file that is not a content at all.
    Files.write(contents.resolve("../contents/notes.txt"), new byte[1]);

    ContentStore reopened = ContentStore.open(data);
    assertThat(reopened.all()).extracting(StoredContent::contentId).containsExactly("a".repeat(64));
    try (var files = Files.list(contents)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("a".repeat(64), "a".repeat(64) + ".json");
    }
    try (var tmp = Files.list(data.resolve("tmp"))) {
      assertThat(tmp).isEmpty();
    }
  }

  @Test
  void aFileOfTheWrongSizeIsNotPublished() throws Exception {
    ContentStore store = ContentStore.open(data);
    Path tmp = store.newTempFile();
    Files.write(tmp, new byte[4]);
    assertThatThrownBy(() -> store.publish(tmp, meta("d".repeat(64), 5)))
        .hasMessageContaining("expected 5");
    assertThat(store.get(new ContentId("d".repeat(64)))).isEmpty();
  }

  @Test
  void removalTakesTheRecordAndTheFile() throws Exception {
    ContentStore store = ContentStore.open(data);
    put(store, "e".repeat(64), new byte[2]);
    assertThat(store.remove(new ContentId("e".repeat(64)))).isTrue();
    assertThat(ContentStore.open(data).all()).isEmpty();
  }
}
