package dev.whirlwind.tracker.webrtc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.whirlwind.protocol.content.ContentId;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One browser's connection to the WebSocket tracker: announces (with offers to relay), answers to
 * relay back, scrapes, as the WebTorrent protocol has them. A bad message gets a {@code failure
 * reason} and the connection stays; a flood, a binary frame or silence past the announce interval
 * closes it.
 */
final class BrowserTrackerHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
  private static final Logger LOG = LoggerFactory.getLogger(BrowserTrackerHandler.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What every connection shares. */
  record Shared(
      BrowserSwarms swarms,
      BrowserSessions sessions,
      WsMessageParser parser,
      int intervalSeconds,
      long offerTimeoutNanos,
      int maxSwarmsPerConnection,
      int maxOffersPerAnnounce,
      int messagesPerSecond,
      LongSupplier nanoTime) {}

  private final Shared shared;
  private BrowserPeer peer;

  BrowserTrackerHandler(Shared shared) {
    this.shared = shared;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete done) {
      peer =
          new BrowserPeer(
              ctx.channel(),
              shared.maxSwarmsPerConnection(),
              4 * shared.maxOffersPerAnnounce(),
              shared.messagesPerSecond(),
              shared.nanoTime().getAsLong());
      peer.contentId(contentOf(done.requestUri()));
      String session = sessionOf(done.requestUri());
      if (session != null && shared.sessions().open(session, peer, shared.nanoTime().getAsLong())) {
        peer.session(session);
      }
    } else if (evt instanceof IdleStateEvent) {
      // No announce for longer than a browser that is still there would wait.
      close(ctx, WebSocketCloseStatus.NORMAL_CLOSURE, "idle past the announce interval");
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
    if (peer == null) {
      return;
    }
    if (!(frame instanceof TextWebSocketFrame text)) {
      close(ctx, WebSocketCloseStatus.INVALID_MESSAGE_TYPE, "the tracker speaks JSON text frames");
      return;
    }
    long now = shared.nanoTime().getAsLong();
    if (!peer.spend(now)) {
      close(ctx, WebSocketCloseStatus.POLICY_VIOLATION, "too many messages");
      return;
    }
    byte[] utf8 = ByteBufUtil.getBytes(text.content());
    if (!Utf8.isValid(utf8, 0, utf8.length)) {
      // As RFC 6455 says; relayed on, it would fail the browser that got it.
      close(ctx, WebSocketCloseStatus.INVALID_PAYLOAD_DATA, "invalid UTF-8");
      return;
    }
    try {
      WsMessage m = shared.parser().parse(utf8);
      if (m instanceof WsMessage.Announce a) {
        announce(a, now);
      } else if (m instanceof WsMessage.Scrape s) {
        scrape(s);
      }
    } catch (WsRejected r) {
      ObjectNode failure = JSON.createObjectNode();
      if (r.infoHash != null) {
        failure.put("action", "announce");
        failure.put("info_hash", r.infoHash);
      }
      failure.put("failure reason", r.getMessage());
      peer.send(failure.toString());
    }
  }

  private void announce(WsMessage.Announce a, long now) throws WsRejected {
    if (!peer.claim(a.peerId())) {
      throw new WsRejected("peer_id differs from the one this connection announced", a.infoHash());
    }
    BrowserSwarms swarms = shared.swarms();
    int complete;
    int incomplete;
    List<BrowserPeer> targets = List.of();
    if (a.event() == WsMessage.AnnounceKind.STOPPED) {
      int[] counts = swarms.stop(peer, a.infoHash());
      complete = counts[0];
      incomplete = counts[1];
    } else {
      BrowserSwarm.Joined joined = swarms.announce(peer, a, a.numwant(), now);
      complete = joined.complete();
      incomplete = joined.incomplete();
      targets = joined.offerTargets();
      if (peer.session() != null) {
        shared.sessions().joined(peer.session(), peer, swarms.swarm(a.infoHash()));
      }
    }
    if (a.answer() != null) {
      // As the reference: an answer is relayed, and not answered itself.
      relayAnswer(a, now);
      return;
    }
    byte[] infoHash = RelayFrames.quoted(a.infoHash());
    if (peer.canSend()) {
      peer.send(
          RelayFrames.reply(
              peer.channel().alloc(), complete, incomplete, infoHash, shared.intervalSeconds()));
    }
    byte[] from = targets.isEmpty() ? null : RelayFrames.quoted(a.peerId());
    for (int i = 0; i < targets.size(); i++) {
      WsMessage.Offer offer = a.offers().get(i);
      BrowserPeer to = targets.get(i);
      peer.offered(offer.offerId(), to.peerId(), now + shared.offerTimeoutNanos());
      if (to.canSend()
          && to.send(
              RelayFrames.offer(
                  to.channel().alloc(), offer.offer(), offer.offerId(), from, infoHash))) {
        swarms.offersRelayed.increment();
      } else {
        swarms.relaysDropped.increment();
      }
    }
  }

  private void relayAnswer(WsMessage.Announce a, long now) {
    BrowserSwarm swarm = shared.swarms().swarm(a.infoHash());
    BrowserSwarm.Member to = swarm == null ? null : swarm.member(a.answer().toPeerId());
    if (to == null || !to.peer.takeOffer(a.answer().offerId(), a.peerId(), now)) {
      // No such peer, or it made no such offer to this one, or the offer expired.
      shared.swarms().relaysDropped.increment();
      return;
    }
    if (to.peer.canSend()
        && to.peer.send(
            RelayFrames.answer(
                to.peer.channel().alloc(),
                a.answer().answer(),
                a.answer().offerId(),
                RelayFrames.quoted(a.peerId()),
                RelayFrames.quoted(a.infoHash())))) {
      shared.swarms().answersRelayed.increment();
    } else {
      shared.swarms().relaysDropped.increment();
    }
  }

  private void scrape(WsMessage.Scrape s) {
    ObjectNode files = JSON.createObjectNode();
    for (String ih : s.infoHashes()) {
      BrowserSwarm swarm = shared.swarms().swarm(ih);
      int complete = swarm == null ? 0 : swarm.complete();
      int incomplete = swarm == null ? 0 : swarm.incomplete();
      ObjectNode f = files.putObject(ih);
      f.put("complete", complete);
      f.put("incomplete", incomplete);
      // What the reference reports too: a lower bound.
      f.put("downloaded", complete);
    }
    ObjectNode reply = JSON.createObjectNode();
    reply.put("action", "scrape");
    reply.set("files", files);
    reply.putObject("flags").put("min_request_interval", shared.intervalSeconds());
    peer.send(reply.toString());
  }

  /**
   * The content a page names in its tracker URL, {@code ws://host:port/c/<contentId>}: the swarms
   * it starts count for that content in {@code /v1/swarms} (browsers' info-hashes are derived from
   * their own stream ids, which say nothing of ours).
   */
  static String contentOf(String uri) {
    int q = uri.indexOf('?');
    String path = q < 0 ? uri : uri.substring(0, q);
    if (path.startsWith("/c/")) {
      String id = path.substring(3);
      if (id.endsWith("/")) {
        id = id.substring(0, id.length() - 1);
      }
      if (ContentId.isValid(id)) {
        return id;
      }
    }
    return null;
  }

  /** The session a page names in its tracker URL ({@code ?s=<token>}), or null. */
  static String sessionOf(String uri) {
    try {
      List<String> s = new QueryStringDecoder(uri).parameters().get("s");
      return s == null || s.isEmpty() ? null : s.get(0);
    } catch (IllegalArgumentException badEscape) {
      return null;
    }
  }

  private static void close(ChannelHandlerContext ctx, WebSocketCloseStatus status, String why) {
    ctx.writeAndFlush(new CloseWebSocketFrame(status.code(), why))
        .addListener(io.netty.channel.ChannelFutureListener.CLOSE);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (peer != null) {
      shared.swarms().closed(peer);
      if (peer.session() != null) {
        shared.sessions().closed(peer.session(), peer, shared.nanoTime().getAsLong());
      }
    }
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("browser connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    if (cause instanceof TooLongFrameException && ctx.channel().isActive()) {
      // A message over maxMessageBytes in fragments: the close says why, as for one frame.
      close(ctx, WebSocketCloseStatus.MESSAGE_TOO_BIG, "message too big");
      return;
    }
    ctx.close();
  }
}
