package dev.whirlwind.transcoder.jobs;

import dev.whirlwind.protocol.tracker.RenditionRecord;
import dev.whirlwind.protocol.transcode.RenditionProfile;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The existing rendition of a source nearest to an asked profile: same codec and container, nearest
 * output size. A pure function over the tracker's records, so tests call it directly.
 */
final class ClosestRendition {
  private ClosestRendition() {}

  /**
   * @param parameters a record's effective parameters: its own, or those of a profile this daemon
   *     knows by hash (older records do not carry them); null when unknown
   */
  static Optional<RenditionRecord> among(
      List<RenditionRecord> records,
      RenditionProfile want,
      Function<RenditionRecord, RenditionProfile> parameters) {
    return records.stream()
        .filter(r -> parameters.apply(r) != null)
        .filter(
            r -> {
              RenditionProfile p = parameters.apply(r);
              return p.videoCodec().equals(want.videoCodec())
                  && p.container().equals(want.container());
            })
        .min(Comparator.comparingDouble(r -> sizeDistance(parameters.apply(r), want)));
  }

  /**
   * How far apart two output boxes are, as ratios (a 640-wide rendition is as far from 320 as from
   * 1280): |ln(w1/w2)| + |ln(h1/h2)|. A height of 0 follows the source's aspect, the same source
   * for both: widths decide.
   */
  static double sizeDistance(RenditionProfile a, RenditionProfile b) {
    double d = Math.abs(Math.log((double) a.width() / b.width()));
    if (a.height() > 0 && b.height() > 0) {
      d += Math.abs(Math.log((double) a.height() / b.height()));
    }
    return d;
  }
}
