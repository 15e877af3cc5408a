package dev.whirlwind.tracker.content;

import dev.whirlwind.protocol.content.InfoHash;
import dev.whirlwind.protocol.content.TorrentInfo;

/** A content whose bytes a cache verified: its canonical info dictionary and how to serve it. */
public record ContentEntry(
    TorrentInfo info,
    InfoHash infoHash,
    String contentType,
    String probeHash,
    dev.whirlwind.protocol.transcode.HlsIndex hls) {}
