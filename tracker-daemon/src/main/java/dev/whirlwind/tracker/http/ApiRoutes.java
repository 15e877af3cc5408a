package dev.whirlwind.tracker.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.whirlwind.protocol.content.ContentId;
import dev.whirlwind.protocol.content.InfoHash;
import dev.whirlwind.protocol.security.AdminToken;
import dev.whirlwind.protocol.tracker.CacheHeartbeat;
import dev.whirlwind.protocol.tracker.ContentRecord;
import dev.whirlwind.protocol.tracker.ContentRegistration;
import dev.whirlwind.protocol.tracker.HeartbeatReply;
import dev.whirlwind.protocol.tracker.MirrorList;
import dev.whirlwind.protocol.tracker.RegisteredContent;
import dev.whirlwind.protocol.tracker.RenditionClaim;
import dev.whirlwind.protocol.tracker.RenditionRecord;
import dev.whirlwind.protocol.tracker.SwarmReport;
import dev.whirlwind.server.http.Answers;
import dev.whirlwind.server.http.Routes;
import dev.whirlwind.tracker.content.ContentCatalog;
import dev.whirlwind.tracker.content.ContentConflict;
import dev.whirlwind.tracker.content.ContentEntry;
import dev.whirlwind.tracker.content.ContentRegistrations;
import dev.whirlwind.tracker.content.RenditionMap;
import dev.whirlwind.tracker.source.Audience;
import dev.whirlwind.tracker.source.Source;
import dev.whirlwind.tracker.source.SourceRegistry;
import dev.whirlwind.tracker.swarm.SwarmRegistry;
import dev.whirlwind.tracker.swarm.SwarmStats;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tracker's JSON and document endpoints under {@code /v1} and {@code /r}. Client endpoints are
 * public; the admin endpoints (publishing contents, heartbeats, mirrors) need the bearer token.
 * Every error is JSON {@code {"error": ..., "detail": ...}} with a 4xx status.
 */
