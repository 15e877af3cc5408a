package dev.whirlwind.operator.standalone;

import dev.whirlwind.crds.v1alpha1.CachePool;
import dev.whirlwind.crds.v1alpha1.TranscodeProfile;
import dev.whirlwind.crds.v1alpha1.Video;
import dev.whirlwind.crds.v1alpha1.VideoCatalog;
import dev.whirlwind.crds.v1alpha1.VideoCatalogStatus;
import dev.whirlwind.crds.v1alpha1.VideoPhase;
import dev.whirlwind.crds.v1alpha1.VideoStatus;
import dev.whirlwind.operator.OperatorConfig;
import dev.whirlwind.operator.catalog.CatalogDriver;
import dev.whirlwind.operator.catalog.CatalogObserver;
import dev.whirlwind.operator.catalog.CatalogStatusRecorder;
import dev.whirlwind.operator.daemons.DaemonCalls;
import dev.whirlwind.operator.kube.StatusDiff;
import dev.whirlwind.operator.render.ManifestRenderer;
import dev.whirlwind.operator.render.Manifests;
import dev.whirlwind.operator.scheduling.AllocationBoard;
import dev.whirlwind.operator.scheduling.AllocationReport;
import dev.whirlwind.operator.scheduling.PoolRegistry;
import dev.whirlwind.operator.scheduling.SchedulerLoop;
import dev.whirlwind.operator.scheduling.SchedulerMetrics;
import dev.whirlwind.operator.web.ConsoleHandler;
import dev.whirlwind.operator.web.Telemetry;
import dev.whirlwind.operator.web.TelemetrySampler;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The whole system on one machine: the daemons the manifests describe as child processes on
 * loopback, and the operator's own catalog driver and scheduler loop against their HTTP APIs. No
 * Kubernetes object is emulated: a catalog's status lives in the work directory instead of etcd,
 * and Events are console lines. Edits to the manifest file are followed; a bad edit is refused with
 * its error and the last good manifests keep running.
 */
public final class StandaloneRuntime implements AutoCloseable {
  /** What the command line says. */
  public record Options(
      Path manifest,
      WorkDir dir,
      DaemonJars jars,
      int consolePort,
      int basePort,
      boolean gpu,
      String solver,
      List<Map<String, String>> iceServers) {}

  /** A start-up problem the user must fix; the message says what and where. */
  public static final class StartException extends Exception {
    public StartException(String message) {
      super(message);
    }
  }

  static final String NAMESPACE = "default";
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final Duration MANIFEST_CHECK = Duration.ofSeconds(2);
  private static final Duration PROGRESS_LINES = Duration.ofSeconds(5);

  private final Options options;
  private final Console console;
  private final Clock clock;
  private final OperatorConfig config;
  private final DaemonCalls calls;
  private final CurrentLocator locator = new CurrentLocator();
  private volatile Map<String, List<String>> browserTrackers = Map.of();
  private final CatalogDriver driver;
  private final CatalogStatusRecorder recorder;
  private final PoolRegistry registry;
  private final AllocationBoard board = new AllocationBoard();
  private final SchedulerLoop scheduler;
  private final Children children;
  private final ScheduledExecutorService loop =
      Executors.newSingleThreadScheduledExecutor(
          dev.whirlwind.protocol.runtime.DaemonThreads.named("standalone-loop"));
  // Sampling and drawing never wait for a catalog round, nor rounds for them.
  private final ScheduledExecutorService views =
      Executors.newSingleThreadScheduledExecutor(
          dev.whirlwind.protocol.runtime.DaemonThreads.named("standalone-view"));
  private final Telemetry telemetry = new Telemetry();
  private final CatalogObserver observer;
  private final TelemetrySampler sampler;
  private final Map<String, VideoCatalogStatus> statuses = new ConcurrentHashMap<>();
  private final Map<String, AllocationReport> allocations = new ConcurrentHashMap<>();
  private final Map<String, Instant> due = new ConcurrentHashMap<>();
  private final Map<String, String> progressShown = new ConcurrentHashMap<>();
  private final Map<String, String> allocationShown = new ConcurrentHashMap<>();
  private final Set<String> commandsShown = ConcurrentHashMap.newKeySet();
  private PortBook ports;
  private ConsoleServer server;
  private String token;
  private volatile Manifests manifests;
  private volatile String manifestText;
  private volatile long revision;
  private volatile boolean samplesReady;
  private volatile boolean roundsStarted;
  private Instant manifestCheckedAt = Instant.EPOCH;
  private Instant progressAt = Instant.EPOCH;
  private boolean closed;
  private volatile boolean started;
  private final java.util.concurrent.CompletableFuture<String> failure =
      new java.util.concurrent.CompletableFuture<>();

