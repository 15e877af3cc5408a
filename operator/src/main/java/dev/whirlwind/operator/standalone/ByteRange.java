package dev.whirlwind.operator.standalone;

/**
 * One range of an HTTP {@code Range: bytes=...} header against a file of {@code length} bytes (RFC
 * 9110 §14.1.2). A header naming several ranges is answered with the whole file, which the RFC
 * allows.
 *
 * @param first the first byte, inclusive
 * @param last the last byte, inclusive
 */
record ByteRange(long first, long last) {
  /** What a Range header asks of a file. */
  sealed interface Answer permits Whole, Part, Unsatisfiable {}

  record Whole() implements Answer {}

  record Part(ByteRange range) implements Answer {}

  record Unsatisfiable() implements Answer {}

  long length() {
    return last - first + 1;
  }

  static Answer of(String header, long length) {
    if (header == null || !header.startsWith("bytes=") || header.contains(",")) {
      return new Whole();
    }
    String spec = header.substring("bytes=".length()).trim();
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return new Whole();
    }
    try {
      String a = spec.substring(0, dash).trim();
      String b = spec.substring(dash + 1).trim();
      if (a.isEmpty()) {
        long suffix = Long.parseLong(b);
        if (suffix <= 0 || length == 0) {
          return new Unsatisfiable();
        }
        return new Part(new ByteRange(Math.max(0, length - suffix), length - 1));
      }
      long first = Long.parseLong(a);
      long last = b.isEmpty() ? length - 1 : Math.min(Long.parseLong(b), length - 1);
      if (first < 0 || first >= length || last < first) {
        return new Unsatisfiable();
      }
      return new Part(new ByteRange(first, last));
    } catch (NumberFormatException e) {
      // An unparseable Range header is ignored (RFC 9110: a server may ignore it).
      return new Whole();
    }
  }
}
