package dev.whirlwind.protocol.config;

/**
 * Bounds and timeouts of a daemon's HTTP port, the same keys for every daemon ({@code http.*}). A
 * connection past a cap is answered {@code 503} before anything is read, except that a few reserved
 * connections still answer {@code /healthz}, {@code /readyz} and {@code /metrics}, so probes and
 * scrapes see a full daemon as full rather than dead.
 */
public record HttpLimits(
    @Doc("Client connections open at once; past it, connections get 503 on accept.")
        int maxConnections,
    @Doc("Connections one client address may hold; keeps one address from taking the cap.")
        int maxConnectionsPerAddress,
    @Doc("Extra connections past the caps that may only ask /healthz, /readyz and /metrics.")
        int reservedOpsConnections,
    @Doc("Seconds from a request's first byte to the end of its headers; then 408.")
        int headerTimeoutSeconds,
    @Doc("Seconds an idle keep-alive connection stays open between requests.")
        int idleTimeoutSeconds,
    @Doc("Seconds a request body may go without a byte arriving; then 408.")
        int bodyProgressTimeoutSeconds,
    @Doc("Seconds an answer may wait on a client that reads nothing; then the connection closes.")
        int writeProgressTimeoutSeconds,
    @Doc("Longest request line in bytes; longer ones get 414.") int maxRequestLineBytes,
    @Doc("Largest request header block in bytes; larger ones get 431.") int maxHeaderBytes,
    @Doc("Largest JSON request body in bytes; larger ones get 413.") int maxJsonBodyBytes) {

  /** Defaults for a daemon that serves many clients; daemons with fewer pass their own caps. */
  public static HttpLimits defaults(int maxConnections, int maxConnectionsPerAddress) {
    return new HttpLimits(
        maxConnections, maxConnectionsPerAddress, 16, 10, 60, 30, 60, 8192, 16 * 1024, 1 << 20);
  }

  /** Checks every key; {@code prefix} is the key this record sits under, such as {@code http}. */
  public void validate(String prefix) {
    Checks.range(prefix + ".maxConnections", maxConnections, 1, 10_000_000);
    Checks.range(prefix + ".maxConnectionsPerAddress", maxConnectionsPerAddress, 1, maxConnections);
    Checks.range(prefix + ".reservedOpsConnections", reservedOpsConnections, 0, 1024);
    Checks.range(prefix + ".headerTimeoutSeconds", headerTimeoutSeconds, 1, 3600);
    Checks.range(prefix + ".idleTimeoutSeconds", idleTimeoutSeconds, 1, 24 * 3600);
    Checks.range(prefix + ".bodyProgressTimeoutSeconds", bodyProgressTimeoutSeconds, 1, 3600);
    Checks.range(prefix + ".writeProgressTimeoutSeconds", writeProgressTimeoutSeconds, 1, 3600);
    Checks.range(prefix + ".maxRequestLineBytes", maxRequestLineBytes, 256, 1 << 20);
    Checks.range(prefix + ".maxHeaderBytes", maxHeaderBytes, 1024, 1 << 20);
    Checks.range(prefix + ".maxJsonBodyBytes", maxJsonBodyBytes, 1024, 1 << 30);
  }
}
