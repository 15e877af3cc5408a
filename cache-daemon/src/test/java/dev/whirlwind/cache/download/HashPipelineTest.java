package dev.whirlwind.cache.download;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whirlwind.protocol.content.ContentHasher;
import dev.whirlwind.protocol.content.TorrentInfo;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashPipelineTest {
  @TempDir Path dir;

  private static final int PIECE = TorrentInfo.MIN_PIECE_LENGTH;
  // Four pieces, the last one short.
  private final byte[] content = new byte[3 * PIECE + 1000];

  HashPipelineTest() {
    new Random(11).nextBytes(content);
  }

  private byte[] piece(int p) {
    return Arrays.copyOfRange(content, p * PIECE, Math.min(content.length, (p + 1) * PIECE));
  }

  private static byte[] sha1(byte[] b) throws Exception {
    return MessageDigest.getInstance("SHA-1").digest(b);
  }

  private byte[] expectedPieces() throws Exception {
    return ContentHasher.hash(new java.io.ByteArrayInputStream(content), content.length).pieces();
  }

  @Test
  void piecesArrivingOutOfOrderHashToTheContentAndTheVerifiedPrefixGrowsInOrder() throws Exception {
    InOrderHasher hasher = new InOrderHasher(content.length, expectedPieces());
    BitSet written = new BitSet();
    List<Long> verified = new ArrayList<>();
    try (FileChannel file = open()) {
      HashPipeline pipeline =
          new HashPipeline(hasher, file, PIECE, written::get, (p, m) -> {}, verified::add);
      for (int p : new int[] {2, 0, 3, 1}) {
        byte[] bytes = piece(p);
        file.write(ByteBuffer.wrap(bytes), (long) p * PIECE);
        hasher.setPieceHash(p, sha1(bytes));
        pipeline.written(p, bytes);
        written.set(p);
        pipeline.advance(false, null);
      }
      assertThat(hasher.complete()).isTrue();
      assertThat(pipeline.heldBytes()).isZero();
    }
    // Nothing while only piece 2 was there; piece 0; then 1-3 when piece 1 closed the gap.
    assertThat(verified)
        .containsExactly((long) PIECE, 2L * PIECE, 3L * PIECE, (long) content.length);
    assertThat(hasher.finish().contentId())
        .isEqualTo(
            ContentHasher.hash(new java.io.ByteArrayInputStream(content), content.length)
                .contentId());
  }

  @Test
  void piecesNotHeldAreReadBackAndABadOneIsRefusedAndRequeued() throws Exception {
    InOrderHasher hasher = new InOrderHasher(content.length, expectedPieces());
    BitSet written = new BitSet();
    List<Integer> refused = new ArrayList<>();
    ConcurrentLinkedQueue<Integer> missing = new ConcurrentLinkedQueue<>();
    try (FileChannel file = open()) {
      HashPipeline pipeline =
          new HashPipeline(
              hasher,
              file,
              PIECE,
              written::get,
              (p, m) -> {
                refused.add(p);
                written.clear(p);
                m.add(p);
              },
              v -> {});
      // Pieces 0 and 1 on disk from before a restart (not held); piece 1's bytes are wrong.
      file.write(ByteBuffer.wrap(piece(0)), 0);
      byte[] wrong = piece(1);
      wrong[7] ^= 1;
      file.write(ByteBuffer.wrap(wrong), PIECE);
      written.set(0, 2);
      pipeline.advance(true, missing);
      assertThat(refused).containsExactly(1);
      assertThat(missing).containsExactly(1);
      assertThat(hasher.next()).isEqualTo(1);
    }
  }

  private FileChannel open() throws Exception {
    return FileChannel.open(
        Files.createFile(dir.resolve("part")), StandardOpenOption.READ, StandardOpenOption.WRITE);
  }
}
