package dev.whirlwind.cache.download;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps download orders from reaching into the cluster (SSRF): a URL's host must resolve to public
 * addresses only, unless the pool allows the network (CIDR). The address checked is the address
 * connected to: the caller pins it for the connection and asks again on every redirect.
 */
public final class OriginGuard {
  /** A URL this cache will not fetch; the message says why. */
  public static final class Refused extends Exception {
    public Refused(String message) {
      super(message);
    }
  }

  private record Network(byte[] prefix, int bits) {
    boolean contains(InetAddress a) {
      byte[] b = a.getAddress();
      if (b.length != prefix.length) {
        return false;
      }
      int full = bits / 8;
      for (int i = 0; i < full; i++) {
        if (b[i] != prefix[i]) {
          return false;
        }
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (b[full] & mask) == (prefix[full] & mask);
    }
  }

  private final List<Network> allowed = new ArrayList<>();
  private final java.util.Set<String> trustedHosts;

  /** The same guard, also trusting these {@code host:port}s: caches the tracker registered. */
  public OriginGuard trusting(java.util.Set<String> hostPorts) {
    return new OriginGuard(allowed, hostPorts);
  }

  private OriginGuard(List<Network> allowed, java.util.Set<String> trustedHosts) {
    this.allowed.addAll(allowed);
    this.trustedHosts = java.util.Set.copyOf(trustedHosts);
  }

  public OriginGuard(List<String> allowedCidrs) {
    this.trustedHosts = java.util.Set.of();
    for (String cidr : allowedCidrs) {
      int slash = cidr.indexOf('/');
      try {
        allowed.add(
            new Network(
                InetAddress.getByName(cidr.substring(0, slash)).getAddress(),
                Integer.parseInt(cidr.substring(slash + 1))));
      } catch (UnknownHostException | RuntimeException e) {
        throw new IllegalArgumentException("bad CIDR " + cidr);
      }
    }
  }

  /** The address to connect to for {@code uri}, or {@link Refused}. */
  public InetAddress resolve(URI uri) throws Refused {
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new Refused("only http and https URLs are fetched, not " + uri.getScheme());
    }
    if (uri.getHost() == null) {
      throw new Refused("no host in " + uri);
    }
    InetAddress[] all;
    try {
      all = InetAddress.getAllByName(uri.getHost());
    } catch (UnknownHostException e) {
      throw new Refused("cannot resolve " + uri.getHost());
    }
    boolean trusted =
        trustedHosts.contains(uri.getHost() + ":" + (uri.getPort() < 0 ? 80 : uri.getPort()));
    // Every address must pass: a name with one public and one private address is refused.
    for (InetAddress a : trusted ? new InetAddress[0] : all) {
      if (isInternal(a) && allowed.stream().noneMatch(n -> n.contains(a))) {
        throw new Refused(
            uri.getHost()
                + " resolves to "
                + a.getHostAddress()
                + ", a loopback, link-local or private address the pool does not allow");
      }
    }
    for (InetAddress a : all) {
      if (a instanceof Inet4Address) {
        return a;
      }
    }
    return all[0];
  }

  static boolean isInternal(InetAddress a) {
    if (a.isLoopbackAddress()
        || a.isLinkLocalAddress()
        || a.isSiteLocalAddress()
        || a.isAnyLocalAddress()
        || a.isMulticastAddress()) {
      return true;
    }
    byte[] b = a.getAddress();
    if (b.length == 4) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      // 100.64/10 carrier-grade NAT and 0/8 are not reachable origins either.
      return first == 0 || (first == 100 && second >= 64 && second < 128);
    }
    // fc00::/7 unique local addresses.
    return (b[0] & 0xfe) == 0xfc;
  }
}
