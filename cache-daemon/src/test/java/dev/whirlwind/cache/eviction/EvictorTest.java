package dev.whirlwind.cache.eviction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whirlwind.cache.storage.ContentStore;
import dev.whirlwind.cache.storage.StoredContent;
import dev.whirlwind.protocol.content.ContentId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvictorTest {
  @TempDir Path data;
  private final List<ContentId> evicted = new ArrayList<>();

  private ContentId put(ContentStore store, char c, int size, boolean pinned, long storedAt)
      throws Exception {
    String id = String.valueOf(c).repeat(64);
    Path tmp = store.newTempFile();
    Files.write(tmp, new byte[size]);
    store.publish(
        tmp,
        new StoredContent(id, size, "video/mp4", "mp4", "", null, List.of(), pinned, storedAt));
    return new ContentId(id);
  }

  private Evictor evictor(ContentStore store, String policy) {
    // Capacity 1000 bytes, evict above 90 %, down to 70 %.
    return new Evictor(
        store,
        EvictionPolicy.named(policy),
        1000,
        90,
        70,
        Clock.fixed(Instant.EPOCH, ZoneOffset.UTC),
        evicted::add);
  }

  @Test
  void lfuEvictsTheLeastRequestedAndNeverAPinnedContent() throws Exception {
    ContentStore store = ContentStore.open(data);
    ContentId popular = put(store, 'a', 300, false, 1);
    ContentId rare = put(store, 'b', 300, false, 2);
    ContentId pinned = put(store, 'c', 300, true, 3);
    Evictor e = evictor(store, "lfu");
    for (int i = 0; i < 5; i++) {
      e.hit(popular);
    }
    e.hit(pinned);
    // 900 used + 100 incoming passes 90 %: down to 70 % with room for them, i.e. 600 bytes.
    assertThat(e.makeRoom(100)).isTrue();
    assertThat(evicted).containsExactly(rare);
    assertThat(store.get(popular)).isPresent();
    assertThat(store.get(pinned)).isPresent();
  }

  @Test
  void nothingIsEvictedBelowTheHighWatermark() throws Exception {
    ContentStore store = ContentStore.open(data);
    put(store, 'a', 400, false, 1);
    assertThat(evictor(store, "lfu").makeRoom(400)).isTrue();
    assertThat(evicted).isEmpty();
  }

  @Test
  void fifoEvictsTheOldestAndPinsCanMakeRoomImpossible() throws Exception {
    ContentStore store = ContentStore.open(data);
    ContentId old = put(store, 'a', 300, false, 1);
    put(store, 'b', 300, false, 2);
    put(store, 'c', 300, true, 3);
    Evictor e = evictor(store, "fifo");
    assertThat(e.makeRoom(100)).isTrue();
    assertThat(evicted.get(0)).isEqualTo(old);
    assertThat(e.makeRoom(900)).as("the pinned 300 bytes stay").isFalse();
  }

  @Test
  void unknownPoliciesAreRefused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> EvictionPolicy.named("random"))
        .hasMessageContaining("random");
  }
}
