package dev.whirlwind.tracker.webrtc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a text frame into a {@link WsMessage}, or a {@link WsRejected} whose reason the browser
 * gets as {@code failure reason} (with the info-hash only for an invalid event, as the reference
 * answers). The checks and their messages follow the reference tracker (bittorrent-tracker's {@code
 * parse-websocket.js}), plus the bounds it lacks: offers per announce, info-hashes per scrape,
 * nesting depth.
 */
final class WsMessageParser {
  static final int ID_LENGTH = 20;
  static final int MAX_SCRAPE_INFO_HASHES = 64;

  private static final ObjectMapper JSON =
      new ObjectMapper(
          JsonFactory.builder()
              .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build())
              .build());

  private final int maxOffers;

  WsMessageParser(int maxOffers) {
    this.maxOffers = maxOffers;
  }

  WsMessage parse(String text) throws WsRejected {
    JsonNode m;
    try {
      m = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new WsRejected("invalid JSON: " + e.getOriginalMessage());
    }
    if (m == null || !m.isObject()) {
      throw new WsRejected("expected a JSON object");
    }
    String action = m.path("action").asText("");
    return switch (action) {
      case "announce" -> announce(m);
      case "scrape" -> scrape(m);
      default ->
          throw new WsRejected("invalid action in WS request: " + javaScript(m.path("action")));
    };
  }

  /** A value as JavaScript prints it in a template string, as the reference's messages do. */
  private static String javaScript(JsonNode v) {
    if (v.isMissingNode()) {
      return "undefined";
    }
    return v.isTextual() ? v.asText() : v.toString();
  }

  private WsMessage.Announce announce(JsonNode m) throws WsRejected {
    String infoHash = id(m, "info_hash", "invalid info_hash");
    String peerId = id(m, "peer_id", "invalid peer_id");
    WsMessage.AnnounceKind event = event(m.path("event"), infoHash);
    WsMessage.Answer answer = null;
    if (m.hasNonNull("answer")) {
      String to = id(m, "to_peer_id", "invalid `to_peer_id` (required with `answer`)");
      String offerId = id(m, "offer_id", "invalid `offer_id` (required with `answer`)");
      if (!m.get("answer").isObject()) {
        throw new WsRejected("invalid `answer`: expected an object");
      }
      answer = new WsMessage.Answer(to, offerId, m.get("answer"));
    }
    List<WsMessage.Offer> offers = new ArrayList<>();
    JsonNode list = m.path("offers");
    if (!list.isMissingNode() && !list.isNull()) {
      if (!list.isArray()) {
        throw new WsRejected("invalid `offers`: expected an array");
      }
      if (list.size() > maxOffers) {
        throw new WsRejected(
            "too many offers: " + list.size() + " > " + maxOffers + " per announce");
      }
      for (JsonNode o : list) {
        String offerId = id(o, "offer_id", "invalid `offer_id` in `offers`");
        if (!o.path("offer").isObject()) {
          throw new WsRejected("invalid `offer` in `offers`: expected an object");
        }
        offers.add(new WsMessage.Offer(offerId, o.get("offer")));
      }
    }
    int numwant = offers.size();
    if (m.path("numwant").canConvertToInt() && m.path("numwant").isNumber()) {
      numwant = Math.max(0, Math.min(numwant, m.path("numwant").asInt()));
    }
    return new WsMessage.Announce(
        infoHash,
        peerId,
        event,
        left(m.path("left")),
        numwant,
        counter(m.path("uploaded")),
        counter(m.path("downloaded")),
        List.copyOf(offers),
        answer);
  }

  private static WsMessage.Scrape scrape(JsonNode m) throws WsRejected {
    JsonNode h = m.path("info_hash");
    List<String> hashes = new ArrayList<>();
    if (h.isTextual()) {
      hashes.add(id(m, "info_hash", "invalid info_hash"));
    } else if (h.isArray()) {
      if (h.size() > MAX_SCRAPE_INFO_HASHES) {
        throw new WsRejected(
            "too many info_hash values: " + h.size() + " > " + MAX_SCRAPE_INFO_HASHES);
      }
      for (JsonNode one : h) {
        if (!one.isTextual() || !validId(one.asText())) {
          throw new WsRejected("invalid info_hash");
        }
        hashes.add(one.asText());
      }
    } else {
      // The reference scrapes every swarm then: unbounded, so refused here.
      throw new WsRejected(
          "info_hash is required (one or a list of up to " + MAX_SCRAPE_INFO_HASHES + ")");
    }
    return new WsMessage.Scrape(List.copyOf(hashes));
  }

  private static String id(JsonNode m, String field, String reason) throws WsRejected {
    JsonNode v = m.path(field);
    if (!v.isTextual() || !validId(v.asText())) {
      throw new WsRejected(reason);
    }
    return v.asText();
  }

  /** Twenty characters, each one byte (U+0000..U+00FF), as the protocol encodes binary ids. */
  static boolean validId(String s) {
    if (s.length() != ID_LENGTH) {
      return false;
    }
    for (int i = 0; i < ID_LENGTH; i++) {
      if (s.charAt(i) > 0xFF) {
        return false;
      }
    }
    return true;
  }

  private static WsMessage.AnnounceKind event(JsonNode e, String infoHash) throws WsRejected {
    if (e.isMissingNode() || e.isNull()) {
      return WsMessage.AnnounceKind.UPDATE;
    }
    return switch (e.asText()) {
      case "started" -> WsMessage.AnnounceKind.STARTED;
      case "stopped" -> WsMessage.AnnounceKind.STOPPED;
      case "completed" -> WsMessage.AnnounceKind.COMPLETED;
      case "update", "empty", "" -> WsMessage.AnnounceKind.UPDATE;
      case "paused" -> WsMessage.AnnounceKind.PAUSED;
      default -> throw new WsRejected("invalid event", infoHash);
    };
  }

  /** As the reference does: a number or numeric string; anything else is "unknown". */
  private static long left(JsonNode v) {
    if (v.isNumber()) {
      double d = v.asDouble();
      return d == 0 ? 0 : (d > 0 ? (long) Math.min(d, Long.MAX_VALUE) : -1);
    }
    if (v.isTextual()) {
      try {
        double d = Double.parseDouble(v.asText().isBlank() ? "0" : v.asText().trim());
        return d == 0 ? 0 : (d > 0 ? (long) Math.min(d, Long.MAX_VALUE) : -1);
      } catch (NumberFormatException e) {
        return -1;
      }
    }
    // JavaScript's Number(null) is 0; Number(undefined), of an object or array, is NaN.
    return v.isNull() ? 0 : -1;
  }

  private static long counter(JsonNode v) {
    if (v.isNumber() && v.asDouble() >= 0) {
      return (long) Math.min(v.asDouble(), Long.MAX_VALUE);
    }
    return 0;
  }
}
