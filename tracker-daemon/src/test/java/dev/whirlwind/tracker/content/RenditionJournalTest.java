package dev.whirlwind.tracker.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whirlwind.protocol.tracker.RenditionRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenditionJournalTest {
  static final String SOURCE = "a".repeat(64);
  @TempDir Path dir;

  private static RenditionRecord record(String profileHash, char rendition) {
    return new RenditionRecord(SOURCE, profileHash, String.valueOf(rendition).repeat(64), "p");
  }

  @Test
  void recordedRenditionsComeBackAndOnlyTheFirstOfAKeyIsWritten() throws Exception {
    Path file = dir.resolve("state/renditions.jsonl");
    try (RenditionJournal journal = RenditionJournal.open(file)) {
      RenditionMap map = new RenditionMap(Clock.systemUTC(), journal, id -> true, 0);
      map.record(record("p1", 'b'));
      map.record(record("p1", 'c')); // loses the compare-and-set: nothing written
      map.record(record("p2", 'd'));
    }
    assertThat(Files.readAllLines(file)).hasSize(2);
    try (RenditionJournal journal = RenditionJournal.open(file)) {
      RenditionMap map = new RenditionMap(Clock.systemUTC(), journal, id -> true, 0);
      assertThat(map.get(SOURCE, "p1")).contains(record("p1", 'b'));
      assertThat(map.get(SOURCE, "p2")).contains(record("p2", 'd'));
      assertThat(map.record(record("p1", 'e'))).isEqualTo(record("p1", 'b'));
      assertThat(map.claim(SOURCE, "p2", "t-0", 60).renditionId()).isEqualTo("d".repeat(64));
    }
  }

  @Test
  void aLineACrashCutShortIsDroppedAndTheNextRecordStartsClean() throws Exception {
    Path file = dir.resolve("renditions.jsonl");
    try (RenditionJournal journal = RenditionJournal.open(file)) {
      journal.append(record("p1", 'b'));
    }
    Files.writeString(file, "{\"sourceId\":\"" + SOURCE + "\",\"profi", StandardOpenOption.APPEND);
    try (RenditionJournal journal = RenditionJournal.open(file)) {
      assertThat(journal.loaded()).containsExactly(record("p1", 'b'));
      journal.append(record("p2", 'c'));
    }
    try (RenditionJournal journal = RenditionJournal.open(file)) {
      assertThat(journal.loaded()).containsExactly(record("p1", 'b'), record("p2", 'c'));
    }
    assertThat(Files.readString(file, StandardCharsets.UTF_8)).doesNotContain("\"profi\n");
  }
}
