package dev.whirlwind.operator.standalone;

import dev.whirlwind.crds.v1alpha1.RenditionStatus;
import dev.whirlwind.crds.v1alpha1.VideoCatalogStatus;
import dev.whirlwind.crds.v1alpha1.VideoPhase;
import dev.whirlwind.crds.v1alpha1.VideoStatus;
import dev.whirlwind.operator.web.Telemetry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * The table the terminal keeps at its bottom while events scroll above it: per video its phase and
 * a progress bar, per cache its upload rate and shares, per swarm its peers, and the bandwidth
 * multiplier. A pure function of what the run knows, so that it is tested without a terminal.
 */
final class LiveView {
  static final int MAX_VIDEOS = 12;
  static final int MAX_CACHES = 8;
  static final int MAX_SWARMS = 6;
  static final int BAR = 20;

  /** What the view is drawn from. */
  record Input(
      String consoleUrl,
      int daemonsReady,
      int daemons,
      Map<String, VideoCatalogStatus> catalogs,
      Telemetry.Sample sample) {}

  private LiveView() {}

  static List<AttributedString> render(Input in, int width) {
    List<AttributedString> out = new ArrayList<>();
    out.add(fit(header(in), width));
    Map<String, String> labels = new HashMap<>();
    List<String[]> videos = new ArrayList<>();
    List<VideoPhase> phases = new ArrayList<>();
    in.catalogs()
        .forEach(
            (key, status) -> {
              if (status == null || status.videos == null) {
                return;
              }
              for (VideoStatus v : status.videos) {
                if (v.contentId != null) {
                  labels.put(v.contentId, v.id);
                }
                int ready = 0;
                int total = 0;
                if (v.renditions != null) {
                  for (RenditionStatus r : v.renditions) {
                    total++;
                    ready += r.phase == VideoPhase.Ready ? 1 : 0;
                    if (r.contentId != null) {
                      labels.put(r.contentId, v.id + " " + r.profile);
                    }
                  }
                }
                int percent = v.phase == VideoPhase.Ready ? 100 : v.percent == null ? 0 : v.percent;
                videos.add(
                    new String[] {
                      v.id,
                      String.valueOf(v.phase),
                      bar(percent),
                      total == 0 ? "-" : ready + "/" + total
                    });
                phases.add(v.phase);
              }
            });
    out.add(
        bold(
            String.format(
                Locale.ROOT, "%-18s %-12s %-26s %s", "VIDEO", "PHASE", "PROGRESS", "RENDITIONS"),
            width));
    for (int i = 0; i < Math.min(MAX_VIDEOS, videos.size()); i++) {
      String[] v = videos.get(i);
      AttributedStringBuilder b = new AttributedStringBuilder();
      b.append(String.format(Locale.ROOT, "%-18s ", clip(v[0], 18)));
      b.style(phaseStyle(phases.get(i)));
      b.append(String.format(Locale.ROOT, "%-12s ", v[1]));
      b.style(AttributedStyle.DEFAULT);
      b.append(String.format(Locale.ROOT, "%-26s %s", v[2], v[3]));
      out.add(fit(b.toAttributedString(), width));
    }
    if (videos.size() > MAX_VIDEOS) {
      out.add(
          fit(
              new AttributedString("  … and " + (videos.size() - MAX_VIDEOS) + " more videos"),
              width));
    }
    Telemetry.Sample s = in.sample();
    if (s != null && !s.caches().isEmpty()) {
      out.add(
          bold(
              String.format(
                  Locale.ROOT,
                  "%-24s %-12s %-12s %-10s %s",
                  "CACHE",
                  "UPLOAD",
                  "SHARES",
                  "STORED",
                  "CONTENTS"),
              width));
      s.caches().stream()
          .limit(MAX_CACHES)
          .forEach(
              c ->
                  out.add(
                      fit(
                          new AttributedString(
                              c.reachable()
                                  ? String.format(
                                      Locale.ROOT,
                                      "%-24s %-12s %-12s %-10s %d",
                                      clip(c.name(), 24),
                                      rate(c.uploadBytesPerSecond()),
                                      rate(c.sharesBytesPerSecond()),
                                      bytes(c.usedBytes()),
                                      c.contents())
                                  : String.format(
                                      Locale.ROOT, "%-24s unreachable", clip(c.name(), 24)),
                              c.reachable()
                                  ? AttributedStyle.DEFAULT
                                  : AttributedStyle.DEFAULT.foreground(AttributedStyle.RED)),
                          width)));
    }
    if (s != null && !s.swarms().isEmpty()) {
      out.add(
          bold(
              String.format(
                  Locale.ROOT, "%-30s %-8s %-9s %s", "SWARM", "SEEDERS", "LEECHERS", "DOWNLOAD"),
              width));
      s.swarms().stream()
          .sorted(
              Comparator.comparingInt(Telemetry.SwarmSample::leechers)
                  .reversed()
                  .thenComparing(Comparator.comparingInt(Telemetry.SwarmSample::seeders).reversed())
                  .thenComparing(w -> labels.getOrDefault(w.contentId(), w.contentId())))
          .limit(MAX_SWARMS)
          .forEach(
              w ->
                  out.add(
                      fit(
                          new AttributedString(
                              String.format(
                                  Locale.ROOT,
                                  "%-30s %-8d %-9d %s",
                                  clip(
                                      labels.getOrDefault(w.contentId(), clip(w.contentId(), 13)),
                                      30),
                                  w.seeders(),
                                  w.leechers(),
                                  rate(w.downloadBytesPerSecond()))),
                          width)));
    }
    return out;
  }

