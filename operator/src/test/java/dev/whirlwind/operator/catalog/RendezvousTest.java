package dev.whirlwind.operator.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RendezvousTest {
  static final List<String> NODES =
      List.of("edge-cache-0", "edge-cache-1", "edge-cache-2", "edge-cache-3", "edge-cache-4");

  private static Map<String, Set<String>> place(List<String> nodes, int replicas) {
    Map<String, Set<String>> out = new HashMap<>();
    for (int i = 0; i < 2000; i++) {
      String item = "video/films/v" + i;
      out.put(item, new HashSet<>(Rendezvous.top(item, nodes, replicas)));
    }
    return out;
  }

  @Test
  void aCacheThatLeavesMovesOnlyItsOwnShare() {
    Map<String, Set<String>> before = place(NODES, 2);
    List<String> fewer = new ArrayList<>(NODES);
    fewer.remove("edge-cache-3");
    Map<String, Set<String>> after = place(fewer, 2);
    int moved = 0;
    for (String item : before.keySet()) {
      Set<String> b = before.get(item);
      Set<String> a = after.get(item);
      if (!b.contains("edge-cache-3")) {
        assertThat(a).as(item).isEqualTo(b);
      } else {
        // The other replica stays where it was; one new cache takes the leaver's place.
        Set<String> kept = new HashSet<>(b);
        kept.remove("edge-cache-3");
        assertThat(a).containsAll(kept).hasSize(2).doesNotContain("edge-cache-3");
        moved++;
      }
    }
    // Two of five nodes per item: the leaver held about 40 % of the items.
    assertThat(moved).isBetween(700, 900);
  }

  @Test
  void aCacheThatJoinsTakesOnlyItsShareFromTheOthers() {
    List<String> four = NODES.subList(0, 4);
    Map<String, Set<String>> before = place(four, 2);
    Map<String, Set<String>> after = place(NODES, 2);
    int changed = 0;
    for (String item : before.keySet()) {
      Set<String> b = before.get(item);
      Set<String> a = after.get(item);
      if (!a.equals(b)) {
        changed++;
        assertThat(a).contains("edge-cache-4");
        Set<String> common = new HashSet<>(a);
        common.retainAll(b);
        assertThat(common).as("only one replica moves").hasSize(1);
      }
    }
    assertThat(changed).isBetween(700, 900);
  }

  @Test
  void rankingIsStableAndUsesEveryNodeEvenly() {
    List<String> reversed = new ArrayList<>(NODES);
    java.util.Collections.reverse(reversed);
    assertThat(Rendezvous.rank("x", NODES)).isEqualTo(Rendezvous.rank("x", reversed));
    Map<String, Integer> first = new HashMap<>();
    for (int i = 0; i < 5000; i++) {
      first.merge(Rendezvous.rank("item-" + i, NODES).get(0), 1, Integer::sum);
    }
    assertThat(first.values()).allSatisfy(n -> assertThat(n).isBetween(850, 1150));
    assertThat(Rendezvous.top("x", NODES, 9)).hasSize(5);
    assertThat(Rendezvous.top("x", List.of(), 2)).isEmpty();
  }
}
