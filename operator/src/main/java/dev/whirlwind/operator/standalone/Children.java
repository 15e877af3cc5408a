package dev.whirlwind.operator.standalone;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The daemons standalone mode runs, kept as the placement says: started when wanted, restarted when
 * their config changes or they die (backing off up to a minute), stopped when no longer wanted or
 * on shutdown. Their pids are kept in the work directory so that the leftovers of a run that was
 * killed outright are stopped by the next one.
 */
final class Children implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BACKOFF_SECONDS = 60;

  /** A daemon that dies this often before it was ever ready cannot work: the run gives up. */
  static final int EXITS_BEFORE_READY = 3;

  private static final class Managed {
    ChildSpec spec;
    ChildProcess process;
    boolean ready;
    boolean everReady;
    int exitsBeforeReady;
    int failures;
    Instant retryAt = Instant.EPOCH;
    String lastProblem;
  }

  private final WorkDir dir;
  private final DaemonJars jars;
  private final Console console;
  private final Clock clock;
  private final Map<String, Managed> managed = new TreeMap<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private boolean closed;
  private String fatal;

  Children(WorkDir dir, DaemonJars jars, Console console, Clock clock) {
    this.dir = dir;
    this.jars = jars;
    this.console = console;
    this.clock = clock;
  }

  /** Stops the daemons a run that was killed outright left behind (found by their marker). */
  void reapLeftovers() {
    if (!Files.exists(dir.children())) {
      return;
    }
    Map<String, Long> pids;
    try {
      pids = JSON.readValue(dir.children().toFile(), new TypeReference<Map<String, Long>>() {});
    } catch (IOException e) {
      return;
    }
    String marker = ChildProcess.MARKER + dir.root();
    pids.forEach(
        (name, pid) ->
            ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(h -> h.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .ifPresent(
                    h -> {
                      console.warn(
                          "stopping " + name + " (pid " + pid + ") left running by an earlier run");
                      h.destroy();
                      try {
                        h.onExit().get(ChildProcess.STOP_SECONDS, TimeUnit.SECONDS);
                      } catch (Exception e) {
                        h.destroyForcibly();
                      }
                    }));
    recordPids();
  }

  /** The first port clash among the children, or empty: checked before anything starts. */
  static Optional<String> portClash(List<ChildSpec> specs) {
    for (ChildSpec s : specs) {
      String taken = PortCheck.taken(s);
      if (taken != null) {
        return Optional.of(taken);
      }
    }
    return Optional.empty();
  }

  /** Makes the running set what {@code wanted} says. */
  synchronized void apply(List<ChildSpec> wanted) {
    if (closed) {
      return;
    }
    Map<String, ChildSpec> byName = new TreeMap<>();
    wanted.forEach(s -> byName.put(s.name(), s));
    for (String name : new ArrayList<>(managed.keySet())) {
      if (!byName.containsKey(name)) {
        Managed m = managed.remove(name);
        if (m.process != null) {
          console.say("stopping " + name + ": the manifests no longer have it");
          m.process.stop();
        }
      }
    }
    byName.forEach(
        (name, spec) -> {
          Managed m = managed.computeIfAbsent(name, n -> new Managed());
          if (spec.sameAs(m.spec) && m.process != null) {
            return;
          }
          if (m.process != null) {
            console.say("restarting " + name + ": its config changed");
            m.process.stop();
            m.process = null;
          }
          m.spec = spec;
          m.failures = 0;
          m.retryAt = Instant.EPOCH;
          start(m);
        });
    recordPids();
  }

  /** Restarts what died, when its back-off allows; notes which daemons became ready. */
  synchronized void tick() {
    if (closed) {
      return;
    }
    Instant now = clock.instant();
    boolean changed = false;
    for (Managed m : managed.values()) {
      if (m.process != null && !m.process.alive()) {
        m.failures++;
        int wait = backoffSeconds(m.failures);
        console.warn(
            m.spec.name()
                + " exited with status "
                + m.process.process.exitValue()
                + "; restarting in "
                + wait
                + " s. Its log ("
                + m.process.log
                + ") ends:\n"
                + indent(m.process.logTail(8)));
        if (!m.everReady && ++m.exitsBeforeReady >= EXITS_BEFORE_READY && fatal == null) {
          fatal =
              m.spec.name()
                  + " ("
                  + m.spec.role()
                  + ") exited "
                  + m.exitsBeforeReady
                  + " times without becoming ready; its log is "
                  + m.process.log;
        }
        m.process = null;
        m.ready = false;
        m.retryAt = now.plusSeconds(wait);
        changed = true;
      }
      if (m.process == null && !now.isBefore(m.retryAt)) {
        start(m);
        changed = true;
      }
      if (m.process != null && !m.ready && answersReady(m.spec)) {
        m.ready = true;
        m.everReady = true;
        m.failures = 0;
        console.say(m.spec.name() + " ready at " + m.spec.baseUrl() + " (" + m.spec.role() + ")");
      }
    }
    if (changed) {
      recordPids();
    }
  }

  /** One daemon as the status API lists it. */
  record Daemon(String name, String role, String url, boolean ready, Long pid) {}

  synchronized List<Daemon> snapshot() {
    return managed.values().stream()
        .map(
            m ->
                new Daemon(
                    m.spec.name(),
                    m.spec.role(),
                    m.spec.baseUrl(),
                    m.ready,
                    m.process == null ? null : m.process.pid()))
        .toList();
  }

  /** Why the run cannot go on (a daemon that never starts), if so. */
  synchronized Optional<String> fatal() {
    return Optional.ofNullable(fatal);
  }

  synchronized boolean allReady() {
    return managed.values().stream().allMatch(m -> m.ready);
  }

  synchronized List<String> notReady() {
    return managed.values().stream().filter(m -> !m.ready).map(m -> m.spec.name()).toList();
  }

  private void start(Managed m) {
    String clash = PortCheck.taken(m.spec);
    if (clash != null) {
      fail(m, clash);
      return;
    }
    try {
      m.process =
          ChildProcess.start(
              m.spec,
              jars.jar(m.spec.module()),
              dir.config(m.spec.name()),
              dir.log(m.spec.name()),
              dir.root());
      m.ready = false;
      m.lastProblem = null;
    } catch (IOException e) {
      fail(m, "cannot start " + m.spec.name() + ": " + e.getMessage());
    }
  }

  private void fail(Managed m, String problem) {
    m.failures++;
    int wait = backoffSeconds(m.failures);
    if (!problem.equals(m.lastProblem)) {
      console.warn(problem + " (trying again in " + wait + " s)");
    }
    m.lastProblem = problem;
    m.retryAt = clock.instant().plusSeconds(wait);
  }

  private static int backoffSeconds(int failures) {
    return (int) Math.min(MAX_BACKOFF_SECONDS, 1L << Math.min(failures, 6));
  }

  private boolean answersReady(ChildSpec spec) {
    try {
      HttpResponse<Void> r =
          http.send(
              HttpRequest.newBuilder(URI.create(spec.baseUrl() + "/readyz"))
                  .timeout(Duration.ofSeconds(1))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void recordPids() {
    Map<String, Long> pids = new TreeMap<>();
    managed.forEach(
        (name, m) -> {
          if (m.process != null) {
            pids.put(name, m.process.pid());
          }
        });
    try {
      WorkDir.writeAtomically(dir.children(), JSON.writeValueAsString(pids));
    } catch (IOException e) {
      console.warn("cannot record the daemons' pids: " + e.getMessage());
    }
  }

  private static String indent(String text) {
    return "    " + text.replace("\n", "\n    ");
  }

  /** From now on nothing starts or restarts; {@link #close} then stops what runs. */
  synchronized void stopping() {
    closed = true;
  }

  /** Stops every daemon at once (each SIGTERM, then SIGKILL after its grace period). */
  @Override
  public void close() {
    List<Thread> stops = new ArrayList<>();
    synchronized (this) {
      closed = true;
      for (Managed m : managed.values()) {
        if (m.process != null) {
          ChildProcess p = m.process;
          Thread t = new Thread(p::stop, "stop-" + m.spec.name());
          t.start();
          stops.add(t);
        }
      }
    }
    for (Thread t : stops) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (this) {
      managed.values().forEach(m -> m.process = null);
      recordPids();
    }
  }
}
