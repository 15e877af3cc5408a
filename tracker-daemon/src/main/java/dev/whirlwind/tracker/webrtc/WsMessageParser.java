package dev.whirlwind.tracker.webrtc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

  /** A message's text, as a test or a tool has it. */
  WsMessage parse(String text) throws WsRejected {
    return parse(text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A message's UTF-8 bytes (validated by the caller). The top level is read token by token: the
   * fields a message may have become small trees, the rest are skipped, and offers and answers are
   * kept as the bytes they came in ({@link RawJson}), since they are only ever relayed.
   */
  WsMessage parse(byte[] utf8) throws WsRejected {
    Fields f;
    try (JsonParser p = JSON.getFactory().createParser(utf8)) {
      f = fields(p, utf8);
    } catch (JsonProcessingException e) {
      throw new WsRejected("invalid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new WsRejected("invalid JSON: " + e.getMessage());
    }
    if (f == null) {
      throw new WsRejected("expected a JSON object");
    }
    ObjectNode m = f.scalars();
    String action = m.path("action").asText("");
    return switch (action) {
      case "announce" -> announce(f);
      case "scrape" -> scrape(m);
      default ->
          throw new WsRejected("invalid action in WS request: " + javaScript(m.path("action")));
    };
  }

  /** One element of {@code offers}: its {@code offer_id} as sent, and its offer if an object. */
  private record OfferEntry(JsonNode offerId, RawJson offer) {}

  /**
   * A message's fields: the known ones as trees (an object-valued {@code answer} as an empty
   * object, its bytes in {@code answer}), and {@code offers} when it is an array.
   */
  private record Fields(ObjectNode scalars, List<OfferEntry> offers, RawJson answer) {}

  private static final java.util.Set<String> KNOWN =
      java.util.Set.of(
          "action",
          "info_hash",
          "peer_id",
          "event",
          "to_peer_id",
          "offer_id",
          "numwant",
          "left",
          "uploaded",
          "downloaded");

  /** Null when the message is valid JSON but not an object. */
  private static Fields fields(JsonParser p, byte[] utf8) throws IOException {
    JsonToken first = p.nextToken();
    if (first != JsonToken.START_OBJECT) {
      if (first != null) {
        JSON.readTree(p); // invalid JSON is said first, as a whole-message parse says it
      }
      return null;
    }
    ObjectNode m = JSON.createObjectNode();
    List<OfferEntry> offers = null;
    RawJson answer = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      // As JSON.parse: a repeated field's last value is the one.
      switch (name) {
        case "offers" -> {
          offers = null;
          m.remove(name);
          if (value == JsonToken.START_ARRAY) {
            offers = offers(p, utf8);
          } else {
            m.set(name, JSON.readTree(p));
          }
        }
        case "answer" -> {
          answer = null;
          if (value == JsonToken.START_OBJECT) {
            answer = raw(p, utf8);
            m.set(name, JSON.createObjectNode());
          } else {
            m.set(name, JSON.readTree(p));
          }
        }
        default -> {
          if (KNOWN.contains(name)) {
            m.set(name, JSON.readTree(p));
          } else {
            p.skipChildren();
          }
        }
      }
    }
    return new Fields(m, offers, answer);
  }

  private static List<OfferEntry> offers(JsonParser p, byte[] utf8) throws IOException {
    List<OfferEntry> out = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      JsonNode offerId = MissingNode.getInstance();
      RawJson offer = null;
      if (p.currentToken() == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          JsonToken value = p.nextToken();
          if (name.equals("offer_id")) {
            offerId = JSON.readTree(p);
          } else if (name.equals("offer")) {
            offer = value == JsonToken.START_OBJECT ? raw(p, utf8) : null;
            if (offer == null) {
              p.skipChildren();
            }
          } else {
            p.skipChildren();
          }
        }
      } else {
        p.skipChildren();
      }
      out.add(new OfferEntry(offerId, offer));
    }
    return out;
  }

  /** The object the parser is at, as its bytes; the parser moves past it. */
  private static RawJson raw(JsonParser p, byte[] utf8) throws IOException {
    int start = (int) p.currentTokenLocation().getByteOffset();
    p.skipChildren();
    int end = (int) p.currentLocation().getByteOffset();
    return new RawJson(utf8, start, end - start);
  }

  /** A value as JavaScript prints it in a template string, as the reference's messages do. */
  private static String javaScript(JsonNode v) {
    if (v.isMissingNode()) {
      return "undefined";
    }
    return v.isTextual() ? v.asText() : v.toString();
  }

  private WsMessage.Announce announce(Fields f) throws WsRejected {
    ObjectNode m = f.scalars();
    String infoHash = id(m, "info_hash", "invalid info_hash");
    String peerId = id(m, "peer_id", "invalid peer_id");
    WsMessage.AnnounceKind event = event(m.path("event"), infoHash);
    WsMessage.Answer answer = null;
    if (m.hasNonNull("answer")) {
      String to = id(m, "to_peer_id", "invalid `to_peer_id` (required with `answer`)");
      String offerId = id(m, "offer_id", "invalid `offer_id` (required with `answer`)");
      if (f.answer() == null) {
        throw new WsRejected("invalid `answer`: expected an object");
      }
      answer = new WsMessage.Answer(to, offerId, f.answer());
    }
    List<WsMessage.Offer> offers = new ArrayList<>();
    if (f.offers() != null) {
      if (f.offers().size() > maxOffers) {
        throw new WsRejected(
            "too many offers: " + f.offers().size() + " > " + maxOffers + " per announce");
      }
      for (OfferEntry o : f.offers()) {
        JsonNode id = o.offerId();
        if (!id.isTextual() || !validId(id.asText())) {
          throw new WsRejected("invalid `offer_id` in `offers`");
        }
        if (o.offer() == null) {
          throw new WsRejected("invalid `offer` in `offers`: expected an object");
        }
        offers.add(new WsMessage.Offer(id.asText(), o.offer()));
      }
    } else if (!m.path("offers").isMissingNode() && !m.path("offers").isNull()) {
      throw new WsRejected("invalid `offers`: expected an array");
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
