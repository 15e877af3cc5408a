package dev.whirlwind.transcoder;

import dev.whirlwind.protocol.config.DaemonCommandLine;
import dev.whirlwind.protocol.runtime.DaemonThreads;
import dev.whirlwind.protocol.security.AdminToken;
import dev.whirlwind.protocol.tracker.TrackerClient;
import dev.whirlwind.protocol.transcode.RenditionProfile;
import dev.whirlwind.protocol.transcode.TranscoderDaemonConfig;
import dev.whirlwind.transcoder.cluster.ClusterClients;
import dev.whirlwind.transcoder.jobs.Jobs;
import dev.whirlwind.transcoder.jobs.Pretranscoder;
import dev.whirlwind.transcoder.media.Accelerators;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar transcoder-daemon.jar --config FILE}: one transcoder. It probes its engines at
 * start-up and says loudly what is missing, then serves the job API. The API carries little
 * traffic, so it runs on NIO; the work is in the transcodes.
 */
public final class TranscoderDaemon implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TranscoderDaemon.class);

  private final EventLoopGroup group;
  private final Channel http;
  private final Jobs jobs;
  private final ExecutorService api;
  private final java.util.concurrent.ScheduledExecutorService ticks;
  private final AtomicBoolean ready = new AtomicBoolean();
  private final Accelerators accelerators;

  private TranscoderDaemon(TranscoderDaemonConfig config) throws IOException, InterruptedException {
    accelerators = Accelerators.probe();
    if (!accelerators.missing().isEmpty()) {
      LOG.error(
          "this FFmpeg build lacks the encoders {}: profiles that need them will fail",
          accelerators.missing());
    }
    LOG.info(
        "engines: cuda {}, cpu encoders {}, nvenc {}, nvdec {}",
        accelerators.cuda(),
        accelerators.cpuEncoders(),
        accelerators.gpuEncoders(),
        accelerators.gpuDecoders());
    if (accelerators.cuda() && accelerators.gpuEncoders().isEmpty()) {
      LOG.warn("this GPU has no NVENC encoder: gpu jobs decode on the GPU and encode on the CPU");
    }
    AdminToken token = new AdminToken(Path.of(config.adminTokenFile()));
    String secret = token.value().orElse("");
    ClusterClients clients = new ClusterClients(config.trackerUrls(), config.cacheUrls(), secret);
    TrackerClient trackers = clients.defaultTrackers();
    jobs =
        new Jobs(
            config.name(),
            Path.of(config.stateDir()),
            clients,
            accelerators,
            config.jobs(),
            config.threadsPerJob(),
            config.gpuSessions(),
            config.claimTtlSeconds(),
            config.finishedJobsKept());
    TranscoderMetrics metrics =
        new TranscoderMetrics(
            jobs::queued, () -> jobs.running(true), () -> jobs.running(false), jobs::fps);
    jobs.useMetrics(metrics);
    metrics.engines(accelerators);
    for (RenditionProfile p : config.profiles()) {
      jobs.know(p);
    }
    jobs.resume();
    ticks = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("pretranscode"));
    if (config.idlePretranscodeSeconds() > 0 && trackers != null && !config.profiles().isEmpty()) {
      long period = Math.max(1, Math.min(60, config.idlePretranscodeSeconds() / 4));
      ticks.scheduleWithFixedDelay(
          new Pretranscoder(
              jobs, trackers, config.profiles(), config.idlePretranscodeSeconds() * 1000L),
          period,
          period,
          java.util.concurrent.TimeUnit.SECONDS);
    }
    api = Executors.newFixedThreadPool(4, DaemonThreads.named("transcoder-api"));
    JobApi handler = new JobApi(jobs, token, api, ready::get, metrics::scrape);
    group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      http =
          new ServerBootstrap()
              .group(group)
              .channel(NioServerSocketChannel.class)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      ch.pipeline()
                          .addLast(new HttpServerCodec(8192, 16 * 1024, 8192))
                          .addLast(new HttpObjectAggregator(1024 * 1024))
                          .addLast(handler);
                    }
                  })
              .bind(new InetSocketAddress(config.bindAddress(), config.port()))
              .sync()
              .channel();
    } catch (InterruptedException | RuntimeException e) {
      group.shutdownGracefully();
      jobs.close();
      throw e;
    }
    ready.set(true);
  }

  public static TranscoderDaemon start(TranscoderDaemonConfig config)
      throws IOException, InterruptedException {
    TranscoderDaemon d = new TranscoderDaemon(config);
    LOG.info("transcoder ready: http {}", d.address());
    return d;
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) http.localAddress();
  }

  public Accelerators accelerators() {
    return accelerators;
  }

  @Override
  public void close() {
    ready.set(false);
    http.close().syncUninterruptibly();
    ticks.shutdownNow();
    jobs.close();
    api.shutdownNow();
    group.shutdownGracefully().syncUninterruptibly();
  }

  public static void main(String[] args) throws Exception {
    TranscoderDaemonConfig cfg;
    try {
      cfg =
          DaemonCommandLine.parse(
              "transcoder-daemon",
              args,
              TranscoderDaemonConfig.class,
              TranscoderDaemonConfig.defaults(),
              System.getenv());
    } catch (DaemonCommandLine.UsageError e) {
      System.exit(2);
      return;
    }
    if (cfg == null) {
      return;
    }
    TranscoderDaemon daemon = start(cfg);
    Runtime.getRuntime().addShutdownHook(new Thread(daemon::close, "shutdown"));
    Thread.currentThread().join();
  }
}
