package dev.whirlwind.protocol.bencode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Bencoding (BEP 3), strict in both directions.
 *
 * <p>Decoded values are {@code byte[]} (strings), {@code Long} (integers), {@code List<Object>} and
 * {@code Map<String, Object>}, whose keys hold the key bytes as ISO-8859-1 characters so that
 * binary keys survive. The encoder accepts the same plus {@code String} values (written as UTF-8)
 * and any {@code Number} with an integral value, and writes dictionary keys sorted by raw bytes, so
 * its output is canonical: decoding and re-encoding an info dictionary gives the same bytes and the
 * same info-hash. The decoder rejects what other clients would disagree about: leading zeros,
 * {@code -0}, unsorted or duplicate keys, trailing bytes, and nesting deeper than a limit.
 */
public final class Bencode {
  private static final int MAX_DEPTH = 64;

  private Bencode() {}

  public static byte[] encode(Object value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(out, value);
    return out.toByteArray();
  }

  public static Object decode(byte[] data) {
    Decoder d = new Decoder(data);
    Object value = d.value(0);
    if (d.pos != data.length) {
      throw new BencodeException("trailing bytes at offset " + d.pos);
    }
    return value;
  }

  /** Decodes a value that must be a dictionary. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> decodeDictionary(byte[] data) {
    Object value = decode(data);
    if (!(value instanceof Map)) {
      throw new BencodeException("expected a dictionary at offset 0");
    }
    return (Map<String, Object>) value;
  }

  /** The ISO-8859-1 form of a binary string, as used for dictionary keys. */
  public static String latin1(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  private static void write(ByteArrayOutputStream out, Object value) {
    if (value instanceof byte[] bytes) {
      writeString(out, bytes);
    } else if (value instanceof String s) {
      writeString(out, s.getBytes(StandardCharsets.UTF_8));
    } else if (value instanceof Long || value instanceof Integer || value instanceof Short) {
      out.writeBytes(
          ("i" + ((Number) value).longValue() + "e").getBytes(StandardCharsets.US_ASCII));
    } else if (value instanceof List<?> list) {
      out.write('l');
      for (Object item : list) {
        write(out, item);
      }
      out.write('e');
    } else if (value instanceof Map<?, ?> map) {
      // Sorting ISO-8859-1 strings by char sorts them by unsigned byte value.
      Map<String, Object> sorted = new TreeMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          throw new IllegalArgumentException("dictionary keys must be strings: " + e.getKey());
        }
        if (e.getValue() != null) {
          sorted.put(key, e.getValue());
        }
      }
      out.write('d');
      for (Map.Entry<String, Object> e : sorted.entrySet()) {
        writeString(out, e.getKey().getBytes(StandardCharsets.ISO_8859_1));
        write(out, e.getValue());
      }
      out.write('e');
    } else {
      throw new IllegalArgumentException(
          "cannot bencode " + (value == null ? "null" : value.getClass().getName()));
    }
  }

  private static void writeString(ByteArrayOutputStream out, byte[] bytes) {
    out.writeBytes(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
    out.write(':');
    out.writeBytes(bytes);
  }

  private static final class Decoder {
    private final byte[] data;
    private int pos;

    Decoder(byte[] data) {
      this.data = data;
    }

    Object value(int depth) {
      if (depth > MAX_DEPTH) {
        throw new BencodeException("nesting deeper than " + MAX_DEPTH + " at offset " + pos);
      }
      if (pos >= data.length) {
        throw new BencodeException("unexpected end of input at offset " + pos);
      }
      byte b = data[pos];
      return switch (b) {
        case 'i' -> integer();
        case 'l' -> list(depth);
        case 'd' -> dictionary(depth);
        default -> {
          if (b >= '0' && b <= '9') {
            yield string();
          }
          throw new BencodeException(
              "unexpected byte 0x" + Integer.toHexString(b & 0xff) + " at offset " + pos);
        }
      };
    }

    private long integer() {
      int start = ++pos;
      int end = indexOf('e', start);
      String digits = new String(data, start, end - start, StandardCharsets.US_ASCII);
      if (!digits.matches("-?(0|[1-9][0-9]*)") || digits.equals("-0")) {
        throw new BencodeException("invalid integer '" + digits + "' at offset " + start);
      }
      try {
        long v = Long.parseLong(digits);
        pos = end + 1;
        return v;
      } catch (NumberFormatException e) {
        throw new BencodeException("integer out of range at offset " + start);
      }
    }

    private byte[] string() {
      int colon = indexOf(':', pos);
      String digits = new String(data, pos, colon - pos, StandardCharsets.US_ASCII);
      if (!digits.matches("0|[1-9][0-9]{0,9}")) {
        throw new BencodeException("invalid string length '" + digits + "' at offset " + pos);
      }
      long length = Long.parseLong(digits);
      if (length > data.length - colon - 1) {
        throw new BencodeException(
            "string of " + length + " bytes at offset " + pos + " runs past the end");
      }
      byte[] s = new byte[(int) length];
      System.arraycopy(data, colon + 1, s, 0, s.length);
      pos = colon + 1 + s.length;
      return s;
    }

    private List<Object> list(int depth) {
      pos++;
      List<Object> items = new ArrayList<>();
      while (peek() != 'e') {
        items.add(value(depth + 1));
      }
      pos++;
      return Collections.unmodifiableList(items);
    }

    private Map<String, Object> dictionary(int depth) {
      pos++;
      Map<String, Object> map = new LinkedHashMap<>();
      String previous = null;
      while (peek() != 'e') {
        int keyAt = pos;
        if (data[pos] < '0' || data[pos] > '9') {
          throw new BencodeException("dictionary key must be a string at offset " + pos);
        }
        String key = latin1(string());
        if (previous != null && key.compareTo(previous) <= 0) {
          throw new BencodeException("dictionary keys not sorted or duplicated at offset " + keyAt);
        }
        previous = key;
        map.put(key, value(depth + 1));
      }
      pos++;
      return Collections.unmodifiableMap(map);
    }

    private byte peek() {
      if (pos >= data.length) {
        throw new BencodeException("unexpected end of input at offset " + pos);
      }
      return data[pos];
    }

    private int indexOf(char c, int from) {
      for (int i = from; i < data.length && i < from + 21; i++) {
        if (data[i] == c) {
          return i;
        }
      }
      throw new BencodeException("expected '" + c + "' after offset " + from);
    }
  }
}
