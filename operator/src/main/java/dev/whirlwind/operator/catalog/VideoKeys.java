package dev.whirlwind.operator.catalog;

import dev.whirlwind.crds.v1alpha1.Video;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** How a catalog's videos are named to placement, to orders and to torrents. */
final class VideoKeys {
  private VideoKeys() {}

  /** What placement hashes for a video: stable before and after its content id is known. */
  static String video(CatalogContext ctx, Video v) {
    return ctx.qualifiedName() + "/" + v.id;
  }

  /** What placement hashes for one rendition of a video. */
  static String rendition(CatalogContext ctx, Video v, String profile) {
    return video(ctx, v) + "/" + profile;
  }

  /** The key of the order that fetches a video from its origins. */
  static String source(CatalogContext ctx, Video v) {
    return "vcat:" + video(ctx, v) + ":" + fingerprint(v);
  }

  /**
   * What identifies a video's bytes in the spec: its sources, expected id and size. A change means
   * other bytes may come, so a new order (and key).
   */
  static String fingerprint(Video v) {
    List<String> sources = v.sources == null ? new ArrayList<>() : new ArrayList<>(v.sources);
    if (sources.isEmpty() && v.mirrors != null) {
      sources.addAll(v.mirrors);
    }
    sources.sort(null);
    String text =
        String.join("\n", sources)
            + "|"
            + (v.sha256 == null ? "" : v.sha256)
            + "|"
            + (v.sizeBytes == null ? 0 : v.sizeBytes);
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The container extension a torrent names the file with, from the first source's path. */
  static String extension(List<String> urls) {
    for (String u : urls) {
      try {
        String path = URI.create(u).getPath();
        int dot = path == null ? -1 : path.lastIndexOf('.');
        if (dot >= 0 && dot > path.lastIndexOf('/')) {
          String ext = path.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
          if (ext.matches("[a-z0-9]{1,8}")) {
            return ext;
          }
        }
      } catch (IllegalArgumentException ignored) {
        // The CRD's URL pattern keeps these out; another source may still name it.
      }
    }
    return null;
  }
}
