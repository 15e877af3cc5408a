package dev.whirlwind.operator.standalone;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The loopback port of each daemon, kept in the work directory so that a restarted run puts every
 * daemon where it was: caches keep the URLs the trackers and clients know them by. A daemon gets
 * the lowest port from {@code basePort} up that no other daemon holds; a different base port starts
 * the book again.
 */
public final class PortBook {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BASE = "(base)";

  private final Path file;
  private final int basePort;
  private final Map<String, Integer> ports;

  private PortBook(Path file, int basePort, Map<String, Integer> ports) {
    this.file = file;
    this.basePort = basePort;
    this.ports = ports;
  }

  public static PortBook open(Path file, int basePort) {
    Map<String, Integer> ports = new TreeMap<>();
    if (Files.exists(file)) {
      try {
        ports.putAll(JSON.readValue(file.toFile(), new TypeReference<Map<String, Integer>>() {}));
      } catch (IOException e) {
        // A damaged book only costs new ports; the daemons' data is elsewhere.
        ports.clear();
      }
    }
    if (!Integer.valueOf(basePort).equals(ports.get(BASE))) {
      ports.clear();
    }
    ports.put(BASE, basePort);
    return new PortBook(file, basePort, ports);
  }

  private boolean taken(int port) {
    return ports.entrySet().stream()
        .anyMatch(e -> !e.getKey().equals(BASE) && e.getValue() == port);
  }

  /** The daemon's port, assigned (and saved) on first use. */
  public synchronized int port(String daemon) {
    Integer known = ports.get(daemon);
    if (known != null) {
      return known;
    }
    int p = basePort;
    while (taken(p)) {
      p++;
    }
    if (p > 65535) {
      throw new IllegalStateException("no loopback port left above " + basePort);
    }
    ports.put(daemon, p);
    try {
      WorkDir.writeAtomically(
          file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(ports));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }
}
