package dev.whirlwind.server.http;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the HTTP surface refused or cut, by reason, for {@code /metrics}. Counted once here for
 * every daemon, so the same series exist on all three.
 */
public final class SurfaceCounters {
  final LongAdder refusedFull = new LongAdder();
  final LongAdder refusedPerAddress = new LongAdder();
  final LongAdder opsOnlyAdmitted = new LongAdder();
  final LongAdder headerTimeouts = new LongAdder();
  final LongAdder idleTimeouts = new LongAdder();
  final LongAdder bodyTimeouts = new LongAdder();
  final LongAdder writeTimeouts = new LongAdder();
  final LongAdder badRequests = new LongAdder();

  public long refused() {
    return refusedFull.sum() + refusedPerAddress.sum();
  }

  public long timeouts() {
    return headerTimeouts.sum() + idleTimeouts.sum() + bodyTimeouts.sum() + writeTimeouts.sum();
  }

  /** Prometheus text lines; {@code open} is the connections open now. */
  String scrape(String daemon, int open) {
    StringBuilder sb = new StringBuilder(1024);
    String p = "whirlwind_" + daemon + "_http_";
    sb.append("# HELP ").append(p).append("connections Client connections open now.\n");
    sb.append("# TYPE ").append(p).append("connections gauge\n");
    sb.append(p).append("connections ").append(open).append('\n');
    sb.append("# HELP ")
        .append(p)
        .append("connections_refused_total Connections answered 503 on accept.\n");
    sb.append("# TYPE ").append(p).append("connections_refused_total counter\n");
    line(sb, p + "connections_refused_total{reason=\"full\"}", refusedFull);
    line(sb, p + "connections_refused_total{reason=\"per_address\"}", refusedPerAddress);
    sb.append("# HELP ")
        .append(p)
        .append("ops_only_connections_total Connections past a cap admitted for ops only.\n");
    sb.append("# TYPE ").append(p).append("ops_only_connections_total counter\n");
    line(sb, p + "ops_only_connections_total", opsOnlyAdmitted);
    sb.append("# HELP ").append(p).append("timeouts_total Connections cut by a timeout.\n");
    sb.append("# TYPE ").append(p).append("timeouts_total counter\n");
    line(sb, p + "timeouts_total{kind=\"header\"}", headerTimeouts);
    line(sb, p + "timeouts_total{kind=\"idle\"}", idleTimeouts);
    line(sb, p + "timeouts_total{kind=\"body\"}", bodyTimeouts);
    line(sb, p + "timeouts_total{kind=\"write\"}", writeTimeouts);
    sb.append("# HELP ")
        .append(p)
        .append("bad_requests_total Requests refused before routing (syntax, version, Host).\n");
    sb.append("# TYPE ").append(p).append("bad_requests_total counter\n");
    line(sb, p + "bad_requests_total", badRequests);
    return sb.toString();
  }

  private static void line(StringBuilder sb, String name, LongAdder value) {
    sb.append(name).append(' ').append(value.sum()).append('\n');
  }
}
