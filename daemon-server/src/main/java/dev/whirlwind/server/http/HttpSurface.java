package dev.whirlwind.server.http;

import dev.whirlwind.protocol.config.HttpLimits;
import dev.whirlwind.server.IoTransport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.AttributeKey;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.Consumer;

/**
 * A daemon's HTTP port, the same for all three daemons. Each accepted connection passes the {@link
 * ConnectionGate}, then a pipeline of one job per handler:
 *
 * <pre>
 * timeouts-bytes → codec → timeouts → pipelined → hygiene → ops → [aggregator] → the daemon's own
 * </pre>
 *
 * so that limits, timeouts, in-order answers, request hygiene, the ops endpoints and the error body
 * are implemented once. A connection admitted past the caps gets only the ops endpoints.
 *
 * <p>A daemon may bind two surfaces: a public one for clients and an admin one that only the
 * operator and the other daemons reach (a NetworkPolicy can close a port, not a path). Each has its
 * own connection caps, so clients filling the public port never lock the operator out. Handlers ask
 * {@link #servesAdmin} whether their connection may reach the admin API.
 */
public final class HttpSurface implements AutoCloseable {
  static final int WRITE_LOW_WATER_MARK = 2 * 1024 * 1024;
  static final int WRITE_HIGH_WATER_MARK = 4 * 1024 * 1024;

  private static final AttributeKey<Boolean> SERVES_ADMIN =
      AttributeKey.valueOf(HttpSurface.class, "servesAdmin");

  /**
   * What a daemon asks of its port.
   *
   * @param servesAdmin whether this port answers the admin API; false on the public port of a
   *     daemon that has an admin port of its own
   */
  public record Spec(
      String daemon,
      InetSocketAddress address,
      HttpLimits limits,
      Ops ops,
      boolean aggregateBodies,
      boolean servesAdmin,
      Consumer<ChannelPipeline> application) {
    /** The same port for another address and admin role: a daemon's second surface. */
    public Spec at(InetSocketAddress address, boolean servesAdmin) {
      return new Spec(daemon, address, limits, ops, aggregateBodies, servesAdmin, application);
    }
  }

  /** Whether the surface that accepted {@code channel} answers the admin API. */
  public static boolean servesAdmin(Channel channel) {
    return Boolean.TRUE.equals(channel.attr(SERVES_ADMIN).get());
  }

  private final Channel channel;
  private final ConnectionGate gate;
  private final SurfaceCounters counters;

  private HttpSurface(Channel channel, ConnectionGate gate, SurfaceCounters counters) {
    this.channel = channel;
    this.gate = gate;
    this.counters = counters;
  }

  /**
   * Binds the port; a port that cannot be bound is an {@link IOException} naming it, so the daemon
   * exits instead of running without it.
   */
  public static HttpSurface bind(IoTransport transport, EventLoopGroup group, Spec spec)
      throws IOException {
    HttpLimits limits = spec.limits();
    SurfaceCounters counters = new SurfaceCounters();
    ConnectionGate gate =
        new ConnectionGate(
            limits.maxConnections(),
            limits.maxConnectionsPerAddress(),
            limits.reservedOpsConnections(),
            counters);
    ChannelInitializer<Channel> init =
        new ChannelInitializer<>() {
          @Override
          protected void initChannel(Channel ch) {
            ConnectionGate.Admission admission = gate.admit(ch);
            if (admission == ConnectionGate.Admission.REFUSED) {
              return;
            }
            boolean opsOnly = admission == ConnectionGate.Admission.OPS_ONLY;
            ch.attr(SERVES_ADMIN).set(spec.servesAdmin());
            HttpTimeouts timeouts = new HttpTimeouts(limits, counters);
            ChannelPipeline p = ch.pipeline();
            p.addLast("timeouts-bytes", timeouts.bytes())
                .addLast(
                    "codec",
                    new HttpServerCodec(
                        limits.maxRequestLineBytes(), limits.maxHeaderBytes(), 8192))
                .addLast("timeouts", timeouts.messages())
                .addLast("pipelined", new PipelinedRequests())
                .addLast("hygiene", new RequestHygiene(counters))
                .addLast("ops", new OpsEndpoints(spec.ops(), counters, gate::open, opsOnly));
            if (opsOnly) {
              return;
            }
            if (spec.aggregateBodies()) {
              p.addLast("aggregator", new BoundedAggregator(limits.maxJsonBodyBytes()));
            }
            spec.application().accept(p);
          }
        };
    Channel channel;
    try {
      channel =
          new ServerBootstrap()
              .group(group)
              .channel(transport.serverChannel())
              .option(ChannelOption.SO_BACKLOG, 4096)
              .childOption(ChannelOption.TCP_NODELAY, true)
              // Files count towards the watermarks too; a few slices in flight keep a fast
              // client's socket full while a stalled one holds at most the high mark queued.
              .childOption(ChannelOption.MESSAGE_SIZE_ESTIMATOR, FileRegionSizeEstimator.INSTANCE)
              .childOption(
                  ChannelOption.WRITE_BUFFER_WATER_MARK,
                  new WriteBufferWaterMark(WRITE_LOW_WATER_MARK, WRITE_HIGH_WATER_MARK))
              .childHandler(init)
              .bind(spec.address())
              .sync()
              .channel();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while binding " + spec.address(), e);
    } catch (Exception e) {
      // Netty rethrows the bind's checked exception undeclared.
      throw new IOException(
          "cannot bind the "
              + spec.daemon()
              + " HTTP port "
              + spec.address()
              + ": "
              + e.getMessage(),
          e);
    }
    return new HttpSurface(channel, gate, counters);
  }

  public InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  public ConnectionGate gate() {
    return gate;
  }

  public SurfaceCounters counters() {
    return counters;
  }

  /** Stops accepting; connections already open keep going until their group stops. */
  @Override
  public void close() {
    channel.close().syncUninterruptibly();
  }
}
