package dev.whirlwind.protocol.cache;

import java.util.Map;

/**
 * {@code PUT /v1/shares} on a cache: every content's upload rate in bytes per second, set by the
 * scheduler. It replaces the whole table; contents left out fall back to the default share.
 */
public record ShareTable(Map<String, Long> shares) {}
