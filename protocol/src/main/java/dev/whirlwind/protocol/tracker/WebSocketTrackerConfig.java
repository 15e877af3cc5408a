package dev.whirlwind.protocol.tracker;

import dev.whirlwind.protocol.config.Checks;
import dev.whirlwind.protocol.config.Doc;

/**
 * The WebSocket tracker (the WebTorrent protocol browsers speak: p2p-media-loader, WebTorrent),
 * which introduces WebRTC peers to each other by relaying their offers and answers. Every table a
 * browser can grow is bounded here.
 */
public record WebSocketTrackerConfig(
    @Doc("WebSocket tracker port; 0 disables it.") int port,
    @Doc("Seconds between announces handed to browsers.") int announceIntervalSeconds,
    @Doc("WebSocket connections open at once; past it, connections are refused on accept.")
        int maxConnections,
    @Doc("Connections one client address may hold.") int maxConnectionsPerAddress,
    @Doc("Largest message in bytes (offers carry SDP); larger ones close the connection.")
        int maxMessageBytes,
    @Doc("Offers one announce may carry; each is relayed to one other peer of the swarm.")
        int maxOffersPerAnnounce,
    @Doc("Messages a connection may send per second on average; a flood closes it.")
        int messagesPerSecond,
    @Doc("Swarms one connection may join.") int maxSwarmsPerConnection,
    @Doc("Seconds an offer waits for its answer; later answers are not relayed.")
        int offerTimeoutSeconds,
    @Doc("Browser swarms tracked at most; announces that would add one past it are refused.")
        int maxSwarms,
    @Doc("Browser peers held at most across all swarms; new ones past it are refused.")
        int maxPeers,
    @Doc("Seconds the WebSocket handshake may take after the connection opens.")
        int handshakeTimeoutSeconds) {

  public static WebSocketTrackerConfig defaults() {
    return new WebSocketTrackerConfig(
        0, 120, 65_536, 256, 64 * 1024, 10, 20, 32, 50, 100_000, 1_000_000, 10);
  }

  /** The same tracker on another port. */
  public WebSocketTrackerConfig withPort(int newPort) {
    return new WebSocketTrackerConfig(
        newPort,
        announceIntervalSeconds,
        maxConnections,
        maxConnectionsPerAddress,
        maxMessageBytes,
        maxOffersPerAnnounce,
        messagesPerSecond,
        maxSwarmsPerConnection,
        offerTimeoutSeconds,
        maxSwarms,
        maxPeers,
        handshakeTimeoutSeconds);
  }

  public void validate(String prefix) {
    Checks.range(prefix + ".port", port, 0, 65535);
    Checks.range(prefix + ".announceIntervalSeconds", announceIntervalSeconds, 5, 3600);
    Checks.range(prefix + ".maxConnections", maxConnections, 1, 10_000_000);
    Checks.range(prefix + ".maxConnectionsPerAddress", maxConnectionsPerAddress, 1, maxConnections);
    Checks.range(prefix + ".maxMessageBytes", maxMessageBytes, 1024, 16 << 20);
    Checks.range(prefix + ".maxOffersPerAnnounce", maxOffersPerAnnounce, 1, 100);
    Checks.range(prefix + ".messagesPerSecond", messagesPerSecond, 1, 10_000);
    Checks.range(prefix + ".maxSwarmsPerConnection", maxSwarmsPerConnection, 1, 10_000);
    Checks.range(prefix + ".offerTimeoutSeconds", offerTimeoutSeconds, 1, 3600);
    Checks.range(prefix + ".maxSwarms", maxSwarms, 1, 100_000_000);
    Checks.range(prefix + ".maxPeers", maxPeers, 1, 1_000_000_000);
    Checks.range(prefix + ".handshakeTimeoutSeconds", handshakeTimeoutSeconds, 1, 3600);
  }
}
