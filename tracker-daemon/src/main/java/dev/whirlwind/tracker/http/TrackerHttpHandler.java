package dev.whirlwind.tracker.http;

import dev.whirlwind.protocol.content.InfoHash;
import dev.whirlwind.protocol.security.AdminToken;
import dev.whirlwind.server.http.Answers;
import dev.whirlwind.server.http.HttpSurface;
import dev.whirlwind.server.http.Routes;
import dev.whirlwind.tracker.TrackerMetrics;
import dev.whirlwind.tracker.announce.AnnounceRejected;
import dev.whirlwind.tracker.announce.AnnounceResponses;
import dev.whirlwind.tracker.announce.HttpAnnounceParser;
import dev.whirlwind.tracker.content.ContentCatalog;
import dev.whirlwind.tracker.content.ContentRegistrations;
import dev.whirlwind.tracker.content.RenditionMap;
import dev.whirlwind.tracker.source.SourceRegistry;
import dev.whirlwind.tracker.swarm.SwarmRegistry;
import dev.whirlwind.tracker.swarm.SwarmView;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tracker's HTTP endpoints. Announce and scrape answer every malformed request with a bencoded
 * {@code failure reason} (HTTP 200, as BitTorrent clients expect), never a 500 or a stack trace;
 * other endpoints answer errors with JSON.
 */
@ChannelHandler.Sharable
public final class TrackerHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(TrackerHttpHandler.class);
  private static final String BENCODE = "text/plain";

  private final SwarmRegistry swarms;
  private final HttpAnnounceParser parser;
  private final AnnounceResponses responses;
  private final TrackerMetrics metrics;
  private final ApiRoutes api;

  public TrackerHttpHandler(
      SwarmRegistry swarms,
      HttpAnnounceParser parser,
      AnnounceResponses responses,
      TrackerMetrics metrics,
      ContentCatalog catalog,
      SourceRegistry sources,
      ClientDocuments documents,
      AdminToken token,
      int heartbeatIntervalSeconds,
      RenditionMap renditions,
      ContentRegistrations registrations,
      BrowserSwarmList browsers,
      boolean separateAdminPort) {
    this.swarms = swarms;
    this.parser = parser;
    this.responses = responses;
    this.metrics = metrics;
    this.api =
        new ApiRoutes(
            catalog,
            sources,
            swarms,
            documents,
            token,
            heartbeatIntervalSeconds,
            renditions,
            registrations,
            browsers,
            separateAdminPort);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
    FullHttpResponse response = route(ctx, req);
    // Players and pages on other origins read the public answers (the playlist redirect, the
    // source documents). Safe for the admin API too: a page cannot send its bearer token, since
    // no preflight allows an Authorization header.
    response.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
    boolean keepAlive = HttpUtil.isKeepAlive(req);
    HttpUtil.setKeepAlive(response, keepAlive);
    var future = ctx.writeAndFlush(response);
    if (!keepAlive) {
      future.addListener(ChannelFutureListener.CLOSE);
    }
  }

  private FullHttpResponse route(ChannelHandlerContext ctx, FullHttpRequest req) {
    String uri = req.uri();
    int q = uri.indexOf('?');
    String path = q < 0 ? uri : uri.substring(0, q);
    if (path.startsWith("/v1/") || path.startsWith("/r/")) {
      return api.handle(req, path, HttpSurface.servesAdmin(ctx.channel()));
    }
    Routes.Match<BitTorrent> match = BITTORRENT.match(req.method(), path);
    if (match instanceof Routes.MethodNotAllowed<BitTorrent> m) {
      return Answers.methodNotAllowed(req.method(), path, m.allowHeader());
    }
    if (!(match instanceof Routes.Found<BitTorrent> found)) {
      return Answers.error(HttpResponseStatus.NOT_FOUND, "not_found", "no endpoint " + path);
    }
    return switch (found.handler()) {
      case ANNOUNCE -> announce(ctx, uri);
      case SCRAPE -> scrape(uri);
    };
  }

  /** The BitTorrent endpoints; the rest of the table is {@link ApiRoutes}. */
  enum BitTorrent {
    ANNOUNCE,
    SCRAPE
  }

  static final Routes<BitTorrent> BITTORRENT =
      Routes.<BitTorrent>builder()
          .get("/announce", BitTorrent.ANNOUNCE)
          .get("/scrape", BitTorrent.SCRAPE)
          .build();

  /** Every route this handler serves, for the OpenAPI check. */
  List<Routes.Route<?>> routes() {
    List<Routes.Route<?>> all = new java.util.ArrayList<>(BITTORRENT.all());
    all.addAll(api.routes().all());
    return all;
  }

  private FullHttpResponse announce(ChannelHandlerContext ctx, String uri) {
    try {
      InetSocketAddress from = (InetSocketAddress) ctx.channel().remoteAddress();
      Map<String, List<String>> params = HttpAnnounceParser.parameters(uri);
      var announce = parser.announce(params, from.getAddress());
      SwarmView view = swarms.announce(announce);
      metrics.announce("http", "ok");
      return Answers.bytes(
          HttpResponseStatus.OK,
          BENCODE,
          responses.announce(
              view, HttpAnnounceParser.compact(params), HttpAnnounceParser.noPeerId(params)));
    } catch (AnnounceRejected e) {
      metrics.announce("http", "rejected");
      return Answers.bytes(
          HttpResponseStatus.OK, BENCODE, AnnounceResponses.failure(e.getMessage()));
    } catch (RuntimeException e) {
      LOG.warn("announce failed: {}", e.toString());
      metrics.announce("http", "rejected");
      return Answers.bytes(
          HttpResponseStatus.OK, BENCODE, AnnounceResponses.failure("internal error"));
    }
  }

  private FullHttpResponse scrape(String uri) {
    try {
      Map<InfoHash, long[]> counts = new LinkedHashMap<>();
      for (InfoHash h : parser.scrape(HttpAnnounceParser.parameters(uri))) {
        counts.put(h, swarms.scrape(h));
      }
      metrics.scrape("http");
      return Answers.bytes(HttpResponseStatus.OK, BENCODE, AnnounceResponses.scrape(counts));
    } catch (AnnounceRejected e) {
      return Answers.bytes(
          HttpResponseStatus.OK, BENCODE, AnnounceResponses.failure(e.getMessage()));
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
