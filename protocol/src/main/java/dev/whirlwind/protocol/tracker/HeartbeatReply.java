package dev.whirlwind.protocol.tracker;

import java.util.List;

/**
 * The tracker's answer to a heartbeat.
 *
 * @param missingRecords contents the cache holds whose records this tracker lacks (after a
 *     restart); the cache publishes them again
 * @param heartbeatIntervalSeconds when to send the next heartbeat
 */
public record HeartbeatReply(List<String> missingRecords, int heartbeatIntervalSeconds) {}
