package dev.whirlwind.operator.scheduling;

import dev.whirlwind.operator.scheduler.ModelFit;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * What the scheduler remembers of a pool between rounds: each swarm's samples for its model fit,
 * the caches' served-bytes counters of the last round (S_i is their difference over the interval)
 * and the dither's random source. Lost with the operator, it refills within a few rounds.
 */
public final class PoolState {
  final ModelFit fit;
  final Random random;
  Map<String, Long> lastServed = new HashMap<>();
  Instant lastTime;

  public PoolState(int fitWindow, int fitMinSamples, long seed) {
    this.fit = new ModelFit(fitWindow, fitMinSamples);
    this.random = new Random(seed);
  }
}
