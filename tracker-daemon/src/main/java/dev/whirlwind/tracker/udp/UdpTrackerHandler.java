package dev.whirlwind.tracker.udp;

import dev.whirlwind.protocol.content.InfoHash;
import dev.whirlwind.tracker.TrackerMetrics;
import dev.whirlwind.tracker.announce.AnnounceRejected;
import dev.whirlwind.tracker.swarm.Announce;
import dev.whirlwind.tracker.swarm.AnnounceEvent;
import dev.whirlwind.tracker.swarm.PeerAddress;
import dev.whirlwind.tracker.swarm.SwarmCounts;
import dev.whirlwind.tracker.swarm.SwarmRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP tracker (BEP 15). Packets too short to carry a transaction id are dropped; a connect
 * without the protocol magic is dropped; an announce or scrape without a valid connection id is
 * dropped, not answered, so a spoofed source never gets more bytes than it sent. Errors go only to
 * connected clients. Peers follow the socket's address family.
 */
@ChannelHandler.Sharable
public final class UdpTrackerHandler extends SimpleChannelInboundHandler<DatagramPacket> {
  static final long PROTOCOL_ID = 0x41727101980L;
  static final int CONNECT = 0;
  static final int ANNOUNCE = 1;
  static final int SCRAPE = 2;
  static final int ERROR = 3;
  static final int ANNOUNCE_LENGTH = 98;

  /** Keeps a scrape reply within one packet of a common MTU. */
  static final int MAX_SCRAPE_HASHES = 74;

  private static final Logger LOG = LoggerFactory.getLogger(UdpTrackerHandler.class);

  private final SwarmRegistry swarms;
  private final ConnectionIds connectionIds;
  private final TrackerMetrics metrics;
  private final int intervalSeconds;
  private final int defaultNumwant;
  private final int maxNumwant;

  public UdpTrackerHandler(
      SwarmRegistry swarms,
      ConnectionIds connectionIds,
      TrackerMetrics metrics,
      int intervalSeconds,
      int defaultNumwant,
      int maxNumwant) {
    this.swarms = swarms;
    this.connectionIds = connectionIds;
    this.metrics = metrics;
    this.intervalSeconds = intervalSeconds;
    this.defaultNumwant = defaultNumwant;
    this.maxNumwant = maxNumwant;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
    ByteBuf in = packet.content();
    InetSocketAddress sender = packet.sender();
    int length = in.readableBytes();
    if (length < 16) {
      metrics.udpDropped("short");
      return;
    }
    long connectionId = in.readLong();
    int action = in.readInt();
    int transactionId = in.readInt();
    if (action == CONNECT) {
      if (connectionId != PROTOCOL_ID) {
        metrics.udpDropped("magic");
        return;
      }
      ByteBuf out = ctx.alloc().buffer(16);
      out.writeInt(CONNECT).writeInt(transactionId).writeLong(connectionIds.issue(sender));
      ctx.write(new DatagramPacket(out, sender), ctx.voidPromise());
      metrics.udpConnect();
      return;
    }
    if (!connectionIds.isValid(connectionId, sender)) {
      metrics.udpDropped("connection");
      return;
    }
    switch (action) {
      case ANNOUNCE -> announce(ctx, in, sender, transactionId, length);
      case SCRAPE -> scrape(ctx, in, sender, transactionId);
      default -> error(ctx, sender, transactionId, "unknown action " + action);
    }
  }

