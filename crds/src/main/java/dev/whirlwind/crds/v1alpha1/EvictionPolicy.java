package dev.whirlwind.crds.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How a cache chooses what to evict when it passes its high watermark. LFU is the default: in the
 * seed system's trace simulation LFU beat LRU, which beat FIFO, for heavy-tailed popularity.
 */
public enum EvictionPolicy {
  @JsonProperty("lfu")
  LFU,
  @JsonProperty("lru")
  LRU,
  @JsonProperty("fifo")
  FIFO
}
