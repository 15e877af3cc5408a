package dev.whirlwind.cache;

import dev.whirlwind.cache.admin.AdminApi;
import dev.whirlwind.cache.admin.AdminHandler;
import dev.whirlwind.cache.admin.HoldingsReport;
import dev.whirlwind.cache.admin.UploadStream;
import dev.whirlwind.cache.download.ClusterSources;
import dev.whirlwind.cache.download.DownloadManager;
import dev.whirlwind.cache.download.OriginGuard;
import dev.whirlwind.cache.eviction.EvictionPolicy;
import dev.whirlwind.cache.eviction.Evictor;
import dev.whirlwind.cache.pullthrough.PullThrough;
import dev.whirlwind.cache.registry.TrackerRegistration;
import dev.whirlwind.cache.serve.AccessLog;
import dev.whirlwind.cache.serve.ContentHttpHandler;
import dev.whirlwind.cache.shaping.BandwidthShares;
import dev.whirlwind.cache.stats.CacheMetrics;
import dev.whirlwind.cache.stats.ServedBytes;
import dev.whirlwind.cache.storage.ContentStore;
import dev.whirlwind.protocol.cache.CacheDaemonConfig;
import dev.whirlwind.protocol.runtime.DaemonThreads;
import dev.whirlwind.protocol.security.AdminToken;
import dev.whirlwind.protocol.tracker.TrackerClient;
import dev.whirlwind.server.DaemonMain;
import dev.whirlwind.server.EventLoopWatch;
import dev.whirlwind.server.IoTransport;
import dev.whirlwind.server.http.HttpPorts;
import dev.whirlwind.server.http.HttpSurface;
import dev.whirlwind.server.http.Ops;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar cache-daemon.jar --config FILE}: one cache node. */
public final class CacheDaemon implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CacheDaemon.class);

  // About 2.5 MB of lines, written ten times a second.
  private static final int ACCESS_LOG_MAX_QUEUED = 8192;
  private static final long ACCESS_LOG_FLUSH_MILLIS = 100;
  private final EventLoopGroup group;
  private final AccessLog accessLog;
  private final HttpPorts http;
  private final IoTransport transport;
  private final ContentStore store;
  private final AtomicBoolean ready = new AtomicBoolean();
  private final ScheduledExecutorService background;
  private final ExecutorService disk;
  private final TrackerRegistration registration;
  private final BandwidthShares shares;
  private final DownloadManager downloads;
  private final ContentHttpHandler handler;
  private final int drainGraceSeconds;
  private final Evictor evictor;
  private final ServedBytes served = new ServedBytes();
  private CacheMetrics metrics;

  private CacheDaemon(CacheDaemonConfig config) throws IOException, InterruptedException {
    transport = IoTransport.select(config.transport());
    store = ContentStore.open(Path.of(config.dataDir()));
    shares =
        new BandwidthShares(
            config.bandwidthBytesPerSecond(),
            config.defaultShareBytesPerSecond(),
            System::nanoTime);
    AdminToken token = new AdminToken(Path.of(config.adminTokenFile()));
    background = Executors.newScheduledThreadPool(2, DaemonThreads.named("cache-background"));
    // Uploads write and hash on this pool, off the event loops.
    disk = Executors.newFixedThreadPool(2, DaemonThreads.named("cache-disk"));
    // One client per catalog this node serves, each over that catalog's shards.
    java.util.List<TrackerClient> catalogs = new java.util.ArrayList<>();
    for (java.util.List<String> shards : config.trackers()) {
      catalogs.add(new TrackerClient(shards, token.value().orElse("")));
    }
    registration =
        catalogs.isEmpty()
            ? null
            : new TrackerRegistration(
                catalogs,
                store,
                config.publicBaseUrl(),
                config.clientBaseUrl(),
                config.capacityBytes(),
                config.bandwidthBytesPerSecond(),
                background,
                config.heartbeatIntervalSeconds(),
                served);
    long capacity = config.capacityBytes();
    java.util.function.Consumer<dev.whirlwind.cache.storage.StoredContent> onPublished =
        c -> {
          if (registration != null) {
            registration.published(c);
          }
        };
    evictor =
        new Evictor(
            store,
            EvictionPolicy.named(config.eviction().policy()),
            config.capacityBytes(),
            config.eviction().highWatermarkPercent(),
            config.eviction().lowWatermarkPercent(),
            java.time.Clock.systemUTC(),
            id -> {
              metrics.evicted();
              served.forget(id);
              if (registration != null) {
                registration.removed(id);
              }
            });
    downloads =
        new DownloadManager(
            Path.of(config.dataDir()),
            store,
            new OriginGuard(config.allowedOriginNetworks()),
            config.maxConcurrentDownloads(),
            config.downloadStallTimeoutSeconds(),
            config.downloadConnectionsPerSource(),
            config.finishedDownloadsKept(),
            config.maxQueuedDownloads(),
            onPublished,
            evictor::makeRoom);
    metrics = new CacheMetrics(store, served, downloads::active, downloads::fetchedBytes);
    drainGraceSeconds = config.drainGracePeriodSeconds();
    accessLog =
        new AccessLog(
            LoggerFactory.getLogger("access"), ACCESS_LOG_MAX_QUEUED, ACCESS_LOG_FLUSH_MILLIS);
    metrics.watchAccessLog(accessLog);
    handler = new ContentHttpHandler(store, shares, served, metrics, accessLog, evictor::hit);
    if (registration != null) {
      ClusterSources cluster = new ClusterSources(catalogs, config.publicBaseUrl());
      downloads.useClusterSources(cluster);
      handler.enablePullThrough(
          new PullThrough(
              cluster,
              downloads,
              config.maxConcurrentDownloads(),
              downloads::active,
              () -> shares.node().isSaturated(),
              background));
    }
    HoldingsReport holdings =
        new HoldingsReport(
            TrackerRegistration.cacheId(config.publicBaseUrl()),
            config.publicBaseUrl(),
            ready::get,
            config.capacityBytes(),
            config.bandwidthBytesPerSecond(),
            store,
            downloads,
            shares,
            served);
    AdminApi admin =
        new AdminApi(
            store,
            disk,
            shares,
            downloads,
            onPublished,
            id -> {
              served.forget(id);
              if (registration != null) {
                registration.removed(id);
              }
            },
            holdings);
    UploadStream.Node uploads =
        new UploadStream.Node(
            store,
            disk,
            capacity > 0 ? capacity : Files.getFileStore(Path.of(config.dataDir())).getTotalSpace(),
            evictor::makeRoom,
            onPublished);
    group = transport.newGroup(0);
    EventLoopWatch loops = new EventLoopWatch(group, 10);
    try {
      http =
          HttpPorts.bind(
              transport,
              group,
              new HttpSurface.Spec(
                  "cache",
                  new InetSocketAddress(config.bindAddress(), config.port()),
                  config.http(),
                  new Ops(
                      "cache", loops::problem, ready::get, "starting or draining", metrics::scrape),
                  false,
                  true,
                  p ->
                      p.addLast(
                              "admin",
                              new AdminHandler(
                                  admin, token, uploads, config.http().maxJsonBodyBytes()))
                          .addLast("content", handler)),
              config.adminPort());
    } catch (IOException | RuntimeException e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      downloads.close();
      background.shutdownNow();
      disk.shutdownNow();
      throw e;
    }
    if (!token.configured()) {
      LOG.warn("{}; admin calls get 503 until it is there", token.missingDetail());
    }
    if (registration != null) {
      registration.start();
    }
    downloads.resume();
    ready.set(true);
  }

  public static CacheDaemon start(CacheDaemonConfig config)
      throws IOException, InterruptedException {
    CacheDaemon d = new CacheDaemon(config);
    LOG.info(
        "cache ready: http {} admin {} transport {} contents {} ({} bytes)",
        d.address(),
        d.adminAddress(),
        d.transport.name(),
        d.store.all().size(),
        d.store.usedBytes());
    return d;
  }

  public InetSocketAddress address() {
    return http.clients().address();
  }

  /** Where the admin API answers: the admin port, or the client port when there is none. */
  public InetSocketAddress adminAddress() {
    return http.adminAddress();
  }

  public int activeTransfers() {
    return handler.activeTransfers();
  }

  public ContentStore store() {
    return store;
  }

  @Override
  /**
   * Graceful drain: fail readiness, deregister from the trackers so no client is sent here any
   * more, stop accepting connections, let active transfers finish within the grace period, then
   * stop. Downloads stop at once and resume at the next start.
   */
  public void close() {
    ready.set(false);
    if (registration != null) {
      registration.close();
    }
    http.close();
    long deadline = System.nanoTime() + drainGraceSeconds * 1_000_000_000L;
    while (handler.activeTransfers() > 0 && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
    }
    if (handler.activeTransfers() > 0) {
      LOG.warn(
          "drain: {} transfers still running after {} s; stopping anyway",
          handler.activeTransfers(),
          drainGraceSeconds);
    }
    downloads.close();
    background.shutdownNow();
    disk.shutdown();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    accessLog.close();
  }

  public static void main(String[] args) throws Exception {
    DaemonMain.run(
        "cache-daemon",
        args,
        CacheDaemonConfig.class,
        CacheDaemonConfig.defaults(),
        CacheDaemon::start);
  }
}