  public StandaloneRuntime(Options options, Console console, Clock clock) {
    this.options = options;
    this.console = console;
    this.clock = clock;
    OperatorConfig d = OperatorConfig.defaults();
    OperatorConfig.Scheduler s = d.scheduler();
    this.config =
        d.with(
            new OperatorConfig.Catalogs(2, 30, 60, d.catalogs().maxActionsPerReconcile()),
            new OperatorConfig.Scheduler(
                s.enabled(),
                s.perLeecherCapacityBytesPerSecond(),
                s.fitWindow(),
                s.fitMinSamples(),
                options.solver()),
            d.transcoders(),
            false);
    config.validate();
    this.calls =
        new DaemonCalls(
            Duration.ofSeconds(config.daemons().timeoutSeconds()),
            config.daemons().concurrency(),
            locator::adminUrl);
    this.driver = new CatalogDriver(config.catalogs(), locator, calls, clock);
    this.recorder = new CatalogStatusRecorder(new ConsoleEvents(console), clock);
    this.registry = new PoolRegistry(clock, Duration.ofMinutes(10));
    this.observer = new CatalogObserver(calls, locator);
    this.sampler = new TelemetrySampler(calls, observer, telemetry, clock);
    this.scheduler =
        new SchedulerLoop(
            registry,
            board,
            calls,
            observer,
            config.scheduler(),
            clock,
            new SchedulerMetrics(new SimpleMeterRegistry()));
    this.children = new Children(options.dir(), options.jars(), console, clock);
    board.onRound(this::announceAllocation);
  }

  /**
   * Starts every daemon and the loop; returns once the sample clips exist (the daemons start
   * meanwhile). Throws with the user's problem: a bad manifest, a port taken, a codec missing.
   */
  public void start() throws StartException, IOException, InterruptedException {
    WorkDir dir = options.dir();
    token = dir.token();
    ports = PortBook.open(dir.ports(), options.basePort());
    Manifests first = read();
    children.reapLeftovers();
    LoopbackPlacement.Placement placement = place(first);
    options.jars().check(placement.children().stream().map(ChildSpec::module).distinct().toList());
    if (!first.catalogs().isEmpty() || usesSamples(first)) {
      options.jars().check(List.of("transcoder-daemon"));
    }
    var clash = Children.portClash(placement.children());
    if (clash.isPresent()) {
      throw new StartException(clash.get());
    }
    try {
      server =
          new ConsoleServer(
              options.consolePort(), dir.samples(), new ConsoleHandler(this::snapshot, telemetry));
    } catch (IOException e) {
      throw new StartException(
          "port "
              + options.consolePort()
              + " for the console (the page, its API and the sample origin) is taken: "
              + e.getMessage()
              + "; free it or start with another --port");
    }
    loadStatuses(first);
    started = true;
    adopt(first, placement);
    console.say(
        "console at "
            + server.url()
            + "  (status: "
            + server.url()
            + "/api/status; work directory "
            + dir.root()
            + ")");
    loop.scheduleWithFixedDelay(this::tick, 0, 1, TimeUnit.SECONDS);
    views.scheduleWithFixedDelay(this::sample, 2, 2, TimeUnit.SECONDS);
    views.scheduleWithFixedDelay(this::draw, 1, 1, TimeUnit.SECONDS);
    scheduler.start();
    if (usesSamples(first)) {
      SampleLibrary.ensure(dir.samples(), options.jars(), dir.javacpp(), console);
    }
    samplesReady = true;
  }

  /** Whether a video's source is the built-in origin: then the sample clips are needed. */
  private boolean usesSamples(Manifests m) {
    String prefix = "http://127.0.0.1:" + options.consolePort() + "/samples/";
    for (VideoCatalog c : m.catalogs()) {
      for (Video v : c.getSpec().videos == null ? List.<Video>of() : c.getSpec().videos) {
        if (v.sources != null && v.sources.stream().anyMatch(s -> s.startsWith(prefix))) {
          return true;
        }
      }
    }
    return false;
  }

