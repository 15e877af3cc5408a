package dev.whirlwind.cache.serve;

import dev.whirlwind.cache.storage.ContentStore;
import dev.whirlwind.protocol.content.ContentId;
import dev.whirlwind.protocol.transcode.HlsIndex;
import dev.whirlwind.server.http.Answers;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code /c/{id}.m3u8}: the byte-range HLS playlist of a stored rendition, made from the fragment
 * index the transcoder handed in. The media URI is the web-seed form {@code {id}/{id}.mp4},
 * relative, so the playlist works under any host name (FFmpeg's HLS demuxer refuses segment URLs
 * without a media extension since FFmpeg 7.1).
 */
final class Playlists {
  static final String TYPE = "application/vnd.apple.mpegurl";

  private Playlists() {}

  static FullHttpResponse answer(ContentStore store, String idText) {
    Optional<HlsIndex> index =
        ContentId.isValid(idText) ? store.hls(new ContentId(idText)) : Optional.empty();
    if (index.isEmpty()) {
      return Answers.error(HttpResponseStatus.NOT_FOUND, "not_found", "no HLS rendition " + idText);
    }
    byte[] text =
        index.get().playlist(idText + "/" + idText + ".mp4").getBytes(StandardCharsets.UTF_8);
    FullHttpResponse r = Answers.bytes(HttpResponseStatus.OK, TYPE, text);
    r.headers()
        .set(HttpHeaderNames.CACHE_CONTROL, ContentHeaders.CACHE_CONTROL)
        .set(HttpHeaderNames.ETAG, "\"" + idText + ".m3u8\"");
    ContentHeaders.cors(r.headers());
    return r;
  }
}
