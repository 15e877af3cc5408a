package dev.whirlwind.cache.download;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntPredicate;
import java.util.function.LongConsumer;

/**
 * A download's SHA-256 over the contiguous prefix of written pieces, advanced while pieces arrive
 * instead of reading the file again at the end. Pieces written but not yet hashed are held in
 * memory while there is room (at most {@link #MAX_HELD_BYTES}), else read back from the part file.
 * Workers advance it after each piece without waiting (whoever holds the lock does the work, and
 * the check after unlocking catches a piece that landed meanwhile); the download's runner waits.
 */
final class HashPipeline {
  static final long MAX_HELD_BYTES = 64L << 20;

  /** What a piece that fails its known hash does to the download. */
  interface Refusal {
    /** Clears the piece, penalises its source, and queues it on {@code missing} when given. */
    void refuse(int piece, ConcurrentLinkedQueue<Integer> missing);
  }

  private final InOrderHasher hasher;
  private final FileChannel file;
  private final IntPredicate written;
  private final Refusal refusal;
  private final LongConsumer verified;
  private final ReentrantLock lock = new ReentrantLock();
  private final ByteBuffer readBack;
  private final ConcurrentHashMap<Integer, byte[]> held = new ConcurrentHashMap<>();
  private final AtomicLong heldBytes = new AtomicLong();

  /**
   * @param written whether a piece is on disk
   * @param verified told the verified prefix's length whenever it grows (pieces with known hashes)
   */
  HashPipeline(
      InOrderHasher hasher,
      FileChannel file,
      int pieceLength,
      IntPredicate written,
      Refusal refusal,
      LongConsumer verified) {
    this.hasher = hasher;
    this.file = file;
    this.written = written;
    this.refusal = refusal;
    this.verified = verified;
    this.readBack = ByteBuffer.allocateDirect(pieceLength);
  }

  /** A piece just written: keeps its bytes for the hash while there is room. */
  void written(int piece, byte[] bytes) {
    if (hasher.complete()) {
      return; // a culprit search rewrites pieces after the hash is done
    }
    if (heldBytes.addAndGet(bytes.length) <= MAX_HELD_BYTES) {
      held.put(piece, bytes);
    } else {
      heldBytes.addAndGet(-bytes.length);
    }
  }

  /**
   * Hashes every piece that extends the hashed prefix; {@code wait} for the lock or return when
   * another thread holds it. A piece that fails its known hash goes to the refusal.
   */
  void advance(boolean wait, ConcurrentLinkedQueue<Integer> missing) throws IOException {
    do {
      if (wait) {
        lock.lock();
      } else if (!lock.tryLock()) {
        return;
      }
      try {
        while (!hasher.complete() && written.test(hasher.next())) {
          int p = hasher.next();
          if (!hasher.offer(bytesOf(p))) {
            refusal.refuse(p, missing);
            break;
          }
          if (hasher.verifiesPieces()) {
            verified.accept(hasher.hashedBytes());
          }
        }
      } finally {
        lock.unlock();
      }
    } while (!wait && !hasher.complete() && written.test(hasher.next()));
  }

  /** Pieces held in memory now. */
  long heldBytes() {
    return heldBytes.get();
  }

  private ByteBuffer bytesOf(int piece) throws IOException {
    byte[] bytes = held.remove(piece);
    if (bytes != null) {
      heldBytes.addAndGet(-bytes.length);
      return ByteBuffer.wrap(bytes);
    }
    readBack.clear().limit(hasher.pieceSize(piece));
    long at = hasher.pieceOffset(piece);
    while (readBack.hasRemaining()) {
      if (file.read(readBack, at + readBack.position()) < 0) {
        throw new IOException("the part file ends inside piece " + piece);
      }
    }
    return readBack.flip();
  }
}
