package dev.whirlwind.cache.serve;

import dev.whirlwind.protocol.content.MediaTypes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** A multipart/byteranges body laid out in advance, so its length is known up front. */
final class MultipartRanges {
  final String boundary;
  final List<byte[]> partHeaders = new ArrayList<>();
  final byte[] closing;
  final long contentLength;

  private MultipartRanges(String boundary, List<byte[]> parts, byte[] closing, long contentLength) {
    this.boundary = boundary;
    this.partHeaders.addAll(parts);
    this.closing = closing;
    this.contentLength = contentLength;
  }

  static MultipartRanges of(List<ByteRanges.Range> ranges, String contentType, long length) {
    String boundary = "ww" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    List<byte[]> parts = new ArrayList<>();
    long total = 0;
    for (int i = 0; i < ranges.size(); i++) {
      ByteRanges.Range r = ranges.get(i);
      String h =
          (i == 0 ? "" : "\r\n")
              + "--"
              + boundary
              + "\r\n"
              + "Content-Type: "
              + (contentType == null ? MediaTypes.DEFAULT : contentType)
              + "\r\n"
              + "Content-Range: bytes "
              + r.first()
              + "-"
              + r.last()
              + "/"
              + length
              + "\r\n\r\n";
      byte[] bytes = h.getBytes(StandardCharsets.US_ASCII);
      parts.add(bytes);
      total += bytes.length + r.length();
    }
    byte[] closing = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    return new MultipartRanges(boundary, parts, closing, total + closing.length);
  }
}
