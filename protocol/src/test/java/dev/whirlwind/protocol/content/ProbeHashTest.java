package dev.whirlwind.protocol.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbeHashTest {
  @Test
  void fileAndFetchedRangesGiveTheSameProbe(@TempDir Path dir) throws Exception {
    byte[] content = TorrentInfoTest.goldenContent(5 * ProbeHash.CHUNK + 12345);
    Path file = dir.resolve("v");
    Files.write(file, content);
    long[][] ranges = ProbeHash.ranges(content.length);
    assertThat(ranges[1][0]).isEqualTo((content.length - ProbeHash.CHUNK) / 2);
    byte[][] chunks = new byte[3][];
    for (int i = 0; i < 3; i++) {
      chunks[i] =
          Arrays.copyOfRange(content, (int) ranges[i][0], (int) (ranges[i][0] + ranges[i][1]));
    }
    assertThat(ProbeHash.of(file)).isEqualTo(ProbeHash.of(content.length, chunks));
  }

  @Test
  void aChangeOutsideTheProbedChunksIsNotSeenButOneInsideIs(@TempDir Path dir) throws Exception {
    byte[] content = TorrentInfoTest.goldenContent(8 * ProbeHash.CHUNK);
    Path a = dir.resolve("a");
    Files.write(a, content);
    byte[] outside = content.clone();
    outside[2 * ProbeHash.CHUNK] ^= 1; // between the first and the middle chunk
    Path b = dir.resolve("b");
    Files.write(b, outside);
    byte[] inside = content.clone();
    inside[content.length - 1] ^= 1; // in the last chunk
    Path c = dir.resolve("c");
    Files.write(c, inside);
    assertThat(ProbeHash.of(b)).isEqualTo(ProbeHash.of(a));
    assertThat(ProbeHash.of(c)).isNotEqualTo(ProbeHash.of(a));
  }

  @Test
  void smallContentsAreHashedWholeAndSizeMatters(@TempDir Path dir) throws Exception {
    byte[] content = TorrentInfoTest.goldenContent(3 * ProbeHash.CHUNK - 1);
    assertThat(ProbeHash.ranges(content.length)).hasDimensions(1, 2);
    Path f = dir.resolve("s");
    Files.write(f, content);
    Path g = dir.resolve("t");
    Files.write(g, Arrays.copyOf(content, content.length - 1));
    assertThat(ProbeHash.of(f)).isNotEqualTo(ProbeHash.of(g)).hasSize(64);
  }
}
