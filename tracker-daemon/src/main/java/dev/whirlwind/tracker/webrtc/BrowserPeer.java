package dev.whirlwind.tracker.webrtc;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One WebSocket connection: the peer id it announced with (one per connection, so no one can speak
 * for another peer), the swarms it joined, the offers relayed from it that still wait for their
 * answer, and its message budget. Touched only on the connection's event loop, except the offers
 * (an answer arrives on the answerer's loop) and {@link #send}, which any thread may call.
 */
final class BrowserPeer {
  /** An offer relayed to {@code to}: only that peer may answer it, until {@code expiresAt}. */
  private record PendingOffer(String to, long expiresAtNanos) {}

  private final Channel channel;
  private final int maxSwarms;
  private final int maxPendingOffers;
  private final double messagesPerNano;
  private final double burst;
  private String peerId;
  private String contentId;
  private String session;
  private final Set<String> swarms = new HashSet<>();
  private final Map<String, PendingOffer> pendingOffers = new LinkedHashMap<>();
  private double budget;
  private long budgetAt;

  BrowserPeer(
      Channel channel, int maxSwarms, int maxPendingOffers, int messagesPerSecond, long now) {
    this.channel = channel;
    this.maxSwarms = maxSwarms;
    this.maxPendingOffers = maxPendingOffers;
    this.messagesPerNano = messagesPerSecond / 1e9;
    // A page that starts several streams at once may send a few seconds' worth in a burst.
    this.burst = 2.0 * messagesPerSecond;
    this.budget = burst;
    this.budgetAt = now;
  }

  Channel channel() {
    return channel;
  }

  String peerId() {
    return peerId;
  }

  /** The content the page's tracker URL named ({@code /c/<contentId>}), or null. */
  String contentId() {
    return contentId;
  }

  void contentId(String id) {
    contentId = id;
  }

  /** The session the page's tracker URL named ({@code ?s=<token>}) and holds, or null. */
  String session() {
    return session;
  }

  void session(String token) {
    session = token;
  }

  /** Binds the connection to its first peer id; false when a message names another. */
  boolean claim(String id) {
    if (peerId == null) {
      peerId = id;
      return true;
    }
    return peerId.equals(id);
  }

  /** Spends one message of the budget; false once a flood has used it up. */
  boolean spend(long now) {
    budget = Math.min(burst, budget + (now - budgetAt) * messagesPerNano);
    budgetAt = now;
    if (budget < 1) {
      return false;
    }
    budget -= 1;
    return true;
  }

  Set<String> swarms() {
    return swarms;
  }

  /** Whether the connection may be in one more swarm. */
  boolean mayJoin(String infoHash) {
    return swarms.contains(infoHash) || swarms.size() < maxSwarms;
  }

  /** Remembers an offer relayed from this peer; the oldest is forgotten past the bound. */
  synchronized void offered(String offerId, String to, long expiresAtNanos) {
    pendingOffers.remove(offerId);
    if (pendingOffers.size() >= maxPendingOffers) {
      Iterator<String> oldest = pendingOffers.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
    pendingOffers.put(offerId, new PendingOffer(to, expiresAtNanos));
  }

  /** Takes the pending offer {@code offerId} if {@code from} may answer it now. */
  synchronized boolean takeOffer(String offerId, String from, long now) {
    PendingOffer p = pendingOffers.get(offerId);
    if (p == null || !p.to().equals(from)) {
      return false;
    }
    pendingOffers.remove(offerId);
    return now - p.expiresAtNanos() <= 0;
  }

  synchronized int pendingOffers() {
    return pendingOffers.size();
  }

  /**
   * Sends a frame unless the browser stopped reading: relays are dropped rather than queued without
   * bound (the offerer times the offer out and makes another).
   */
  boolean send(String json) {
    if (!canSend()) {
      return false;
    }
    channel.writeAndFlush(new TextWebSocketFrame(json), channel.voidPromise());
    return true;
  }

  /** Whether a frame sent now would go out: ask first, and build the frame only then. */
  boolean canSend() {
    return channel.isActive() && channel.isWritable();
  }

  /** Sends a frame of UTF-8 JSON the caller built; the buffer is the channel's or released. */
  boolean send(ByteBuf json) {
    if (!canSend()) {
      json.release();
      return false;
    }
    channel.writeAndFlush(new TextWebSocketFrame(json), channel.voidPromise());
    return true;
  }
}
