package dev.whirlwind.protocol.tracker;

import java.util.List;

/** Third-party mirrors of one content: {@code PUT /v1/contents/{contentId}/mirrors} (admin API). */
public record MirrorList(List<String> urls) {}
