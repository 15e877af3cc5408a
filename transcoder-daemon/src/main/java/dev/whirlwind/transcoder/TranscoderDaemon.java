package dev.whirlwind.transcoder;

import dev.whirlwind.protocol.runtime.DaemonThreads;
import dev.whirlwind.protocol.security.AdminToken;
import dev.whirlwind.protocol.tracker.TrackerClient;
import dev.whirlwind.protocol.transcode.RenditionProfile;
import dev.whirlwind.protocol.transcode.TranscoderDaemonConfig;
import dev.whirlwind.server.DaemonMain;
import dev.whirlwind.server.EventLoopWatch;
import dev.whirlwind.server.IoTransport;
import dev.whirlwind.server.http.HttpSurface;
import dev.whirlwind.server.http.Ops;
import dev.whirlwind.transcoder.cluster.ClusterClients;
import dev.whirlwind.transcoder.jobs.Jobs;
import dev.whirlwind.transcoder.jobs.Pretranscoder;
import dev.whirlwind.transcoder.media.Accelerators;
import io.netty.channel.EventLoopGroup;
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
  private final HttpSurface http;
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
            config.finishedJobsKept(),
            config.maxQueuedJobs());
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
    JobApi handler = new JobApi(jobs, token, api);
    // The API carries little traffic: one NIO loop; the work is in the transcodes.
    IoTransport transport = IoTransport.select("nio");
    group = transport.newGroup(1);
    EventLoopWatch loops = new EventLoopWatch(group, 10);
    try {
      http =
          HttpSurface.bind(
              transport,
              group,
              new HttpSurface.Spec(
                  "transcoder",
                  new InetSocketAddress(config.bindAddress(), config.port()),
                  config.http(),
                  new Ops(
                      "transcoder",
                      loops::problem,
                      ready::get,
                      "starting or stopping",
                      metrics::scrape),
                  true,
                  // Its one port is the admin API; the operator's NetworkPolicy closes it.
                  true,
                  p -> p.addLast("jobs", handler)));
    } catch (IOException | RuntimeException e) {
      group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
      ticks.shutdownNow();
      api.shutdownNow();
      jobs.close();
      throw e;
    }
    if (!token.configured()) {
      LOG.warn("{}; job API calls get 503 until it is there", token.missingDetail());
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
    return http.address();
  }

  public Accelerators accelerators() {
    return accelerators;
  }

  @Override
  public void close() {
    ready.set(false);
    http.close();
    ticks.shutdownNow();
    jobs.close();
    api.shutdownNow();
    group.shutdownGracefully().syncUninterruptibly();
  }

  public static void main(String[] args) throws Exception {
    DaemonMain.run(
        "transcoder-daemon",
        args,
        TranscoderDaemonConfig.class,
        TranscoderDaemonConfig.defaults(),
        TranscoderDaemon::start);
  }
}
