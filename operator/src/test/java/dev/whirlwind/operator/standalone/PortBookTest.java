package dev.whirlwind.operator.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortBookTest {
  @TempDir Path dir;

  @Test
  void aDaemonKeepsItsPortAcrossRunsAndNewOnesTakeTheNextFree() {
    Path file = dir.resolve("ports.json");
    PortBook first = PortBook.open(file, 7610);
    assertThat(first.port("tracker")).isEqualTo(7610);
    assertThat(first.port("cache-0")).isEqualTo(7611);
    assertThat(first.port("tracker")).isEqualTo(7610);

    PortBook second = PortBook.open(file, 7610);
    assertThat(second.port("cache-0")).isEqualTo(7611);
    assertThat(second.port("cache-1")).isEqualTo(7612);
    assertThat(second.port("tracker")).isEqualTo(7610);
  }

  @Test
  void anotherBasePortOrADamagedBookStartsAgain() throws Exception {
    Path file = dir.resolve("ports.json");
    PortBook.open(file, 7610).port("tracker");
    assertThat(PortBook.open(file, 9000).port("cache-0")).isEqualTo(9000);
    Files.writeString(file, "{not json");
    assertThat(PortBook.open(file, 7610).port("cache-0")).isEqualTo(7610);
  }
}
