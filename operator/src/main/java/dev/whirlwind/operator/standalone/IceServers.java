package dev.whirlwind.operator.standalone;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The STUN/TURN servers the page's players are given ({@code --ice-server}), as WebRTC's {@code
 * RTCIceServer} objects. None by default: on loopback host candidates are enough, and no public
 * server is ever used unasked.
 */
final class IceServers {
  static final int MAX = 8;

  private IceServers() {}

  /**
   * Each {@code URL} or {@code URL,USERNAME,CREDENTIAL} (TURN needs the two), the URL {@code
   * stun:}, {@code turn:} or {@code turns:} with a host.
   *
   * @throws IllegalArgumentException naming the bad entry
   */
  static List<Map<String, String>> parse(List<String> entries) {
    if (entries == null) {
      return List.of();
    }
    if (entries.size() > MAX) {
      throw new IllegalArgumentException(
          "--ice-server: at most " + MAX + ", got " + entries.size());
    }
    List<Map<String, String>> out = new ArrayList<>();
    for (String e : entries) {
      String[] parts = e.split(",", -1);
      if (parts.length != 1 && parts.length != 3) {
        throw new IllegalArgumentException(
            "--ice-server is URL or URL,USERNAME,CREDENTIAL, not " + e);
      }
      String url = parts[0].trim();
      String scheme = url.contains(":") ? url.substring(0, url.indexOf(':')) : "";
      if (!List.of("stun", "turn", "turns").contains(scheme) || !hasHost(url)) {
        throw new IllegalArgumentException(
            "--ice-server needs a stun:, turn: or turns: URL with a host, not " + url);
      }
      if (!scheme.equals("stun") && parts.length != 3) {
        throw new IllegalArgumentException(
            "--ice-server " + url + ": a TURN server needs URL,USERNAME,CREDENTIAL");
      }
      Map<String, String> server = new LinkedHashMap<>();
      server.put("urls", url);
      if (parts.length == 3) {
        server.put("username", parts[1]);
        server.put("credential", parts[2]);
      }
      out.add(Map.copyOf(server));
    }
    return List.copyOf(out);
  }

  private static boolean hasHost(String url) {
    try {
      // stun:host:port has no "//"; read it as an authority.
      String host =
          URI.create("x://" + url.substring(url.indexOf(':') + 1).split("\\?")[0]).getHost();
      return host != null && !host.isBlank();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
