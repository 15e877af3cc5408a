package dev.whirlwind.protocol.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TorrentInfoTest {
  /** Byte i of the golden content is (31 i + 7) mod 251. */
  static byte[] goldenContent(int length) {
    byte[] data = new byte[length];
    for (int i = 0; i < length; i++) {
      data[i] = (byte) ((i * 31L + 7) % 251);
    }
    return data;
  }

  /**
   * The golden vector: 1,000,003 bytes named {@code <contentId>.mp4}, hashed independently by
   * mktorrent (-l 18) and read back by libtorrent 2.0.8, which reported this info-hash.
   */
  @Test
  void goldenVectorMatchesMktorrentAndLibtorrent() throws Exception {
    byte[] content = goldenContent(1_000_003);
    ContentHasher.Digest d = ContentHasher.hash(new ByteArrayInputStream(content), content.length);
    assertThat(d.contentId().hex())
        .isEqualTo("a79aaccf39831e39ad9382f03c515510dcde695830c65a91620160cbe434b410");
    TorrentInfo info = d.torrentInfo("mp4");
    assertThat(info.pieceLength()).isEqualTo(262_144);
    assertThat(info.infoHash().hex()).isEqualTo("3e7c6394a379018a2a571db19150f8d50f672ff4");
    assertThat(info.dictionary()).containsOnlyKeys("length", "name", "piece length", "pieces");
  }

  @ParameterizedTest
  @CsvSource({
    "0, 262144",
    "1, 262144",
    "536870912, 262144", // 512 MiB: 2048 pieces of 256 KiB
    "536870913, 524288",
    "629145600, 524288", // 600 MiB
    "1073741824, 524288", // 1 GiB
    "8589934592, 4194304", // 8 GiB
    "17179869184, 4194304" // 16 GiB: capped at 4 MiB
  })
  void pieceLengthFollowsTheRule(long length, int expected) {
    assertThat(TorrentInfo.pieceLength(length)).isEqualTo(expected);
  }

  @Test
  void hashingAFileAndAStreamAgree(@TempDir Path dir) throws Exception {
    byte[] content = goldenContent(700_000);
    Path file = dir.resolve("f");
    Files.write(file, content);
    ContentHasher.Digest fromFile = ContentHasher.hash(file);
    ContentHasher.Digest fromStream =
        ContentHasher.hash(new ByteArrayInputStream(content), content.length);
    assertThat(fromFile.contentId()).isEqualTo(fromStream.contentId());
    assertThat(fromFile.pieces()).isEqualTo(fromStream.pieces()).hasSize(3 * 20);
  }

  @Test
  void aStreamOfTheWrongLengthIsAnError() {
    byte[] content = goldenContent(1000);
    assertThatThrownBy(() -> ContentHasher.hash(new ByteArrayInputStream(content), 999))
        .hasMessageContaining("longer");
    assertThatThrownBy(() -> ContentHasher.hash(new ByteArrayInputStream(content), 1001))
        .hasMessageContaining("ended after 1000");
  }

  @Test
  void infoRejectsPiecesThatDoNotFitTheLength() {
    ContentId id = new ContentId("a".repeat(64));
    assertThatThrownBy(() -> new TorrentInfo(id, "mp4", 300_000, new byte[20]))
        .hasMessageContaining("40 bytes");
    assertThatThrownBy(() -> new ContentId("A".repeat(64))).hasMessageContaining("lowercase");
  }

  @Test
  void streamingHashingInOddChunksMatchesOnePass() throws Exception {
    byte[] content = goldenContent(1_000_003);
    ContentHasher.Streaming streaming = new ContentHasher.Streaming(content.length);
    java.util.Random random = new java.util.Random(9);
    int at = 0;
    while (at < content.length) {
      int n = Math.min(content.length - at, 1 + random.nextInt(300_000));
      streaming.update(java.nio.ByteBuffer.wrap(content, at, n));
      at += n;
    }
    ContentHasher.Digest d = streaming.finish();
    assertThat(d.torrentInfo("mp4").infoHash().hex())
        .isEqualTo("3e7c6394a379018a2a571db19150f8d50f672ff4");
    ContentHasher.Streaming tooMuch = new ContentHasher.Streaming(3);
    assertThatThrownBy(() -> tooMuch.update(java.nio.ByteBuffer.wrap(new byte[4])))
        .hasMessageContaining("longer");
    ContentHasher.Streaming tooLittle = new ContentHasher.Streaming(3);
    tooLittle.update(java.nio.ByteBuffer.wrap(new byte[2]));
    assertThatThrownBy(tooLittle::finish).hasMessageContaining("after 2 of 3");
  }
}
