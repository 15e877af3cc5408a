package dev.whirlwind.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.whirlwind.protocol.config.HttpLimits;
import dev.whirlwind.server.IoTransport;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shared HTTP surface on a real port, with a tiny application behind it. */
class HttpSurfaceTest {
  private static final String HOST = "Host: t\r\n";
  private final EventLoopGroup group = IoTransport.select("epoll").newGroup(1);
  private final List<RawHttp> clients = new ArrayList<>();
  private final AtomicReference<Optional<String>> liveProblem =
      new AtomicReference<>(Optional.empty());
  private HttpSurface surface;

  @AfterEach
  void stop() throws IOException {
    for (RawHttp c : clients) {
      c.close();
    }
    if (surface != null) {
      surface.close();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** {@code /app} says "app"; {@code /big} sends 64 MiB at once; {@code /slow} waits 300 ms. */
  @ChannelHandler.Sharable
  static final class App extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      boolean keepAlive = HttpUtil.isKeepAlive(req);
      switch (req.uri()) {
        case "/big" -> {
          var r =
              new DefaultFullHttpResponse(
                  HttpVersion.HTTP_1_1,
                  HttpResponseStatus.OK,
                  Unpooled.wrappedBuffer(new byte[64 << 20]));
          HttpUtil.setContentLength(r, 64 << 20);
          ctx.writeAndFlush(r);
        }
        case "/role" ->
            Answers.send(
                ctx,
                Answers.text(
                    HttpResponseStatus.OK,
                    HttpSurface.servesAdmin(ctx.channel()) ? "admin" : "public"),
                keepAlive);
        case "/slow" ->
            ctx.executor()
                .schedule(
                    () -> Answers.send(ctx, Answers.text(HttpResponseStatus.OK, "slow"), keepAlive),
                    300,
                    TimeUnit.MILLISECONDS);
        default ->
            Answers.send(
                ctx,
                Answers.text(
                    HttpResponseStatus.OK, "app " + req.content().readableBytes() + " bytes"),
                keepAlive);
      }
    }
  }

  private static HttpLimits limits(int max, int perAddress, int reserved, int timeoutSeconds) {
    return new HttpLimits(
        max,
        perAddress,
        reserved,
        timeoutSeconds,
        timeoutSeconds,
        timeoutSeconds,
        timeoutSeconds,
        1024,
        2048,
        4096);
  }

  private int start(HttpLimits limits) throws IOException {
    surface = HttpSurface.bind(IoTransport.select("epoll"), group, spec(limits));
    return surface.address().getPort();
  }

  private HttpSurface.Spec spec(HttpLimits limits) {
    App app = new App();
    return new HttpSurface.Spec(
        "test",
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        limits,
        new Ops("test", liveProblem::get, () -> true, "starting", () -> "# ours\n"),
        true,
        true,
        p -> p.addLast(app));
  }

  private RawHttp client(int port) throws IOException {
    RawHttp c = new RawHttp(port);
    clients.add(c);
    return c;
  }

  private RawHttp clientFrom(String address, int port) throws IOException {
    RawHttp c = new RawHttp(InetAddress.getByName(address), port);
    clients.add(c);
    return c;
  }

  private static String get(String path) {
    return "GET " + path + " HTTP/1.1\r\n" + HOST + "\r\n";
  }

