package dev.whirlwind.tracker.webrtc;

import dev.whirlwind.protocol.tracker.SwarmReport;
import dev.whirlwind.protocol.tracker.WebSocketTrackerConfig;
import dev.whirlwind.server.IoTransport;
import dev.whirlwind.server.http.BoundedAggregator;
import dev.whirlwind.server.http.ConnectionGate;
import dev.whirlwind.server.http.SurfaceCounters;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The WebSocket tracker's port: browsers' peers (p2p-media-loader, WebTorrent) announce here and
 * get each other's WebRTC offers and answers. Connections pass a {@link ConnectionGate}; the
 * handshake has a deadline; messages have a size cap, a rate and an idle limit; a request that is
 * not a WebSocket upgrade gets a JSON {@code 426}, except a page's byte report ({@link
 * PlainRequests}).
 *
 * <pre>
 * codec → handshake aggregator → idle → report or 426 unless an upgrade → websocket (any path) → frame
 * aggregator → tracker
 * </pre>
 */
public final class BrowserTracker implements AutoCloseable {
  private final Channel channel;
  private final BrowserSwarms swarms;
  private final BrowserSessions sessions;
  private final long expiryNanos;
  private final LongSupplier nanoTime;

  private BrowserTracker(
      Channel channel,
      BrowserSwarms swarms,
      BrowserSessions sessions,
      long expiryNanos,
      LongSupplier nanoTime) {
    this.channel = channel;
    this.swarms = swarms;
    this.sessions = sessions;
    this.expiryNanos = expiryNanos;
    this.nanoTime = nanoTime;
  }

  /**
   * Binds {@code config.port()} on {@code bind}; a peer is dropped after {@code expiryIntervals}
   * announce intervals without an announce ({@link #sweep}).
   */
  public static BrowserTracker bind(
      IoTransport transport,
      EventLoopGroup group,
      String bind,
      WebSocketTrackerConfig config,
      int expiryIntervals,
      LongSupplier nanoTime)
      throws IOException {
    BrowserSwarms swarms = new BrowserSwarms(config.maxSwarms(), config.maxPeers());
    BrowserSessions sessions = new BrowserSessions(config.maxConnections());
    BrowserTrackerHandler.Shared shared =
        new BrowserTrackerHandler.Shared(
            swarms,
            sessions,
            new WsMessageParser(config.maxOffersPerAnnounce()),
            config.announceIntervalSeconds(),
            TimeUnit.SECONDS.toNanos(config.offerTimeoutSeconds()),
            config.maxSwarmsPerConnection(),
            config.maxOffersPerAnnounce(),
            config.messagesPerSecond(),
            nanoTime);
    ConnectionGate gate =
        new ConnectionGate(
            config.maxConnections(), config.maxConnectionsPerAddress(), 0, new SurfaceCounters());
    WebSocketServerProtocolConfig ws =
        WebSocketServerProtocolConfig.newBuilder()
            .websocketPath("/")
            .checkStartsWith(true)
            .handshakeTimeoutMillis(TimeUnit.SECONDS.toMillis(config.handshakeTimeoutSeconds()))
            .decoderConfig(
                WebSocketDecoderConfig.newBuilder()
                    .maxFramePayloadLength(config.maxMessageBytes())
                    .allowExtensions(false)
                    // The tracker validates each message's UTF-8 itself, with an ASCII fast path.
                    .withUTF8Validator(false)
                    .build())
            .build();
    // A browser announces every interval; one silent for two is gone.
    long idleSeconds = 2L * config.announceIntervalSeconds() + config.handshakeTimeoutSeconds();
    ChannelInitializer<Channel> init =
        new ChannelInitializer<>() {
          @Override
          protected void initChannel(Channel ch) {
            if (gate.admit(ch) != ConnectionGate.Admission.CLIENT) {
              return;
            }
            ch.pipeline()
                // Relays to one browser from several announces read in the same loop turn go out
                // in one write, not one each.
                .addLast("flushes", new FlushConsolidationHandler(256, true))
                .addLast("codec", new HttpServerCodec(4096, 8192, 8192))
                .addLast("handshake", new BoundedAggregator(PlainRequests.MAX_BODY_BYTES))
                .addLast("idle", new IdleStateHandler(idleSeconds, 0, 0, TimeUnit.SECONDS))
                .addLast("plain-http", new PlainRequests(sessions, nanoTime))
                .addLast("websocket", new WebSocketServerProtocolHandler(ws))
                .addLast("frames", new WebSocketFrameAggregator(config.maxMessageBytes()))
                .addLast("tracker", new BrowserTrackerHandler(shared));
          }
        };
    try {
      Channel channel =
          new ServerBootstrap()
              .group(group)
              .channel(transport.serverChannel())
              .option(ChannelOption.SO_BACKLOG, 4096)
              .childOption(ChannelOption.TCP_NODELAY, true)
              // A browser that stops reading holds at most this much; relays to it are dropped.
              .childOption(
                  ChannelOption.WRITE_BUFFER_WATER_MARK,
                  new WriteBufferWaterMark(64 << 10, 256 << 10))
              .childHandler(init)
              .bind(new InetSocketAddress(bind, config.port()))
              .sync()
              .channel();
      return new BrowserTracker(
          channel,
          swarms,
          sessions,
          expiryIntervals * TimeUnit.SECONDS.toNanos(config.announceIntervalSeconds()),
          nanoTime);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while binding the WebSocket tracker port", e);
    } catch (Exception e) {
      throw new IOException(
          "cannot bind the WebSocket tracker port "
              + bind
              + ":"
              + config.port()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  /** Drops peers that missed their announces, and closed sessions; returns how many peers went. */
  public int sweep() {
    long now = nanoTime.getAsLong();
    sessions.sweep(now);
    return swarms.sweep(now - expiryNanos, now);
  }

  /** The largest browser swarms, for {@code /v1/swarms}. */
  public List<SwarmReport> report(int limit) {
    return swarms.report(limit);
  }

  public int swarmCount() {
    return swarms.swarmCount();
  }

  public int peerCount() {
    return swarms.peerCount();
  }

  public long offersRelayed() {
    return swarms.offersRelayed.sum();
  }

  public long answersRelayed() {
    return swarms.answersRelayed.sum();
  }

  public long relaysDropped() {
    return swarms.relaysDropped.sum();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
  }
}
