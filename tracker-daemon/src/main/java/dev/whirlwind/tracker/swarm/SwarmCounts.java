package dev.whirlwind.tracker.swarm;

/** A swarm's counts as an announce left them. */
public record SwarmCounts(int seeders, int leechers, long completions) {}
