package dev.whirlwind.protocol.transcode;

import java.util.List;
import java.util.Locale;

/**
 * The fragment index of an HLS rendition: one fragmented MP4 whose initialization section ({@code
 * ftyp} + {@code moov}) starts the file and whose fragments ({@code moof} + {@code mdat}) follow.
 * The transcoder reads it from the file it made and hands it to the cache with the rendition
 * ({@code PUT /v1/contents/{id}/hls}); the cache serves {@link #playlist} as {@code /c/{id}.m3u8}
 * next to the file.
 *
 * @param initLength bytes of the initialization section, from offset 0
 * @param fragments the fragments in file order
 */
public record HlsIndex(long initLength, List<Fragment> fragments) {
  public static final int MAX_FRAGMENTS = 100_000;
  public static final double MAX_FRAGMENT_SECONDS = 3600;

  /** One fragment: {@code length} bytes at {@code offset}, {@code seconds} long. */
  public record Fragment(long offset, long length, double seconds) {}

  /**
   * Checks that the ranges tile a file of {@code size} bytes: the initialization section first,
   * then the fragments in order, none past the end.
   */
  public HlsIndex validated(long size) {
    if (initLength <= 0 || fragments == null || fragments.isEmpty()) {
      throw new IllegalArgumentException("an index needs an initialization section and fragments");
    }
    if (fragments.size() > MAX_FRAGMENTS) {
      throw new IllegalArgumentException(
          "an index has at most " + MAX_FRAGMENTS + " fragments, got " + fragments.size());
    }
    long at = initLength;
    for (Fragment f : fragments) {
      if (f == null) {
        throw new IllegalArgumentException("a fragment is null");
      }
      // NaN and infinities fail this test too; they would be written into #EXTINF.
      if (!(f.seconds() >= 0 && f.seconds() <= MAX_FRAGMENT_SECONDS)) {
        throw new IllegalArgumentException(
            "a fragment lasts 0.." + MAX_FRAGMENT_SECONDS + " seconds, got " + f.seconds());
      }
      if (f.offset() < at || f.length() <= 0 || f.offset() + f.length() > size || f.seconds() < 0) {
        throw new IllegalArgumentException(
            "fragment at "
                + f.offset()
                + " ("
                + f.length()
                + " bytes) does not fit "
                + size
                + " bytes in order");
      }
      at = f.offset() + f.length();
    }
    return this;
  }

  /** The RFC 8216 media playlist (version 7, byte ranges) of the file served as {@code uri}. */
  public String playlist(String uri) {
    double longest = fragments.stream().mapToDouble(Fragment::seconds).max().orElse(1);
    StringBuilder sb = new StringBuilder();
    sb.append("#EXTM3U\n#EXT-X-VERSION:7\n")
        .append("#EXT-X-TARGETDURATION:")
        .append(Math.max(1, (long) Math.ceil(longest - 1e-3)))
        .append('\n')
        .append("#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-INDEPENDENT-SEGMENTS\n")
        .append("#EXT-X-MAP:URI=\"")
        .append(uri)
        .append("\",BYTERANGE=\"")
        .append(initLength)
        .append("@0\"\n");
    for (Fragment f : fragments) {
      sb.append(String.format(Locale.ROOT, "#EXTINF:%.3f,%n", f.seconds()))
          .append("#EXT-X-BYTERANGE:")
          .append(f.length())
          .append('@')
          .append(f.offset())
          .append('\n')
          .append(uri)
          .append('\n');
    }
    return sb.append("#EXT-X-ENDLIST\n").toString();
  }
}
