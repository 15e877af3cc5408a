package dev.whirlwind.protocol.content;

import java.util.regex.Pattern;

/**
 * Media types a content may be stored and served with. A type is echoed into every answer's {@code
 * Content-Type}, so one with a CR, LF or other control character (header injection, or a content
 * that can never be served) is refused where it enters: orders, uploads and origins' answers.
 */
public final class MediaTypes {
  public static final int MAX_LENGTH = 255;
  public static final String DEFAULT = "application/octet-stream";

  private static final String TOKEN = "[A-Za-z0-9!#$&^_.+-]+";
  private static final Pattern TYPE =
      Pattern.compile(
          "^"
              + TOKEN
              + "/"
              + TOKEN
              + "(\\s*;\\s*"
              + TOKEN
              + "=("
              + TOKEN
              + "|\"[\\x20-\\x21\\x23-\\x5b\\x5d-\\x7e]*\"))*$");
  private static final Pattern EXTENSION = Pattern.compile("^[a-z0-9]{1,8}$");

  private MediaTypes() {}

  public static boolean isValid(String type) {
    return type != null && type.length() <= MAX_LENGTH && TYPE.matcher(type).matches();
  }

  /** The type, or {@link #DEFAULT} when it is missing or not a valid one (an origin's header). */
  public static String orDefault(String type) {
    return isValid(type) ? type : DEFAULT;
  }

  /** A container extension: what a torrent's name and a content's file end with. */
  public static boolean isValidExtension(String ext) {
    return ext != null && EXTENSION.matcher(ext).matches();
  }
}
