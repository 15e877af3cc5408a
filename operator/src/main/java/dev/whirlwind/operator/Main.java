package dev.whirlwind.operator;

import dev.whirlwind.operator.health.HealthServer;
import dev.whirlwind.operator.kube.InstalledCrds;
import dev.whirlwind.operator.locate.ClusterDnsLocator;
import dev.whirlwind.operator.render.ManifestRenderer;
import dev.whirlwind.operator.standalone.StandaloneCommand;
import dev.whirlwind.protocol.config.ConfigException;
import dev.whirlwind.protocol.config.ConfigHelp;
import dev.whirlwind.protocol.config.ConfigLoader;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.RuntimeInfo;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar operator.jar run|render|standalone}. */
@Command(
    name = "whirlwind-operator",
    mixinStandardHelpOptions = true,
    version = OperatorConfig.VERSION,
    description = "The Whirlwind operator.",
    subcommands = {Main.Run.class, Main.Render.class, StandaloneCommand.class})
public final class Main implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public Integer call() {
    new CommandLine(this).usage(System.out);
    return 2;
  }

  static OperatorConfig loadConfig(Path file) {
    return ConfigLoader.load(
        OperatorConfig.class, OperatorConfig.defaults(), file, System.getenv());
  }

  /** Runs the operator against the cluster of the current kubeconfig or service account. */
  @Command(name = "run", description = "Reconcile Whirlwind resources in a cluster.")
  static final class Run implements Callable<Integer> {
    @Option(names = "--config", description = "Operator config YAML (optional).")
    Path config;

    @Option(names = "--help-config", description = "List every config key and exit.")
    boolean helpConfig;

    @Override
    public Integer call() throws Exception {
      if (helpConfig) {
        System.out.print(
            ConfigHelp.render("operator", OperatorConfig.class, OperatorConfig.defaults()));
        return 0;
      }
      OperatorConfig cfg;
      try {
        cfg = loadConfig(config);
      } catch (ConfigException e) {
        System.err.println(e.getMessage());
        return 2;
      }
      // Read once, when the first JDK HTTP server starts: the health port's and the console's.
      dev.whirlwind.operator.web.ConsoleHandler.limitJdkHttpServer();
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      new JvmMemoryMetrics().bindTo(registry);
      new JvmThreadMetrics().bindTo(registry);
      KubernetesClient client = new KubernetesClientBuilder().build();
      if (cfg.crdCheck()) {
        List<String> problems = InstalledCrds.problems(client);
        if (!problems.isEmpty()) {
          problems.forEach(p -> LOG.error("{}", p));
          LOG.error("not starting: the installed CRDs are not this operator's (crdCheck)");
          client.close();
          return 1;
        }
      }
      AtomicBoolean stopping = new AtomicBoolean();
      WhirlwindOperator operator =
          WhirlwindOperator.create(
              client,
              cfg,
              new ClusterDnsLocator(),
              registry,
              Clock.systemUTC(),
              () -> {
                if (!stopping.get()) {
                  LOG.error("lost the leader lease; exiting so that no two operators reconcile");
                  System.exit(1);
                }
              });
      RuntimeInfo runtime = operator.operator().getRuntimeInfo();
      try (HealthServer health =
          new HealthServer(
              cfg.healthPort(),
              () -> runtime.isStarted() && runtime.allEventSourcesAreHealthy(),
              registry)) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      stopping.set(true);
                      LOG.info("shutting down: stopping reconcilers");
                      operator.stop();
                      LOG.info("reconcilers stopped");
                      client.close();
                      LOG.info("client closed");
                      stopped.countDown();
                    },
                    "shutdown"));
        try {
          operator.start();
        } catch (RuntimeException e) {
          LOG.error("operator failed to start", e);
          return 1;
        }
        dev.whirlwind.operator.web.ClusterConsole started;
        try {
          started = console(cfg, client, operator);
        } catch (java.io.IOException e) {
          LOG.error(
              "console port {} cannot be opened ({}); free it or set consolePort (0 turns the"
                  + " console off)",
              cfg.consolePort(),
              e.toString());
          operator.stop();
          return 1;
        }
        try (var console = started) {
          LOG.info(
              "operator ready: health on :{}, console on {}, API server {}, namespaces {}",
              health.port(),
              console == null ? "(off)" : ":" + console.port(),
              client.getMasterUrl(),
              cfg.namespaces().isEmpty() ? "all" : cfg.namespaces());
          stopped.await();
        }
      }
      return 0;
    }
  }

  /** The read-only console page on its own port, or null when the config turns it off. */
  static dev.whirlwind.operator.web.ClusterConsole console(
      OperatorConfig cfg, KubernetesClient client, WhirlwindOperator operator)
      throws java.io.IOException {
    if (cfg.consolePort() == 0) {
      return null;
    }
    var telemetry = new dev.whirlwind.operator.web.Telemetry();
    return new dev.whirlwind.operator.web.ClusterConsole(
        cfg.consolePort(),
        new dev.whirlwind.operator.web.ConsoleHandler(
            new dev.whirlwind.operator.web.ClusterStatus(
                client, cfg.namespaces(), telemetry, Clock.systemUTC()),
            telemetry),
        new dev.whirlwind.operator.web.TelemetrySampler(
            operator.calls(),
            new dev.whirlwind.operator.catalog.CatalogObserver(
                operator.calls(), new ClusterDnsLocator()),
            telemetry,
            Clock.systemUTC()),
        operator.pools());
  }

  /** Prints the objects the operator would create, without a cluster. */
  @Command(
      name = "render",
      description = "Print every Kubernetes object the operator would create for the manifests.")
  static final class Render implements Callable<Integer> {
    @Option(
        names = {"-f", "--filename"},
        required = true,
        description = "Manifest file with CachePool, VideoCatalog and TranscodeProfile documents.")
    Path file;

    @Option(
        names = {"-n", "--namespace"},
        defaultValue = "default",
        description = "Namespace of documents that name none (default: ${DEFAULT-VALUE}).")
    String namespace;

    @Option(names = "--config", description = "Operator config YAML (images).")
    Path config;

    @Override
    public Integer call() throws Exception {
      try {
        OperatorConfig cfg = loadConfig(config);
        String manifests = Files.readString(file, StandardCharsets.UTF_8);
        PrintWriter out =
            new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        out.print(new ManifestRenderer(cfg, new ClusterDnsLocator(), namespace).render(manifests));
        out.flush();
        return 0;
      } catch (ConfigException | ManifestRenderer.RenderException e) {
        System.err.println("error: " + e.getMessage());
        return 1;
      } catch (java.nio.file.NoSuchFileException e) {
        System.err.println("error: no such file: " + e.getFile());
        return 1;
      }
    }
  }
}