  private static AttributedString header(Input in) {
    AttributedStringBuilder b = new AttributedStringBuilder();
    b.style(AttributedStyle.BOLD).append("Whirlwind").style(AttributedStyle.DEFAULT);
    b.append("  " + in.consoleUrl() + "  daemons " + in.daemonsReady() + "/" + in.daemons());
    Telemetry.Sample s = in.sample();
    if (s != null) {
      b.append("  multiplier ");
      b.style(AttributedStyle.BOLD)
          .append(s.multiplier() == null ? "-" : String.format(Locale.ROOT, "%.2f", s.multiplier()))
          .style(AttributedStyle.DEFAULT);
      b.append(
          "  (caches "
              + rate(s.cacheUploadBytesPerSecond())
              + ", peers "
              + rate(s.peerBytesPerSecond())
              + ")");
    }
    b.append("  Ctrl-C stops");
    return b.toAttributedString();
  }

  static String bar(int percent) {
    int p = Math.max(0, Math.min(100, percent));
    int full = p * BAR / 100;
    return "█".repeat(full) + "░".repeat(BAR - full) + String.format(Locale.ROOT, " %3d%%", p);
  }

  static String rate(double bytesPerSecond) {
    return bytes((long) bytesPerSecond) + "/s";
  }

  static String bytes(long n) {
    if (n < 1000) {
      return n + " B";
    }
    if (n < 1_000_000) {
      return String.format(Locale.ROOT, "%.1f kB", n / 1e3);
    }
    if (n < 1_000_000_000) {
      return String.format(Locale.ROOT, "%.1f MB", n / 1e6);
    }
    return String.format(Locale.ROOT, "%.2f GB", n / 1e9);
  }

  private static AttributedStyle phaseStyle(VideoPhase p) {
    if (p == VideoPhase.Ready) {
      return AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
    }
    if (p == VideoPhase.Failed) {
      return AttributedStyle.DEFAULT.foreground(AttributedStyle.RED);
    }
    return AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
  }

  private static AttributedString bold(String text, int width) {
    return fit(new AttributedString(text, AttributedStyle.BOLD), width);
  }

  private static AttributedString fit(AttributedString s, int width) {
    return width > 0 && s.columnLength() > width ? s.columnSubSequence(0, width) : s;
  }

  private static String clip(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 1) + "…";
  }
}
