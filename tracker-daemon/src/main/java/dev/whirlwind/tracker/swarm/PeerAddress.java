package dev.whirlwind.tracker.swarm;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * A peer's IP and port: the identity of a peer in a swarm. Peers on one IP with different ports are
 * distinct. IPv4-mapped IPv6 addresses are stored as IPv4, so a dual-stack socket does not split a
 * client in two.
 */
public final class PeerAddress {
  private final byte[] ip; // 4 or 16 bytes
  private final int port;
  // The address packed into two longs: equality and hashing without touching the array, which
  // matters on the announce path (every announce looks its peer up).
  private final long high;
  private final long low;
  private final boolean ipv4;
  private final int hash;

  /** The {@link #high()} of every IPv4 address. */
  static final long IPV4_HIGH = -1L;

  private PeerAddress(byte[] ip, int port) {
    this.ip = ip;
    this.port = port;
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(ip);
    this.ipv4 = ip.length == 4;
    if (ipv4) {
      this.high = IPV4_HIGH;
      this.low = b.getInt() & 0xffffffffL;
    } else {
      this.high = b.getLong();
      this.low = b.getLong();
    }
    this.hash = (int) (31 * (31 * Long.hashCode(high) + Long.hashCode(low)) + port);
  }

  public static PeerAddress of(InetAddress address, int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    byte[] raw = address.getAddress();
    if (address instanceof Inet6Address && isV4Mapped(raw)) {
      raw = Arrays.copyOfRange(raw, 12, 16);
    }
    return new PeerAddress(raw, port);
  }

  /** The address of a packed record (see {@link #high()} and {@link #low()}). */
  static PeerAddress ofPacked(boolean ipv4, long high, long low, int port) {
    java.nio.ByteBuffer b;
    if (ipv4) {
      b = java.nio.ByteBuffer.allocate(4).putInt((int) low);
    } else {
      b = java.nio.ByteBuffer.allocate(16).putLong(high).putLong(low);
    }
    return new PeerAddress(b.array(), port);
  }

  /** The first 8 bytes of an IPv6 address; {@link #IPV4_HIGH} for IPv4. */
  long high() {
    return high;
  }

  /** The last 8 bytes of an IPv6 address, or the IPv4 address as an unsigned int. */
  long low() {
    return low;
  }

  private static boolean isV4Mapped(byte[] a) {
    for (int i = 0; i < 10; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
  }

  public boolean isIpv4() {
    return ipv4;
  }

  public int port() {
    return port;
  }

  /** Writes the compact form (BEP 23 / BEP 7): the address bytes then the port, big-endian. */
  public int writeCompact(byte[] out, int offset) {
    System.arraycopy(ip, 0, out, offset, ip.length);
    out[offset + ip.length] = (byte) (port >>> 8);
    out[offset + ip.length + 1] = (byte) port;
    return offset + ip.length + 2;
  }

  /** Writes the compact form into a buffer. */
  public void writeCompact(io.netty.buffer.ByteBuf out) {
    out.writeBytes(ip).writeShort(port);
  }

  public String ipString() {
    try {
      return isIpv4()
          ? Inet4Address.getByAddress(ip).getHostAddress()
          : Inet6Address.getByAddress(ip).getHostAddress();
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PeerAddress p
        && p.port == port
        && p.low == low
        && p.high == high
        && p.ipv4 == ipv4;
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return (isIpv4() ? ipString() : "[" + ipString() + "]") + ":" + port;
  }
}
