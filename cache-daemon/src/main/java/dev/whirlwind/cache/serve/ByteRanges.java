package dev.whirlwind.cache.serve;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * RFC 9110 byte ranges (section 14): which part of a representation of {@code length} bytes a
 * {@code Range} header selects. Invalid syntax or another unit is ignored (the whole
 * representation, 200); a valid set none of whose ranges is satisfiable is {@link Unsatisfiable}
 * (416); otherwise the satisfiable ranges, sorted, with overlapping and adjacent ones coalesced,
 * and more than {@code maxRanges} collapsed into one spanning range, so a request of many tiny
 * ranges cannot multiply the work or the response size.
 */
public final class ByteRanges {
  /** An inclusive byte range. */
  public record Range(long first, long last) {
    public long length() {
      return last - first + 1;
    }
  }

  /** What to serve. */
  public sealed interface Selection permits Whole, Partial, Unsatisfiable {}

  /** No usable Range: the whole representation with 200. */
  public record Whole() implements Selection {}

  /** One or more ranges with 206. */
  public record Partial(List<Range> ranges) implements Selection {}

  /**
   * A valid range set that selects nothing: 416 with {@code Content-Range: bytes *}{@code /len}.
   */
  public record Unsatisfiable() implements Selection {}

  private static final Whole WHOLE = new Whole();

  private ByteRanges() {}

  public static Selection select(String header, long length, int maxRanges) {
    if (header == null) {
      return WHOLE;
    }
    String h = header.trim();
    int eq = h.indexOf('=');
    if (eq < 0 || !h.substring(0, eq).trim().equalsIgnoreCase("bytes")) {
      return WHOLE;
    }
    List<Range> satisfiable = new ArrayList<>();
    int specs = 0;
    for (String raw : h.substring(eq + 1).split(",", -1)) {
      String spec = raw.trim();
      if (spec.isEmpty()) {
        continue; // "1#" lists allow empty elements
      }
      specs++;
      if (specs > 1000) {
        return WHOLE; // a header this long is abuse, not a request
      }
      int dash = spec.indexOf('-');
      if (dash < 0) {
        return WHOLE;
      }
      String first = spec.substring(0, dash).trim();
      String last = spec.substring(dash + 1).trim();
      if (first.isEmpty()) {
        Long suffix = digits(last);
        if (suffix == null) {
          return WHOLE;
        }
        if (suffix > 0 && length > 0) {
          satisfiable.add(new Range(Math.max(0, length - suffix), length - 1));
        }
        continue;
      }
      Long from = digits(first);
      Long to = last.isEmpty() ? Long.valueOf(Long.MAX_VALUE) : digits(last);
      if (from == null || to == null || to < from) {
        return WHOLE;
      }
      if (from < length) {
        satisfiable.add(new Range(from, Math.min(to, length - 1)));
      }
    }
    if (specs == 0) {
      return WHOLE;
    }
    if (length == 0) {
      // An empty representation has no satisfiable int-range; serve it whole rather than 416.
      return WHOLE;
    }
    if (satisfiable.isEmpty()) {
      return new Unsatisfiable();
    }
    satisfiable.sort(Comparator.comparingLong(Range::first));
    List<Range> merged = new ArrayList<>();
    Range current = satisfiable.get(0);
    for (Range r : satisfiable.subList(1, satisfiable.size())) {
      if (r.first() <= current.last() + 1) {
        current = new Range(current.first(), Math.max(current.last(), r.last()));
      } else {
        merged.add(current);
        current = r;
      }
    }
    merged.add(current);
    if (merged.size() > maxRanges) {
      merged = List.of(new Range(merged.get(0).first(), merged.get(merged.size() - 1).last()));
    }
    return new Partial(List.copyOf(merged));
  }

  /**
   * A digit string as a number; one too long for a long is still a valid position, past any
   * representation's end, so it reads as {@link Long#MAX_VALUE} (a first position that large is
   * unsatisfiable: 416, not the whole file).
   */
  private static Long digits(String s) {
    if (s.isEmpty()) {
      return null;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
    }
    return s.length() > 18 ? Long.MAX_VALUE : Long.parseLong(s);
  }
}
