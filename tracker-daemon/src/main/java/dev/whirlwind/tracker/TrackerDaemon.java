package dev.whirlwind.tracker;

import dev.whirlwind.protocol.content.ContentId;
import dev.whirlwind.protocol.runtime.DaemonThreads;
import dev.whirlwind.protocol.security.AdminToken;
import dev.whirlwind.protocol.tracker.SwarmReport;
import dev.whirlwind.protocol.tracker.TrackerDaemonConfig;
import dev.whirlwind.server.DaemonMain;
import dev.whirlwind.server.EventLoopWatch;
import dev.whirlwind.server.IoTransport;
import dev.whirlwind.server.http.HttpPorts;
import dev.whirlwind.server.http.HttpSurface;
import dev.whirlwind.server.http.Ops;
import dev.whirlwind.tracker.announce.AnnounceResponses;
import dev.whirlwind.tracker.announce.HttpAnnounceParser;
import dev.whirlwind.tracker.content.ContentCatalog;
import dev.whirlwind.tracker.content.ContentRegistrations;
import dev.whirlwind.tracker.content.RenditionJournal;
import dev.whirlwind.tracker.content.RenditionMap;
import dev.whirlwind.tracker.http.BrowserSwarmList;
import dev.whirlwind.tracker.http.ClientDocuments;
import dev.whirlwind.tracker.http.TrackerHttpHandler;
import dev.whirlwind.tracker.source.SourceProber;
import dev.whirlwind.tracker.source.SourceRegistry;
import dev.whirlwind.tracker.swarm.SwarmRegistry;
import dev.whirlwind.tracker.udp.ConnectionIds;
import dev.whirlwind.tracker.udp.UdpTrackerHandler;
import dev.whirlwind.tracker.webrtc.BrowserTracker;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar tracker-daemon.jar --config FILE}: one tracker shard. */
public final class TrackerDaemon implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TrackerDaemon.class);

  private final EventLoopGroup group;
  private final HttpPorts http;
  private final Channel udp;
  private final BrowserTracker browsers;
  private final ScheduledExecutorService sweeper;
  private final IoTransport transport;
  private final AtomicBoolean ready = new AtomicBoolean();
  private final RenditionJournal renditionJournal;

  private TrackerDaemon(TrackerDaemonConfig config, Clock clock)
      throws IOException, InterruptedException {
    transport = IoTransport.select(config.transport());
    SwarmRegistry swarms =
        new SwarmRegistry(
            clock,
            config.announceIntervalSeconds(),
            config.peerExpiryIntervals(),
            config.maxSwarms(),
            config.maxPeers());
    TrackerMetrics metrics = new TrackerMetrics(swarms);
    byte[] trackerId = new byte[8];
    new SecureRandom().nextBytes(trackerId);
    ContentCatalog catalog = new ContentCatalog();
    renditionJournal =
        RenditionJournal.open(Path.of(config.stateDir()).resolve("renditions.jsonl"));
    SourceRegistry sources =
        new SourceRegistry(
            clock,
            config.cacheHeartbeatIntervalSeconds(),
            config.announceIntervalSeconds(),
            config.mirrorExtraLoadPercent(),
            config.expectedClientBytesPerSecond());
    SourceProber prober = new SourceProber(sources, catalog);
    TrackerHttpHandler httpHandler =
        new TrackerHttpHandler(
            swarms,
            new HttpAnnounceParser(
                config.defaultNumwant(), config.maxNumwant(), config.maxScrapeInfoHashes()),
            new AnnounceResponses(
                config.announceIntervalSeconds(),
                config.minAnnounceIntervalSeconds(),
                HexFormat.of().formatHex(trackerId)),
            metrics,
            catalog,
            sources,
            new ClientDocuments(
                config.shardUrls(),
                config.clientShardUrls(),
                config.shardIndex(),
                config.udpPort()),
            new AdminToken(Path.of(config.adminTokenFile())),
            config.cacheHeartbeatIntervalSeconds(),
            new RenditionMap(
                clock,
                renditionJournal,
                id -> heldAsFarAsThisShardKnows(new ContentId(id), sources, config),
                // Caches are dropped after three missed heartbeats: as long to learn who holds
                // what.
                3_000L * config.cacheHeartbeatIntervalSeconds()),
            new ContentRegistrations(config.maxRegistrations()),
            new BrowserSwarmList() {
              @Override
              public List<SwarmReport> busiest(int limit) {
                return browsers() == null ? List.of() : browsers().report(limit);
              }

              @Override
              public int count() {
                return browsers() == null ? 0 : browsers().swarmCount();
              }
            },
            config.adminPort() != 0);
    group = transport.newGroup(config.ioThreads());
    EventLoopWatch loops = new EventLoopWatch(group, 10);
    try {
      http =
          HttpPorts.bind(
              transport,
              group,
              new HttpSurface.Spec(
                  "tracker",
                  new InetSocketAddress(config.bindAddress(), config.httpPort()),
                  config.http(),
                  new Ops(
                      "tracker",
                      loops::problem,
                      ready::get,
                      "the tracker is starting",
                      metrics::scrape),
                  true,
                  true,
                  p -> p.addLast("tracker", httpHandler)),
              config.adminPort());
      if (config.udpPort() > 0) {
        Bootstrap udpBootstrap = new Bootstrap();
        if (transport.name().equals("epoll")) {
          udpBootstrap.option(
              io.netty.channel.epoll.EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, 2048);
        }
        ConnectionIds ids =
            new ConnectionIds(ConnectionIds.loadOrCreateSecret(Path.of(config.stateDir())), clock);
        udp =
            udpBootstrap
                .group(group)
                .channel(transport.datagramChannel())
                .option(ChannelOption.SO_RCVBUF, 4 * 1024 * 1024)
                .option(ChannelOption.SO_SNDBUF, 4 * 1024 * 1024)
                // Announces are under 200 bytes: with epoll, one recvmmsg call reads up to 32.
                .option(
                    ChannelOption.RECVBUF_ALLOCATOR,
                    new io.netty.channel.FixedRecvByteBufAllocator(32 * 2048)
                        .maxMessagesPerRead(16))
                .handler(
                    new UdpTrackerHandler(
                        swarms,
                        ids,
                        metrics,
                        config.announceIntervalSeconds(),
                        config.defaultNumwant(),
                        config.maxNumwant()))
                .bind(new InetSocketAddress(config.bindAddress(), config.udpPort()))
                .sync()
                .channel();
      } else {
        udp = null;
      }
      browsers =
          config.webSocket().port() > 0
              ? BrowserTracker.bind(
                  transport,
                  group,
                  config.bindAddress(),
                  config.webSocket(),
                  config.peerExpiryIntervals(),
                  System::nanoTime)
              : null;
      if (browsers != null) {
        metrics.bind(browsers);
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw e;
    }
    // Sweeping walks every swarm and probing waits on sources, so both run off the event loops.
    sweeper = Executors.newScheduledThreadPool(2, DaemonThreads.named("tracker-background"));
    long period = Math.max(1, config.announceIntervalSeconds() / 2);
    sweeper.scheduleAtFixedRate(
        () -> {
          try {
            metrics.expired(swarms.sweep());
          } catch (RuntimeException e) {
            LOG.error("swarm sweep failed", e);
          }
        },
        period,
        period,
        TimeUnit.SECONDS);
    if (browsers != null) {
      long browserPeriod = Math.max(1, config.webSocket().announceIntervalSeconds() / 2);
      sweeper.scheduleAtFixedRate(
          () -> {
            try {
              browsers.sweep();
            } catch (RuntimeException e) {
              LOG.error("browser swarm sweep failed", e);
            }
          },
          browserPeriod,
          browserPeriod,
          TimeUnit.SECONDS);
    }
    sweeper.scheduleWithFixedDelay(
        () -> {
          try {
            prober.probeAll().get(5, TimeUnit.MINUTES);
          } catch (Exception e) {
            LOG.warn("source probes did not finish: {}", e.toString());
          }
        },
        1,
        config.probeIntervalSeconds(),
        TimeUnit.SECONDS);
    ready.set(true);
  }

  public static TrackerDaemon start(TrackerDaemonConfig config, Clock clock)
      throws IOException, InterruptedException {
    TrackerDaemon d = new TrackerDaemon(config, clock);
    LOG.info(
        "tracker ready: http {} admin {} udp {} websocket {} transport {}",
        d.httpAddress(),
        d.adminAddress(),
        d.udp == null ? "off" : d.udpAddress(),
        d.browsers == null ? "off" : d.browsers.address(),
        d.transport.name());
    return d;
  }

  public InetSocketAddress httpAddress() {
    return http.clients().address();
  }

  /** Where the admin API answers: the admin port, or the HTTP port when there is none. */
  public InetSocketAddress adminAddress() {
    return http.adminAddress();
  }

  /** The WebSocket tracker's address, or null when it is off. */
  public InetSocketAddress webSocketAddress() {
    return browsers == null ? null : browsers.address();
  }

  /** The WebSocket tracker, or null when it is off (tests look at its tables). */
  public BrowserTracker browsers() {
    return browsers;
  }

  public InetSocketAddress udpAddress() {
    return udp == null ? null : (InetSocketAddress) udp.localAddress();
  }

  /**
   * Caches tell each shard only about the contents it owns. A rendition owned by another shard than
   * its source's is beyond this shard's sight: it counts as held, never as lost.
   */
  private static boolean heldAsFarAsThisShardKnows(
      ContentId id, SourceRegistry sources, TrackerDaemonConfig config) {
    boolean owned =
        dev.whirlwind.protocol.tracker.Shards.of(id, config.shardUrls().size())
            == config.shardIndex();
    return !owned || sources.held(id);
  }

  public String transportName() {
    return transport.name();
  }

  @Override
  public void close() {
    ready.set(false);
    sweeper.shutdownNow();
    http.close();
    if (browsers != null) {
      browsers.close();
    }
    if (udp != null) {
      udp.close().syncUninterruptibly();
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    try {
      renditionJournal.close();
    } catch (java.io.IOException e) {
      LOG.warn("closing the rendition journal: {}", e.toString());
    }
  }

  public static void main(String[] args) throws Exception {
    DaemonMain.run(
        "tracker-daemon",
        args,
        TrackerDaemonConfig.class,
        TrackerDaemonConfig.defaults(),
        config -> start(config, Clock.systemUTC()));
  }
}