  @Test
  void oneAddressCannotTakeTheCapAndProbesStillGetAnswersOnReservedSlots() throws IOException {
    int port = start(limits(4, 2, 1, 30));
    assertThat(client(port).exchange(get("/app")).status()).isEqualTo(200);
    assertThat(client(port).exchange(get("/app")).status()).isEqualTo(200);

    // Past the per-address cap: one reserved slot, which answers probes and only probes.
    RawHttp ops = client(port);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> surface.counters().opsOnlyAdmitted.sum() == 1);
    RawHttp.Answer refused = client(port).read();
    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.header("retry-after")).isEqualTo("1");
    assertThat(refused.body()).contains("the most one address may");
    RawHttp.Answer refusedApp = ops.exchange(get("/app"));
    assertThat(refusedApp.status()).isEqualTo(503);
    assertThat(refusedApp.body()).contains("\"error\":\"too_many_connections\"", "\"detail\"");
    await().atMost(Duration.ofSeconds(5)).until(() -> ops.closedByServer());
    RawHttp kubelet = client(port);
    RawHttp.Answer healthz = kubelet.exchange(get("/healthz"));
    assertThat(healthz.status()).isEqualTo(200);
    assertThat(healthz.body()).isEqualTo("ok\n");

    // Another address still gets served in full.
    assertThat(clientFrom("127.0.0.2", port).exchange(get("/app")).status()).isEqualTo(200);
    assertThat(surface.counters().refused()).isEqualTo(1);
  }

  @Test
  void aPublicAndAnAdminSurfaceTellTheirRoleAndKeepTheirOwnCaps() throws IOException {
    HttpSurface.Spec spec = spec(limits(1, 1, 0, 30));
    surface =
        HttpSurface.bind(
            IoTransport.select("epoll"),
            group,
            spec.at(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), false));
    int publicPort = surface.address().getPort();
    try (HttpSurface admin =
        HttpSurface.bind(
            IoTransport.select("epoll"),
            group,
            spec.at(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), true))) {
      int adminPort = admin.address().getPort();
      RawHttp first = client(publicPort);
      assertThat(first.exchange(get("/role")).body()).isEqualTo("public");
      // The public port is full; the operator's port is not.
      assertThat(client(publicPort).read().status()).isEqualTo(503);
      assertThat(client(adminPort).exchange(get("/role")).body()).isEqualTo("admin");
      assertThat(admin.counters().refused()).isZero();
    }
  }

  @Test
  void aFullDaemonRefusesOnAcceptAndAFreedSlotIsReused() throws IOException {
    int port = start(limits(2, 2, 0, 30));
    RawHttp first = client(port);
    assertThat(first.exchange(get("/app")).status()).isEqualTo(200);
    assertThat(clientFrom("127.0.0.2", port).exchange(get("/app")).status()).isEqualTo(200);
    RawHttp.Answer refused = clientFrom("127.0.0.3", port).read();
    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.body()).contains("maximum of 2 connections");

    first.close();
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(surface.gate().open()).isEqualTo(1));
    assertThat(clientFrom("127.0.0.3", port).exchange(get("/app")).status()).isEqualTo(200);
    assertThat(surface.gate().addresses()).isEqualTo(2);
  }

  @Test
  void aSlowlorisHeadIsAnswered408AndCut() throws IOException {
    int port = start(limits(16, 16, 0, 1));
    RawHttp slow = client(port).send("GET /app HTTP/1.1\r\nHost: t\r\nX-A: 1\r\n");
    RawHttp.Answer a = slow.read();
    assertThat(a.status()).isEqualTo(408);
    assertThat(a.body()).contains("\"error\":\"request_timeout\"", "request head");
    assertThat(slow.closedByServer()).isTrue();
    assertThat(surface.counters().timeouts()).isEqualTo(1);
  }

  @Test
  void aConnectionThatSendsNothingAndAnIdleKeepAliveOneAreClosed() throws IOException {
    int port = start(limits(16, 16, 0, 1));
    RawHttp silent = client(port);
    RawHttp idle = client(port);
    assertThat(idle.exchange(get("/app")).status()).isEqualTo(200);
    assertThat(silent.closedByServer()).isTrue();
    assertThat(idle.closedByServer()).isTrue();
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(surface.gate().open()).isZero());
  }

  @Test
  void aStalledBodyIsAnswered408() throws IOException {
    int port = start(limits(16, 16, 0, 1));
    RawHttp c =
        client(port)
            .send("POST /app HTTP/1.1\r\n" + HOST + "Content-Length: 100\r\n\r\n0123456789");
    RawHttp.Answer a = c.read();
    assertThat(a.status()).isEqualTo(408);
    assertThat(a.body()).contains("request body");
  }

  @Test
  void aClientThatReadsNothingIsCutAfterTheWriteTimeout() throws IOException {
    int port = start(limits(16, 16, 0, 1));
    RawHttp c = client(port);
    c.socket.setReceiveBufferSize(4096);
    c.send(get("/big"));
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(surface.counters().writeTimeouts.sum()).isEqualTo(1);
              assertThat(surface.gate().open()).isZero();
            });
  }

  @Test
  void aSlowApplicationIsNotAStalledClient() throws IOException {
    int port = start(limits(16, 16, 0, 1));
    RawHttp c = client(port);
    // Pipelined: the probe's answer waits for the slow one, in order.
    c.send(get("/slow") + get("/healthz"));
    assertThat(c.read().body()).isEqualTo("slow");
    assertThat(c.read().body()).isEqualTo("ok\n");
    assertThat(surface.counters().timeouts()).isZero();
  }

  @Test
  void requestsNoDaemonShouldServeAreRefusedWithTheErrorBody() throws IOException {
    int port = start(limits(64, 64, 0, 30));
    assertRefused(port, "GET /app HTTP/1.1\r\n\r\n", 400, "bad_host");
    assertRefused(port, "GET /app HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400, "bad_host");
    assertRefused(port, "GET /app HTTP/2.0\r\n" + HOST + "\r\n", 505, "http_version_not_supported");
    assertRefused(port, "get /app HTTP/1.1\r\n" + HOST + "\r\n", 501, "method_not_implemented");
    assertRefused(
        port, "GET /" + "a".repeat(2000) + " HTTP/1.1\r\n" + HOST + "\r\n", 414, "uri_too_long");
    assertRefused(
        port,
        "GET /app HTTP/1.1\r\n" + HOST + "X: " + "b".repeat(3000) + "\r\n\r\n",
        431,
        "headers_too_large");
    assertRefused(
        port,
        "POST /app HTTP/1.1\r\n" + HOST + "Content-Length: 5000\r\n\r\n" + "x".repeat(5000),
        413,
        "body_too_large");
    assertRefused(
        port,
        "POST /app HTTP/1.1\r\n" + HOST + "Content-Length: 4611686018427387904\r\n\r\n",
        413,
        "body_too_large");
    assertRefused(port, "DELETE /healthz HTTP/1.1\r\n" + HOST + "\r\n", 405, "method_not_allowed");
    // HTTP/1.0 needs no Host.
    assertThat(client(port).exchange("GET /app HTTP/1.0\r\n\r\n").status()).isEqualTo(200);
  }

  private void assertRefused(int port, String request, int status, String error)
      throws IOException {
    RawHttp c = client(port);
    RawHttp.Answer a = c.exchange(request);
    assertThat(a.status()).as(request.lines().findFirst().orElse("")).isEqualTo(status);
    assertThat(a.header("content-type")).isEqualTo("application/json");
    assertThat(a.body()).contains("\"error\":\"" + error + "\"", "\"detail\":");
  }

  @Test
  void anEarlyAnswerToAStreamingBodyReachesTheClientAndTheRestIsDropped() throws Exception {
    int port = start(limits(16, 16, 0, 30));
    RawHttp c =
        client(port).send("POST /app HTTP/1.1\r\n" + HOST + "Content-Length: 67108864\r\n\r\n");
    byte[] chunk = new byte[256 * 1024];
    // The client goes on sending after the server has answered: no reset may eat the answer.
    Thread sender =
        new Thread(
            () -> {
              try {
                for (int i = 0; i < 16; i++) {
                  c.socket.getOutputStream().write(chunk);
                }
              } catch (IOException closedAtLast) {
                // The server closes once it has lingered.
              }
            });
    sender.start();
    RawHttp.Answer a = c.read();
    assertThat(a.status()).isEqualTo(413);
    assertThat(a.body()).contains("body_too_large");
    sender.join(10_000);
    assertThat(c.closedByServer()).isTrue();
  }

  @Test
  void opsEndpointsSayWhatIsWrongAndMetricsCarryTheSurfaceSeries() throws IOException {
    int port = start(limits(64, 64, 0, 30));
    RawHttp c = client(port);
    RawHttp.Answer metrics = c.exchange(get("/metrics"));
    assertThat(metrics.header("content-type")).isEqualTo(Answers.METRICS);
    assertThat(metrics.body())
        .startsWith("# ours\n")
        .contains("whirlwind_test_http_connections 1\n")
        .contains("whirlwind_test_http_timeouts_total{kind=\"header\"} 0\n");
    liveProblem.set(Optional.of("event loop 0 has not run for 12 s"));
    RawHttp.Answer healthz = c.exchange(get("/healthz"));
    assertThat(healthz.status()).isEqualTo(503);
    assertThat(healthz.body()).contains("not_live", "event loop 0");
    RawHttp.Answer head = c.send("HEAD /readyz HTTP/1.1\r\n" + HOST + "\r\n").readHead();
    assertThat(head.status()).isEqualTo(200);
    assertThat(c.exchange(get("/readyz")).body()).isEqualTo("ready\n");
  }

  @Test
  void aTakenPortIsAnErrorThatNamesIt() throws IOException {
    int port = start(limits(64, 64, 0, 30));
    assertThatThrownBy(
            () ->
                HttpSurface.bind(
                    IoTransport.select("epoll"),
                    group,
                    new HttpSurface.Spec(
                        "test",
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                        limits(1, 1, 0, 1),
                        new Ops("test", Optional::empty, () -> true, "", () -> ""),
                        true,
                        true,
                        p -> {})))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cannot bind the test HTTP port")
        .hasMessageContaining(String.valueOf(port));
  }
}
