package dev.whirlwind.operator.standalone;

import dev.whirlwind.crds.v1alpha1.ClientUrls;
import dev.whirlwind.crds.v1alpha1.RenditionStatus;
import dev.whirlwind.crds.v1alpha1.VideoPhase;
import dev.whirlwind.crds.v1alpha1.VideoStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * The commands that fetch a Ready video, each one that finishes on its own: curl through the
 * tracker's redirect to a cache, aria2c through the Metalink (which also names the torrent, so
 * aria2c would seed forever without {@code --seed-time=0}) and aria2c as a BitTorrent client of the
 * {@code .torrent}, whose web seeds are the caches.
 */
public final class FetchCommands {
  private FetchCommands() {}

  public static List<String> of(VideoStatus v) {
    List<String> out = new ArrayList<>();
    if (v.urls != null) {
      out.addAll(commands(v.id + ".mp4", v.urls));
    }
    if (v.renditions != null) {
      for (RenditionStatus r : v.renditions) {
        if (r.phase != VideoPhase.Ready || r.urls == null) {
          continue;
        }
        if (r.urls.hls != null) {
          out.add("# " + r.profile + " (HLS): play " + r.urls.hls);
        } else {
          out.add("# " + r.profile + ":");
          out.addAll(commands(v.id + "-" + r.profile + ".mp4", r.urls));
        }
      }
    }
    return out;
  }

  private static List<String> commands(String file, ClientUrls urls) {
    List<String> out = new ArrayList<>();
    if (urls.http != null) {
      out.add("curl -fL -o " + file + " " + urls.http);
    }
    if (urls.metalink != null) {
      out.add("aria2c --seed-time=0 --follow-metalink=mem " + urls.metalink);
    }
    if (urls.torrent != null) {
      out.add("aria2c --seed-time=0 --follow-torrent=mem " + urls.torrent);
    }
    return out;
  }
}