  private Manifests read() throws StartException {
    try {
      String text = Files.readString(options.manifest(), StandardCharsets.UTF_8);
      Manifests m = Manifests.parse(text, NAMESPACE);
      manifestText = text;
      return m;
    } catch (java.nio.file.NoSuchFileException e) {
      throw new StartException("no such file: " + options.manifest());
    } catch (IOException e) {
      throw new StartException("cannot read " + options.manifest() + ": " + e.getMessage());
    } catch (ManifestRenderer.RenderException e) {
      throw new StartException(options.manifest() + ": " + e.getMessage());
    }
  }

  private LoopbackPlacement.Placement place(Manifests m) throws StartException {
    try {
      return LoopbackPlacement.place(m, ports, paths(), options.gpu());
    } catch (IllegalArgumentException e) {
      throw new StartException(options.manifest() + ": " + e.getMessage());
    }
  }

  private LoopbackPlacement.Paths paths() {
    return new LoopbackPlacement.Paths() {
      @Override
      public Path data(String daemon) {
        return options.dir().data(daemon);
      }

      @Override
      public Path tokenFile() {
        try {
          return options.dir().tokenFile();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    };
  }

  /** Makes a manifest revision the running one: daemons, locator, scheduler registry. */
  private void adopt(Manifests m, LoopbackPlacement.Placement placement) {
    revision++;
    locator.set(placement.locator());
    browserTrackers = placement.browserTrackers();
    children.apply(placement.children());
    Set<String> poolKeys = new HashSet<>();
    for (CachePool p : m.pools()) {
      String key = key(p.getMetadata().getNamespace(), p.getMetadata().getName());
      poolKeys.add(key);
      registry.pool(
          new PoolRegistry.Pool(
              key,
              p.getMetadata().getNamespace(),
              p.getMetadata().getName(),
              p.getSpec().replicas,
              p.getSpec().bandwidthBytesPerSecond));
      registry.token(p.getMetadata().getNamespace(), token);
    }
    if (manifests != null) {
      for (CachePool p : manifests.pools()) {
        String key = key(p.getMetadata().getNamespace(), p.getMetadata().getName());
        if (!poolKeys.contains(key)) {
          registry.removePool(key);
        }
      }
      Set<String> catalogKeys = new HashSet<>();
      m.catalogs().forEach(c -> catalogKeys.add(CatalogDriver.key(c)));
      for (VideoCatalog c : manifests.catalogs()) {
        if (!catalogKeys.contains(CatalogDriver.key(c))) {
          registry.removeCatalog(CatalogDriver.key(c));
          console.say(
              "catalog "
                  + CatalogDriver.key(c)
                  + " left the manifests: its tracker stops; its videos stay on the caches until"
                  + " eviction takes them");
        }
      }
    }
    due.clear();
    manifests = m;
  }

  /** Completes with the reason when the run cannot go on; never on a clean stop. */
  public java.util.concurrent.CompletableFuture<String> failure() {
    return failure;
  }

  private void tick() {
    try {
      children.tick();
      var fatal = children.fatal();
      if (fatal.isPresent()) {
        failure.complete(fatal.get());
        return;
      }
      Instant now = clock.instant();
      if (!now.isBefore(manifestCheckedAt.plus(MANIFEST_CHECK))) {
        manifestCheckedAt = now;
        followManifest();
      }
      if (!samplesReady) {
        return;
      }
      if (!roundsStarted) {
        // The first rounds wait for every daemon, so that start-up is not reported as outages.
        if (!children.allReady()) {
          return;
        }
        roundsStarted = true;
        console.say("every daemon is ready; the catalog driver and scheduler take over");
      }
      Manifests m = manifests;
      for (VideoCatalog c : m.catalogs()) {
        Instant at = due.get(CatalogDriver.key(c));
        if (at == null || !now.isBefore(at)) {
          round(m, c);
        }
      }
      if (!console.live() && !now.isBefore(progressAt.plus(PROGRESS_LINES))) {
        progressAt = now;
        showProgress(m);
      }
    } catch (RuntimeException e) {
      console.warn("standalone round failed: " + e);
    }
  }

  private void followManifest() {
    String text;
    try {
      text = Files.readString(options.manifest(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return;
    }
    if (text.equals(manifestText)) {
      return;
    }
    manifestText = text;
    try {
      Manifests m = Manifests.parse(text, NAMESPACE);
      LoopbackPlacement.Placement placement =
          LoopbackPlacement.place(m, ports, paths(), options.gpu());
      loadStatuses(m);
      console.say(options.manifest() + " changed: applying it");
      adopt(m, placement);
    } catch (ManifestRenderer.RenderException | IllegalArgumentException e) {
      console.warn(
          options.manifest()
              + " changed but is refused, the last good one keeps running: "
              + e.getMessage());
    }
  }

  /** One catalog round: the operator's driver, then the status kept on disk. */
  private void round(Manifests m, VideoCatalog spec) {
    String key = CatalogDriver.key(spec);
    VideoCatalog catalog = withStatus(spec);
    String ns = catalog.getMetadata().getNamespace();
    CachePool pool =
        m.pools().stream()
            .filter(p -> p.getMetadata().getNamespace().equals(ns))
            .filter(p -> p.getMetadata().getName().equals(catalog.getSpec().cachePool))
            .findFirst()
            .orElse(null);
    List<VideoCatalog> samePool =
        m.catalogs().stream()
            .filter(c -> c.getMetadata().getNamespace().equals(ns))
            .filter(c -> catalog.getSpec().cachePool.equals(c.getSpec().cachePool))
            .map(this::withStatus)
            .toList();
    CatalogDriver.Round r =
        driver.run(catalog, pool, name -> profile(m, ns, name), samePool, token);
    VideoCatalogStatus before = catalog.getStatus();
    recorder.reconciled(catalog, r.context(), r.plan(), r.act());
    VideoCatalogStatus after = catalog.getStatus();
    if (after != null && !StatusDiff.same(after, before)) {
      statuses.put(key, after);
      WorkDir.writeAtomically(
          options.dir().status(ns, catalog.getMetadata().getName()), SERIALIZATION.asJson(after));
    }
    if (pool == null) {
      registry.removeCatalog(key);
    } else {
      registry.catalog(driver.schedule(catalog));
    }
    showCommands(catalog);
    due.put(
        key,
        clock
            .instant()
            .plusSeconds(
                r.ready()
                    ? config.catalogs().readySeconds()
                    : config.catalogs().progressSeconds()));
  }

  private static TranscodeProfile profile(Manifests m, String ns, String name) {
    return m.profiles().stream()
        .filter(p -> p.getMetadata().getNamespace().equals(ns))
        .filter(p -> p.getMetadata().getName().equals(name))
        .findFirst()
        .orElse(null);
  }

  /** A copy of the manifest's catalog carrying the status the last round left. */
  private VideoCatalog withStatus(VideoCatalog spec) {
    VideoCatalog c = StatusDiff.copy(spec, VideoCatalog.class);
    c.getMetadata().setGeneration(revision);
    VideoCatalogStatus s = statuses.get(CatalogDriver.key(spec));
    c.setStatus(s == null ? null : StatusDiff.copy(s, VideoCatalogStatus.class));
    return c;
  }

  private void loadStatuses(Manifests m) {
    for (VideoCatalog c : m.catalogs()) {
      String key = CatalogDriver.key(c);
      Path file = options.dir().status(c.getMetadata().getNamespace(), c.getMetadata().getName());
      if (statuses.containsKey(key) || !Files.exists(file)) {
        continue;
      }
      try {
        statuses.put(
            key,
            SERIALIZATION.unmarshal(
                Files.readString(file, StandardCharsets.UTF_8), VideoCatalogStatus.class));
      } catch (IOException | RuntimeException e) {
        console.warn(
            "cannot read " + file + " (" + e.getMessage() + "); the catalog starts afresh");
      }
    }
  }

  /** The fetch commands of each video, once per run, when it is first seen Ready. */
  private void showCommands(VideoCatalog catalog) {
    VideoCatalogStatus s = catalog.getStatus();
    if (s == null || s.videos == null) {
      return;
    }
    for (VideoStatus v : s.videos) {
      boolean renditionsReady =
          v.renditions == null || v.renditions.stream().allMatch(r -> r.phase == VideoPhase.Ready);
      if (v.phase != VideoPhase.Ready
          || !renditionsReady
          || !commandsShown.add(CatalogDriver.key(catalog) + "/" + v.id)) {
        continue;
      }
      StringBuilder sb =
          new StringBuilder("video " + v.id + " is Ready (" + CatalogDriver.key(catalog) + "):");
      for (String line : FetchCommands.of(v)) {
        sb.append("\n    ").append(line);
      }
      console.say(sb.toString());
    }
  }

  /** A line per catalog that is not Ready, when it changed since the last one. */
  private void showProgress(Manifests m) {
    for (VideoCatalog c : m.catalogs()) {
      String key = CatalogDriver.key(c);
      VideoCatalogStatus s = statuses.get(key);
      if (s == null || s.videos == null) {
        continue;
      }
      StringBuilder sb = new StringBuilder("catalog " + key + ": " + s.ready + " ready");
      for (VideoStatus v : s.videos) {
        sb.append(" | ").append(v.id).append(' ').append(v.phase);
        if (v.phase != VideoPhase.Ready && v.percent != null) {
          sb.append(' ').append(v.percent).append('%');
        }
      }
      String line = sb.toString();
      if (!line.equals(progressShown.put(key, line))) {
        console.say(line);
      }
    }
  }

  /** One telemetry sample: a read per cache and per tracker shard. */
  private void sample() {
    try {
      if (roundsStarted) {
        sampler.sample(registry.scheduled());
      }
    } catch (RuntimeException e) {
      console.warn("sampling the daemons failed: " + e);
    }
  }

  private void draw() {
    try {
      console.show(liveInput());
    } catch (RuntimeException e) {
      // A view that cannot draw must not stop the run; the lines still say what happens.
    }
  }

  LiveView.Input liveInput() {
    List<Children.Daemon> daemons = children.snapshot();
    return new LiveView.Input(
        server == null ? "" : server.url(),
        (int) daemons.stream().filter(Children.Daemon::ready).count(),
        daemons.size(),
        new TreeMap<>(statuses),
        telemetry.latest());
  }

  private void announceAllocation(String namespace, String pool) {
    board
        .latest(namespace, pool)
        .ifPresent(
            r -> {
              allocations.put(key(namespace, pool), r);
              if (r.swarms() == 0) {
                return;
              }
              String line =
                  String.format(
                      java.util.Locale.ROOT,
                      "pool %s: the scheduler shares %.1f MB/s among %d swarms",
                      key(namespace, pool),
                      r.totalShareBytesPerSecond() / 1e6,
                      r.swarms());
              if (!line.equals(allocationShown.put(key(namespace, pool), line))) {
                console.say(line);
              }
              if (!r.unreachable().isEmpty()) {
                console.warn("pool " + key(namespace, pool) + " unreachable: " + r.unreachable());
              }
            });
  }

  /** What {@code /api/status} answers: catalogs, pools' last allocation, daemons. */
  Object snapshot() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("manifest", options.manifest().toString());
    out.put("revision", revision);
    out.put("daemons", children.snapshot());
    out.put("catalogs", new TreeMap<>(statuses));
    out.put("titles", titles(manifests));
    Map<String, Object> pools = new TreeMap<>();
    allocations.forEach((k, r) -> pools.put(k, r));
    out.put("allocations", pools);
    out.put("origin", server == null ? Map.of() : server.originServed());
    // Where the page's players meet, and how they reach each other (--ice-server; none needed
    // on loopback, where host candidates are enough).
    out.put("browserTrackers", new TreeMap<>(browserTrackers));
    out.put("iceServers", options.iceServers());
    out.put("telemetry", telemetry.latest());
    return SERIALIZATION.unmarshal(SERIALIZATION.asJson(out), Object.class);
  }

  /** Each catalog's video titles by id, as the manifest names them. */
  private static Map<String, Map<String, String>> titles(Manifests m) {
    Map<String, Map<String, String>> out = new TreeMap<>();
    if (m == null) {
      return out;
    }
    for (VideoCatalog c : m.catalogs()) {
      Map<String, String> byId = new TreeMap<>();
      for (Video v : c.getSpec().videos == null ? List.<Video>of() : c.getSpec().videos) {
        byId.put(v.id, v.title == null ? v.id : v.title);
      }
      out.put(CatalogDriver.key(c), byId);
    }
    return out;
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  /** Stops the loop, then every daemon (SIGTERM, then SIGKILL after a grace period). */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    // First of all, no restarts: on a terminal's Ctrl-C the daemons got SIGINT too.
    children.stopping();
    views.shutdownNow();
    loop.shutdown();
    try {
      if (!loop.awaitTermination(15, TimeUnit.SECONDS)) {
        loop.shutdownNow();
      }
    } catch (InterruptedException e) {
      loop.shutdownNow();
      Thread.currentThread().interrupt();
    }
    scheduler.close();
    if (started) {
      console.say("stopping " + children.snapshot().size() + " daemons");
    }
    children.close();
    if (server != null) {
      server.close();
    }
    calls.close();
    if (started) {
      console.say("stopped; everything is kept in " + options.dir().root());
    }
  }
}