  /**
   * Replies are written as they are computed and flushed once per read batch, so the epoll
   * transport sends a whole batch with one sendmmsg call.
   */
  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
  }

  /**
   * Replies are written with the void promise (no promise per packet), so a failed send — a full
   * socket buffer, an unreachable client — arrives here and costs that one reply.
   */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    metrics.udpDropped("send_failed");
    LOG.debug("udp send failed: {}", cause.toString());
  }

  private void announce(
      ChannelHandlerContext ctx, ByteBuf in, InetSocketAddress sender, int tid, int length) {
    if (length < ANNOUNCE_LENGTH) {
      metrics.announce("udp", "rejected");
      error(ctx, sender, tid, "announce packet of " + length + " bytes; expected 98");
      return;
    }
    byte[] infoHash = new byte[20];
    in.readBytes(infoHash);
    byte[] peerId = new byte[20];
    in.readBytes(peerId);
    long downloaded = in.readLong();
    long left = in.readLong();
    long uploaded = in.readLong();
    int event = in.readInt();
    in.skipBytes(4); // The client's IP field is ignored: the peer is the packet's source.
    int key = in.readInt();
    int numwant = in.readInt();
    int port = in.readUnsignedShort();
    if (port == 0 || event < 0 || event > 3 || downloaded < 0 || left < 0 || uploaded < 0) {
      metrics.announce("udp", "rejected");
      error(ctx, sender, tid, port == 0 ? "port must be 1..65535" : "malformed announce fields");
      return;
    }
    AnnounceEvent e =
        switch (event) {
          case 1 -> AnnounceEvent.COMPLETED;
          case 2 -> AnnounceEvent.STARTED;
          case 3 -> AnnounceEvent.STOPPED;
          default -> AnnounceEvent.NONE;
        };
    int wanted = numwant < 0 ? defaultNumwant : Math.min(numwant, maxNumwant);
    PeerAddress self = PeerAddress.of(sender.getAddress(), port);
    // Peers follow the socket's address family (an IPv4-mapped source counts as IPv4); they are
    // written straight from the swarm's records, the counts patched in afterwards.
    boolean v4 = self.isIpv4();
    ByteBuf out = ctx.alloc().buffer(20 + Math.max(0, wanted) * (v4 ? 6 : 18));
    out.writeInt(ANNOUNCE).writeInt(tid).writeInt(intervalSeconds).writeLong(0);
    SwarmCounts counts;
    try {
      counts =
          swarms.announce(
              new Announce(
                  InfoHash.of(infoHash),
                  peerId,
                  self,
                  uploaded,
                  downloaded,
                  left,
                  e,
                  Integer.toHexString(key),
                  wanted),
              (ipv4, high, low, peerPort, ids, idOffset) -> {
                if (ipv4 != v4) {
                  return false;
                }
                if (v4) {
                  out.writeInt((int) low);
                } else {
                  out.writeLong(high).writeLong(low);
                }
                out.writeShort(peerPort);
                return true;
              });
    } catch (AnnounceRejected full) {
      out.release();
      metrics.announce("udp", "rejected");
      error(ctx, sender, tid, full.getMessage());
      return;
    }
    out.setInt(12, counts.leechers()).setInt(16, counts.seeders());
    ctx.write(new DatagramPacket(out, sender), ctx.voidPromise());
    metrics.announce("udp", "ok");
  }

  private void scrape(ChannelHandlerContext ctx, ByteBuf in, InetSocketAddress sender, int tid) {
    int count = in.readableBytes() / 20;
    if (count == 0 || count > MAX_SCRAPE_HASHES) {
      error(ctx, sender, tid, "scrape takes 1 to " + MAX_SCRAPE_HASHES + " info-hashes");
      return;
    }
    ByteBuf out = ctx.alloc().buffer(8 + count * 12);
    out.writeInt(SCRAPE).writeInt(tid);
    byte[] hash = new byte[20];
    for (int i = 0; i < count; i++) {
      in.readBytes(hash);
      long[] c = swarms.scrape(InfoHash.of(hash));
      out.writeInt((int) c[0]).writeInt((int) c[2]).writeInt((int) c[1]);
    }
    ctx.write(new DatagramPacket(out, sender), ctx.voidPromise());
    metrics.scrape("udp");
  }

  private void error(ChannelHandlerContext ctx, InetSocketAddress to, int tid, String message) {
    byte[] text = message.getBytes(StandardCharsets.UTF_8);
    ByteBuf out = ctx.alloc().buffer(8 + text.length);
    out.writeInt(ERROR).writeInt(tid).writeBytes(text);
    ctx.write(new DatagramPacket(out, to), ctx.voidPromise());
  }
}
