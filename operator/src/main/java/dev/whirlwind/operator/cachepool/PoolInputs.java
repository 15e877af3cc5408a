package dev.whirlwind.operator.cachepool;

import dev.whirlwind.operator.OperatorConfig;
import java.util.List;

/**
 * What a pool's objects are rendered from besides the pool itself.
 *
 * @param trackers the tracker shard URLs of every catalog that names the pool, catalogs in name
 *     order, shards in shard order: the caches register with each
 */
public record PoolInputs(OperatorConfig.Images images, List<List<String>> trackers) {
  public PoolInputs {
    trackers = trackers.stream().map(List::copyOf).toList();
  }
}
