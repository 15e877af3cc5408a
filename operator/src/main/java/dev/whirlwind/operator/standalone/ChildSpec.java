package dev.whirlwind.operator.standalone;

import java.util.List;

/**
 * One daemon standalone mode runs: which jar, with which rendered config, listening where.
 *
 * @param name the daemon's name, the pod name it would have in a cluster ({@code
 *     quickstart-cache-0})
 * @param module the daemon's module, which names its jar
 * @param role what it is, for messages: {@code cache 0 of pool default/quickstart}
 * @param baseUrl where its HTTP server answers
 * @param tcpPorts ports it binds on 127.0.0.1, checked free before it starts
 * @param udpPorts likewise for UDP
 * @param heapMegabytes its {@code -Xmx}
 */
public record ChildSpec(
    String name,
    String module,
    String role,
    String configYaml,
    String baseUrl,
    List<Integer> tcpPorts,
    List<Integer> udpPorts,
    int heapMegabytes) {

  /** Same process, same config: a running child with this spec need not restart. */
  public boolean sameAs(ChildSpec other) {
    return other != null && equals(other);
  }
}
