package dev.whirlwind.operator.catalog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Rendezvous (highest random weight) hashing: each item ranks every node by {@code score(item,
 * node)} and takes the best ones. A node that comes or goes changes the ranking of nothing but its
 * own place, so only the items it held (or now wins) move.
 *
 * <p>score = the first 8 bytes, unsigned, of SHA-256(item || 0x0a || node): uniform and the same on
 * every operator replica and in standalone mode.
 */
public final class Rendezvous {
  private Rendezvous() {}

  /** The nodes best first; ties (never in practice) are broken by name. */
  public static List<String> rank(String item, List<String> nodes) {
    List<String> ranked = new ArrayList<>(nodes);
    ranked.sort(
        Comparator.comparing((String n) -> score(item, n), Long::compareUnsigned)
            .reversed()
            .thenComparing(Comparator.naturalOrder()));
    return ranked;
  }

  /** The {@code count} best nodes for an item (all of them when there are fewer). */
  public static List<String> top(String item, List<String> nodes, int count) {
    List<String> ranked = rank(item, nodes);
    return ranked.subList(0, Math.min(Math.max(0, count), ranked.size()));
  }

  static long score(String item, String node) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(item.getBytes(StandardCharsets.UTF_8));
      md.update((byte) '\n');
      byte[] d = md.digest(node.getBytes(StandardCharsets.UTF_8));
      long s = 0;
      for (int i = 0; i < 8; i++) {
        s = (s << 8) | (d[i] & 0xff);
      }
      return s;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
