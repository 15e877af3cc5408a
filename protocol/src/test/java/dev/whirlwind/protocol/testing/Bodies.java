package dev.whirlwind.protocol.testing;

import java.net.http.HttpRequest;

/** Request bodies for the tests' HTTP calls. */
public final class Bodies {
  private Bodies() {}

  /** {@code body} as UTF-8 text, or no body at all for null. */
  public static HttpRequest.BodyPublisher orNone(String body) {
    return body == null
        ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body);
  }
}
