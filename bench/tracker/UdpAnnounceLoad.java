import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * UDP tracker load generator (BEP 15) for bench/tracker/run.sh: keeps a fixed number of announces
 * in flight from one socket for a fixed time, over many info-hashes, and prints requests per
 * second and latency percentiles. Run as {@code java UdpAnnounceLoad.java HOST PORT SECONDS
 * IN_FLIGHT HASHES_FILE}.
 */
public final class UdpAnnounceLoad {
  static final int POPULATION = 100_000;

  public static void main(String[] args) throws Exception {
    InetSocketAddress tracker = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
    long seconds = Long.parseLong(args[2]);
    int inFlight = Integer.parseInt(args[3]);
    List<String> lines = Files.readAllLines(Path.of(args[4]));
    byte[][] hashes = lines.stream().map(l -> HexFormat.of().parseHex(l.trim())).toArray(byte[][]::new);

    try (DatagramChannel ch = DatagramChannel.open()) {
      ch.connect(tracker);
      ch.socket().setSoTimeout(2000);
      ByteBuffer out = ByteBuffer.allocate(98);
      ByteBuffer in = ByteBuffer.allocate(2048);
      // Connect (action 0) once; the id is valid for two to four minutes, longer than a run.
      out.putLong(0x41727101980L).putInt(0).putInt(1).flip();
      ch.write(out);
      in.clear();
      ch.read(in);
      in.flip();
      in.getInt();
      in.getInt();
      long connectionId = in.getLong();

      long[] sentAt = new long[1 << 20];
      long[] latencies = new long[1 << 22];
      int measured = 0;
      int tid = 0;
      long lost = 0;
      ch.configureBlocking(false);
      long start = System.nanoTime();
      long end = start + seconds * 1_000_000_000L;
      int outstanding = 0;
      long lastProgress = start;
      while (System.nanoTime() < end) {
        while (outstanding < inFlight) {
          tid++;
          // The same peer population as announce.lua: peer i announces hash i mod #hashes.
          int i = (int) ((tid * 2654435761L) & 0x7fffffff) % POPULATION;
          byte[] hash = hashes[i % hashes.length];
          out.clear();
          out.putLong(connectionId).putInt(1).putInt(tid).put(hash);
          byte[] peer = new byte[20];
          ByteBuffer.wrap(peer).putInt(i);
          out.put(peer).putLong(0).putLong(i % 4 == 0 ? 0 : 1_000_000).putLong(0);
          out.putInt(0).putInt(0).putInt(i).putInt(50).putShort((short) (1024 + i % 60000));
          out.flip();
          ch.write(out);
          sentAt[tid & (sentAt.length - 1)] = System.nanoTime();
          outstanding++;
        }
        in.clear();
        if (ch.read(in) > 0) {
          in.flip();
          int action = in.getInt();
          int replyTid = in.getInt();
          if (action == 1 && measured < latencies.length) {
            latencies[measured++] = System.nanoTime() - sentAt[replyTid & (sentAt.length - 1)];
          }
          outstanding--;
          lastProgress = System.nanoTime();
        } else if (System.nanoTime() - lastProgress > 1_000_000_000L) {
          // Replies lost (UDP): refill the window instead of stalling.
          lost += outstanding;
          outstanding = 0;
          lastProgress = System.nanoTime();
        }
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      long[] sorted = Arrays.copyOf(latencies, measured);
      Arrays.sort(sorted);
      System.out.printf(
          "udp requests/s %.0f  p50 %.3f ms  p99 %.3f ms  replies %d  lost %d%n",
          measured / elapsed,
          sorted.length == 0 ? 0 : sorted[sorted.length / 2] / 1e6,
          sorted.length == 0 ? 0 : sorted[(int) (sorted.length * 0.99)] / 1e6,
          measured,
          lost);
    }
  }
}
