package dev.whirlwind.operator.tracker;

import dev.whirlwind.operator.OperatorConfig;
import java.util.List;

/**
 * What a catalog's tracker objects are rendered from besides the catalog itself.
 *
 * @param shardUrls every shard's base URL in shard order: torrents announce to the owning one
 */
public record CatalogInputs(OperatorConfig.Images images, List<String> shardUrls) {
  public CatalogInputs {
    shardUrls = List.copyOf(shardUrls);
  }
}