final class ApiRoutes {
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final ContentCatalog catalog;
  private final SourceRegistry sources;
  private final SwarmRegistry swarms;
  private final ClientDocuments documents;
  private final AdminToken token;
  private final int heartbeatIntervalSeconds;
  private final RecentPurges recentPurges;
  private final RenditionMap renditionMap;
  private final ContentRegistrations registrations;
  private final Routes<Route> routes;
  private final BrowserSwarmList browsers;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ApiRoutes.class);
  private final boolean separateAdminPort;

  /**
   * @param separateAdminPort whether the admin API has a port of its own: its requests are then the
   *     daemons' ({@link Audience#DAEMONS}), and the client port's the clients'
   */
  ApiRoutes(
      ContentCatalog catalog,
      SourceRegistry sources,
      SwarmRegistry swarms,
      ClientDocuments documents,
      AdminToken token,
      int heartbeatIntervalSeconds,
      RenditionMap renditionMap,
      ContentRegistrations registrations,
      BrowserSwarmList browsers,
      boolean separateAdminPort) {
    this.browsers = browsers;
    this.separateAdminPort = separateAdminPort;
    this.renditionMap = renditionMap;
    this.registrations = registrations;
    this.catalog = catalog;
    this.sources = sources;
    this.swarms = swarms;
    this.documents = documents;
    this.token = token;
    this.heartbeatIntervalSeconds = heartbeatIntervalSeconds;
    // A heartbeat sent before the cache deleted its copy arrives within about one interval.
    this.recentPurges =
        new RecentPurges(
            java.util.concurrent.TimeUnit.SECONDS.toNanos(3L * heartbeatIntervalSeconds),
            System::nanoTime);
    this.routes = table();
  }

  /** Thrown inside a route to answer with a JSON error. */
  static final class Reject extends RuntimeException {
    final HttpResponseStatus status;
    final String error;

    Reject(HttpResponseStatus status, String error, String detail) {
      super(detail, null, false, false);
      this.status = status;
      this.error = error;
    }
  }

  /** One route's work. */
  @FunctionalInterface
  interface Work {
    FullHttpResponse answer(FullHttpRequest req, Routes.Found<Route> match, Audience who);
  }

  /** A row of the table: its work, and whether it needs the admin token. */
  record Route(boolean admin, Work work) {}

  private static Route open(Work w) {
    return new Route(false, w);
  }

  private static Route admin(Work w) {
    return new Route(true, w);
  }

  /**
   * Every endpoint under {@code /v1} and {@code /r}; the OpenAPI document is checked against it.
   */
  private Routes<Route> table() {
    return Routes.<Route>builder()
        .get("/r/{file}", open((req, m, who) -> redirectFile(m.param("file"), who)))
        .get("/v1/swarms", open((req, m, who) -> swarmList(req)))
        .put(
            "/v1/caches/{cacheId}",
            admin((req, m, who) -> heartbeat(m.param("cacheId"), body(req, CacheHeartbeat.class))))
        .delete("/v1/caches/{cacheId}", admin((req, m, who) -> removeCache(m.param("cacheId"))))
        .get("/v1/registrations", admin((req, m, who) -> json(HttpResponseStatus.OK, registered())))
        .get("/v1/contents/by-url", open((req, m, who) -> byUrl(req)))
        .get(
            "/v1/contents/by-probe/{probeHash}",
            open((req, m, who) -> byProbe(m.param("probeHash"))))
        .get("/v1/contents/{file}", open((req, m, who) -> contentFile(m.param("file"), who)))
        .put(
            "/v1/contents/{id}",
            admin(
                (req, m, who) -> publish(contentId(m.param("id")), body(req, ContentRecord.class))))
        .delete("/v1/contents/{id}", admin((req, m, who) -> purge(contentId(m.param("id")))))
        .get("/v1/contents/{id}/sources", open((req, m, who) -> sourcesOf(m.param("id"), who)))
        .put(
            "/v1/contents/{id}/registration",
            admin(
                (req, m, who) ->
                    register(contentId(m.param("id")), body(req, ContentRegistration.class))))
        .put(
            "/v1/contents/{id}/mirrors",
            admin((req, m, who) -> mirrors(contentId(m.param("id")), body(req, MirrorList.class))))
        .post(
            "/v1/renditions/claims", admin((req, m, who) -> claim(body(req, RenditionClaim.class))))
        .get("/v1/renditions/{sourceId}", open((req, m, who) -> renditionsOf(m.param("sourceId"))))
        .get(
            "/v1/renditions/{sourceId}/{profileHash}",
            open((req, m, who) -> rendition(m.param("sourceId"), m.param("profileHash"))))
        .put(
            "/v1/renditions/{sourceId}/{profileHash}",
            admin(
                (req, m, who) ->
                    recordRendition(
                        m.param("sourceId"),
                        m.param("profileHash"),
                        body(req, RenditionRecord.class))))
        .build();
  }

  Routes<Route> routes() {
    return routes;
  }

  /**
   * @param servesAdmin whether the connection came in on a port that serves the admin API
   */
  FullHttpResponse handle(FullHttpRequest req, String path, boolean servesAdmin) {
    try {
      Routes.Match<Route> match = routes.match(req.method(), path);
      if (match instanceof Routes.NotFound<Route>) {
        throw notFound("no endpoint " + path);
      }
      if (match instanceof Routes.MethodNotAllowed<Route> m) {
        return Answers.methodNotAllowed(req.method(), path, m.allowHeader());
      }
      Routes.Found<Route> found = (Routes.Found<Route>) match;
      if (found.handler().admin()) {
        if (!servesAdmin) {
          // As if the route were not there: the admin API is not this port's business.
          throw notFound("no endpoint " + path + " on this port: the admin API has its own");
        }
        admin(req);
      }
      // With an admin port of its own, that port is the daemons'; the other, or the only one, the
      // clients'.
      Audience who = servesAdmin && separateAdminPort ? Audience.DAEMONS : Audience.CLIENTS;
      return found.handler().work().answer(req, found, who);
    } catch (Reject r) {
      return Answers.error(r.status, r.error, r.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("{} {} failed: {}", req.method(), path, e.toString(), e);
      return Answers.error(
          HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", "the request failed: " + e);
    }
  }

  /** {@code /r/{id}} or {@code /r/{id}.m3u8}. */
  private FullHttpResponse redirectFile(String file, Audience who) {
    if (file.endsWith(".m3u8")) {
      return playlistRedirect(contentId(file.substring(0, file.length() - ".m3u8".length())), who);
    }
    return redirect(contentId(file), who);
  }

  private FullHttpResponse swarmList(FullHttpRequest req) {
    int limit = limit(req);
    FullHttpResponse r = json(HttpResponseStatus.OK, swarmReport(limit));
    r.headers().set("X-Total-Count", swarms.swarmCount() + browsers.count());
    return r;
  }

  private FullHttpResponse removeCache(String cacheId) {
    boolean removed = sources.removeCache(cacheId);
    return json(HttpResponseStatus.OK, Map.of("cacheId", cacheId, "removed", removed));
  }

  private FullHttpResponse byUrl(FullHttpRequest req) {
    String url = query(req, "url");
    ContentId id =
        catalog.byUrl(url).orElseThrow(() -> notFound("no verified content for URL " + url));
    return json(HttpResponseStatus.OK, Map.of("contentId", id.hex()));
  }

  private FullHttpResponse byProbe(String probeHash) {
    List<String> ids = new ArrayList<>();
    catalog.byProbeHash(probeHash).forEach(id -> ids.add(id.hex()));
    return json(HttpResponseStatus.OK, Map.of("probeHash", probeHash, "contentIds", ids));
  }

  /** {@code /v1/contents/{id}}, {@code {id}.torrent} or {@code {id}.meta4}. */
  private FullHttpResponse contentFile(String file, Audience who) {
    if (file.endsWith(".torrent")) {
      ContentEntry e = entry(file.substring(0, file.length() - ".torrent".length()));
      return Answers.bytes(
          HttpResponseStatus.OK,
          "application/x-bittorrent",
          documents.torrent(e, sources.caches(e.info().contentId(), e.info().name(), who), who));
    }
    if (file.endsWith(".meta4")) {
      ContentEntry e = entry(file.substring(0, file.length() - ".meta4".length()));
      ContentId id = e.info().contentId();
      List<Source> mirrors = sources.mirrors(id);
      sources.handedOut(mirrors);
      return Answers.textOf(
          HttpResponseStatus.OK,
          "application/metalink4+xml",
          documents.metalink(e, sources.caches(id, e.info().name(), who), mirrors, who));
    }
    ContentEntry e = entry(file);
    ContentId id = e.info().contentId();
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("contentId", id.hex());
    summary.put("sizeBytes", e.info().length());
    summary.put("infoHash", e.infoHash().hex());
    summary.put("name", e.info().name());
    summary.put("contentType", e.contentType());
    // Lets a cache verify each piece of a pull-through fetch as it lands.
    summary.put("pieces", java.util.Base64.getEncoder().encodeToString(e.info().pieces()));
    if (e.hls() != null) {
      summary.put("hls", e.hls());
    }
    return json(HttpResponseStatus.OK, summary);
  }

  private FullHttpResponse publish(ContentId id, ContentRecord record) {
    try {
      boolean existed = catalog.contains(id);
      ContentEntry e = catalog.publish(id, record);
      return json(
          existed ? HttpResponseStatus.OK : HttpResponseStatus.CREATED,
          Map.of("contentId", id.hex(), "infoHash", e.infoHash().hex(), "name", e.info().name()));
    } catch (ContentConflict c) {
      throw new Reject(HttpResponseStatus.CONFLICT, "conflict", c.getMessage());
    } catch (IllegalArgumentException bad) {
      throw new Reject(HttpResponseStatus.BAD_REQUEST, "bad_record", bad.getMessage());
    }
  }

  private FullHttpResponse sourcesOf(String idText, Audience who) {
    ContentEntry e = entry(idText);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("contentId", e.info().contentId().hex());
    body.put("sizeBytes", e.info().length());
    body.put("infoHash", e.infoHash().hex());
    body.put("sources", sources.report(e.info().contentId(), e.info().name(), who));
    body.put(
        "note",
        "a mirror's extra load is estimated (hand-outs x expected client rate / probed"
            + " throughput): standard clients do not report bytes per source");
    return json(HttpResponseStatus.OK, body);
  }

  private FullHttpResponse mirrors(ContentId id, MirrorList list) {
    List<String> urls = list.urls() == null ? List.of() : list.urls();
    for (String url : urls) {
      checkHttpUrl(url);
    }
    sources.setMirrors(id, urls);
    return json(HttpResponseStatus.OK, Map.of("contentId", id.hex(), "mirrors", urls.size()));
  }

  /** A catalog's video: its mirrors are handed out from now on, and the operator can list it. */
  private FullHttpResponse register(ContentId id, ContentRegistration r) {
    if (r.catalog() == null || r.catalog().isBlank()) {
      throw new Reject(HttpResponseStatus.BAD_REQUEST, "bad_registration", "catalog is required");
    }
    if (r.sizeBytes() < 0) {
      throw new Reject(
          HttpResponseStatus.BAD_REQUEST, "bad_registration", "sizeBytes must be >= 0");
    }
    for (String url : r.sources()) {
      checkHttpUrl(url);
    }
    for (String url : r.mirrors()) {
      checkHttpUrl(url);
    }
    boolean created;
    try {
      created = registrations.put(id, r);
    } catch (ContentRegistrations.Full full) {
      throw new Reject(
          HttpResponseStatus.SERVICE_UNAVAILABLE, "registrations_full", full.getMessage());
    }
    sources.setMirrors(id, r.mirrors());
    recentPurges.registered(id);
    return json(
        created ? HttpResponseStatus.CREATED : HttpResponseStatus.OK,
        Map.of("contentId", id.hex(), "mirrors", r.mirrors().size()));
  }

  private List<RegisteredContent> registered() {
    List<RegisteredContent> out = new ArrayList<>();
    registrations
        .all()
        .forEach(
            (id, r) ->
                out.add(
                    new RegisteredContent(
                        id.hex(), r, catalog.contains(id), renditionMap.of(id.hex()))));
    return out;
  }

  /**
   * Forgets a content: registration, mirrors and record. Renditions recorded with it as source stay
   * in the map until no cache holds them; the operator deletes those from the caches too.
   */
  private FullHttpResponse purge(ContentId id) {
    boolean registered = registrations.remove(id);
    boolean hadMirrors = sources.setMirrors(id, List.of());
    boolean published = catalog.remove(id);
    recentPurges.purged(id);
    if (!registered && !published && !hadMirrors) {
      throw notFound("content " + id + " is neither registered nor published here");
    }
    return json(
        HttpResponseStatus.OK,
        Map.of("contentId", id.hex(), "registered", registered, "published", published));
  }

  private FullHttpResponse claim(RenditionClaim c) {
    contentId(c.sourceId());
    profileHash(c.profileHash());
    if (c.claimant() == null || c.claimant().isBlank()) {
      throw new Reject(HttpResponseStatus.BAD_REQUEST, "bad_claim", "claimant is required");
    }
    int ttl = c.ttlSeconds() <= 0 ? 600 : Math.min(c.ttlSeconds(), 24 * 3600);
    RenditionMap.ClaimResult r =
        renditionMap.claim(c.sourceId(), c.profileHash(), c.claimant(), ttl);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("granted", r.granted());
    if (r.renditionId() != null) {
      body.put("renditionId", r.renditionId());
      return json(HttpResponseStatus.OK, body);
    }
    body.put("holder", r.holder());
    body.put("expiresAtMillis", r.expiresAtMillis());
    return json(r.granted() ? HttpResponseStatus.CREATED : HttpResponseStatus.CONFLICT, body);
  }

  private FullHttpResponse renditionsOf(String sourceId) {
    contentId(sourceId);
    return json(HttpResponseStatus.OK, renditionMap.of(sourceId));
  }

  private FullHttpResponse rendition(String sourceId, String hash) {
    contentId(sourceId);
    profileHash(hash);
    return json(
        HttpResponseStatus.OK,
        renditionMap
            .get(sourceId, hash)
            .orElseThrow(() -> notFound("no rendition for " + sourceId + "/" + hash)));
  }

  private FullHttpResponse recordRendition(String sourceId, String hash, RenditionRecord r) {
    contentId(sourceId);
    profileHash(hash);
    if (!sourceId.equals(r.sourceId()) || !hash.equals(r.profileHash())) {
      throw new Reject(
          HttpResponseStatus.BAD_REQUEST,
          "bad_rendition",
          "the body's key differs from the path's");
    }
    contentId(r.renditionId());
    if (r.profile() != null) {
      profileMatches(r);
    }
    RenditionRecord standing = renditionMap.record(r);
    if (standing.renditionId().equals(r.renditionId())) {
      return json(standing == r ? HttpResponseStatus.CREATED : HttpResponseStatus.OK, standing);
    }
    return json(HttpResponseStatus.CONFLICT, standing);
  }

  /** A record's parameters must be the ones its key names. */
  private static void profileMatches(RenditionRecord r) {
    String hash;
    try {
      hash = r.profile().parametersHash();
    } catch (IllegalArgumentException e) {
      throw new Reject(
          HttpResponseStatus.BAD_REQUEST, "bad_rendition", "profile: " + e.getMessage());
    }
    if (!hash.equals(r.profileHash())) {
      throw new Reject(
          HttpResponseStatus.BAD_REQUEST,
          "bad_rendition",
          "the profile's parameters hash to " + hash + ", not to the key's " + r.profileHash());
    }
  }

  private static void profileHash(String h) {
    if (h == null || !h.matches("[0-9a-f]{8,128}")) {
      throw new Reject(
          HttpResponseStatus.BAD_REQUEST,
          "bad_profile_hash",
          "expected lowercase hex, got '" + h + "'");
    }
  }

  private FullHttpResponse heartbeat(String cacheId, CacheHeartbeat hb) {
    if (!cacheId.matches("[A-Za-z0-9._-]{1,253}")) {
      throw new Reject(
          HttpResponseStatus.BAD_REQUEST,
          "bad_cache_id",
          "cache id '" + cacheId + "' is not a DNS-like name");
    }
    if (hb.baseUrl() == null) {
      throw new Reject(HttpResponseStatus.BAD_REQUEST, "bad_heartbeat", "baseUrl is required");
    }
    checkHttpUrl(hb.baseUrl());
    Set<ContentId> held = new LinkedHashSet<>();
    for (String s : hb.contents() == null ? List.<String>of() : hb.contents()) {
      held.add(contentId(s));
    }
    sources.heartbeat(cacheId, hb, held);
    if (hb.plainHttpBytes() != null) {
      hb.plainHttpBytes()
          .forEach(
              (id, bytes) -> {
                if (ContentId.isValid(id) && bytes != null) {
                  catalog
                      .get(new ContentId(id))
                      .ifPresent(e -> swarms.addPlainHttpBytes(e.infoHash(), bytes));
                }
              });
    }
    List<String> missing = new ArrayList<>();
    List<String> missingHls = new ArrayList<>();
    Set<String> withHls = new java.util.HashSet<>(hb.hlsIndexes());
    for (ContentId id : held) {
      var entry = catalog.get(id);
      if (entry.isEmpty()) {
        if (!recentPurges.recentlyPurged(id)) {
          missing.add(id.hex());
        }
      } else if (entry.get().hls() != null && !withHls.contains(id.hex())) {
        missingHls.add(id.hex());
      }
    }
    return json(
        HttpResponseStatus.OK, new HeartbeatReply(missing, heartbeatIntervalSeconds, missingHls));
  }

  private FullHttpResponse redirect(ContentId id, Audience who) {
    ContentEntry e = catalog.get(id).orElseThrow(() -> notFound("unknown content " + id));
    List<Source> caches = sources.caches(id, null, who);
    Source best = null;
    if (!caches.isEmpty()) {
      best = caches.get(0);
    } else {
      List<Source> mirrors = sources.mirrors(id);
      if (!mirrors.isEmpty()) {
        best = mirrors.get(0);
        sources.handedOut(List.of(best));
      }
    }
    if (best == null) {
      FullHttpResponse r =
          Answers.error(
              HttpResponseStatus.SERVICE_UNAVAILABLE,
              "no_source",
              "no healthy source holds " + e.info().name() + " right now");
      r.headers().set(HttpHeaderNames.RETRY_AFTER, "30");
      return r;
    }
    FullHttpResponse r = Answers.textOf(HttpResponseStatus.FOUND, "text/plain", "");
    r.headers().set(HttpHeaderNames.LOCATION, best.url());
    r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    return r;
  }

  /**
   * {@code /r/{id}.m3u8}: a {@code 302} to the playlist at the best cache holding an HLS rendition.
   * The playlist names its media relative to itself, so the player stays on that cache.
   */
  private FullHttpResponse playlistRedirect(ContentId id, Audience who) {
    ContentEntry e = catalog.get(id).orElseThrow(() -> notFound("unknown content " + id));
    if (e.hls() == null) {
      throw notFound("content " + id + " is not an HLS rendition");
    }
    List<Source> caches = sources.caches(id, null, who);
    if (caches.isEmpty()) {
      FullHttpResponse r =
          Answers.error(
              HttpResponseStatus.SERVICE_UNAVAILABLE,
              "no_source",
              "no healthy cache holds " + e.info().name() + " right now");
      r.headers().set(HttpHeaderNames.RETRY_AFTER, "30");
      return r;
    }
    FullHttpResponse r = Answers.textOf(HttpResponseStatus.FOUND, "text/plain", "");
    r.headers().set(HttpHeaderNames.LOCATION, caches.get(0).url() + ".m3u8");
    r.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    return r;
  }

  /** {@code ?limit=}: how many swarms {@code GET /v1/swarms} lists, 1..{@value #MAX_LIMIT}. */
  private static int limit(FullHttpRequest req) {
    List<String> v =
        new QueryStringDecoder(req.uri(), StandardCharsets.UTF_8).parameters().get("limit");
    if (v == null || v.isEmpty()) {
      return DEFAULT_LIMIT;
    }
    try {
      int n = Integer.parseInt(v.get(0));
      if (n >= 1 && n <= MAX_LIMIT) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new Reject(
        HttpResponseStatus.BAD_REQUEST,
        "bad_parameter",
        "limit must be 1.." + MAX_LIMIT + ", got '" + v.get(0) + "'");
  }

  static final int DEFAULT_LIMIT = 1000;
  static final int MAX_LIMIT = 10_000;

  /**
   * The busiest swarms, those of catalog contents first: bounded, so that listing costs the same at
   * a million swarms as at ten. {@code X-Total-Count} says how many there are in all. Browsers'
   * swarms (WebSocket tracker) are listed with the BitTorrent ones, by the same order.
   */
  private List<SwarmReport> swarmReport(int limit) {
    List<SwarmReport> out = new ArrayList<>(browsers.busiest(limit));
    for (SwarmStats s : swarms.busiest(limit, h -> catalog.byInfoHash(h).isPresent())) {
      InfoHash h = s.infoHash();
      out.add(
          new SwarmReport(
              h.hex(),
              catalog.byInfoHash(h).map(ContentId::hex).orElse(null),
              s.seeders(),
              s.leechers(),
              s.arrivals(),
              s.completions(),
              s.arrivalsPerSecond(),
              s.downloadBytesPerSecond(),
              s.uploadBytesPerSecond(),
              s.downloadedBytes(),
              s.uploadedBytes(),
              SwarmReport.BITTORRENT));
    }
    out.sort(
        Comparator.comparing((SwarmReport r) -> r.contentId() == null)
            .thenComparing(r -> -(r.seeders() + r.leechers())));
    return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
  }

  private ContentEntry entry(String id) {
    ContentId cid = contentId(id);
    return catalog
        .get(cid)
        .orElseThrow(() -> notFound("no cache has published content " + cid + " to this tracker"));
  }

  private static ContentId contentId(String s) {
    if (!ContentId.isValid(s)) {
      throw new Reject(
          HttpResponseStatus.BAD_REQUEST,
          "bad_content_id",
          "expected 64 lowercase hex digits, got '" + s + "'");
    }
    return new ContentId(s);
  }

  private void admin(FullHttpRequest req) {
    if (!token.configured()) {
      throw new Reject(
          HttpResponseStatus.SERVICE_UNAVAILABLE, "admin_disabled", token.missingDetail());
    }
    if (!token.accepts(req.headers().get(HttpHeaderNames.AUTHORIZATION))) {
      throw new Reject(
          HttpResponseStatus.UNAUTHORIZED, "unauthorized", "a valid bearer token is required");
    }
  }

  private static <T> T body(FullHttpRequest req, Class<T> type) {
    try {
      byte[] bytes = new byte[req.content().readableBytes()];
      req.content().getBytes(req.content().readerIndex(), bytes);
      T value = JSON.readValue(bytes, type);
      if (value == null) {
        throw new Reject(HttpResponseStatus.BAD_REQUEST, "bad_json", "a JSON body is required");
      }
      return value;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new Reject(
          HttpResponseStatus.BAD_REQUEST,
          "bad_json",
          "expected a " + type.getSimpleName() + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new Reject(HttpResponseStatus.BAD_REQUEST, "bad_json", e.getMessage());
    }
  }

  private static String query(FullHttpRequest req, String name) {
    List<String> v =
        new QueryStringDecoder(req.uri(), StandardCharsets.UTF_8).parameters().get(name);
    if (v == null || v.isEmpty()) {
      throw new Reject(HttpResponseStatus.BAD_REQUEST, "missing_parameter", name + " is required");
    }
    return v.get(0);
  }

  private static void checkHttpUrl(String url) {
    boolean ok;
    try {
      URI u = new URI(url);
      ok = ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null;
    } catch (java.net.URISyntaxException e) {
      ok = false;
    }
    if (!ok) {
      throw new Reject(
          HttpResponseStatus.BAD_REQUEST,
          "bad_url",
          "expected an http(s) URL with a host, got '" + url + "'");
    }
  }

  private static Reject notFound(String detail) {
    return new Reject(HttpResponseStatus.NOT_FOUND, "not_found", detail);
  }

  private static FullHttpResponse json(HttpResponseStatus status, Object body) {
    try {
      return Answers.bytes(status, "application/json", JSON.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
