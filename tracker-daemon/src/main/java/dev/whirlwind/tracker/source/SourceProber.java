package dev.whirlwind.tracker.source;

import dev.whirlwind.protocol.content.TorrentInfo;
import dev.whirlwind.tracker.content.ContentCatalog;
import dev.whirlwind.tracker.content.ContentEntry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ranged health probes: one random piece of a content from each source, timed (latency to the
 * response headers, throughput over the body) and checked against the published piece hash. At most
 * {@value #IN_FLIGHT} probes run at once, off the event loops.
 */
public final class SourceProber {
  private static final Logger LOG = LoggerFactory.getLogger(SourceProber.class);
  static final int IN_FLIGHT = 16;

  private final SourceRegistry sources;
  private final ContentCatalog catalog;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NORMAL)
          .build();
  private final Semaphore slots = new Semaphore(IN_FLIGHT);

  public SourceProber(SourceRegistry sources, ContentCatalog catalog) {
    this.sources = sources;
    this.catalog = catalog;
  }

  /** Starts one probe of every source; the returned future completes when all are done. */
  public CompletableFuture<Void> probeAll() {
    var targets = sources.probeTargets(id -> catalog.get(id).isPresent());
    CompletableFuture<?>[] all = new CompletableFuture<?>[targets.size()];
    for (int i = 0; i < targets.size(); i++) {
      all[i] = probe(targets.get(i));
    }
    return CompletableFuture.allOf(all);
  }

  private CompletableFuture<Void> probe(SourceRegistry.ProbeTarget t) {
    ContentEntry entry = catalog.get(t.content()).orElse(null);
    long start;
    long length;
    byte[] expected;
    if (entry == null || entry.info().length() == 0) {
      start = 0;
      length = 64 * 1024;
      expected = null;
    } else {
      TorrentInfo info = entry.info();
      int pieces = (int) TorrentInfo.pieceCount(info.length());
      int piece = ThreadLocalRandom.current().nextInt(pieces);
      start = (long) piece * info.pieceLength();
      length = Math.min(info.pieceLength(), info.length() - start);
      expected = info.pieceHash(piece);
    }
    try {
      slots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return CompletableFuture.completedFuture(null);
    }
    long t0 = System.nanoTime();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(t.url()))
            .timeout(Duration.ofSeconds(30))
            .header("Range", "bytes=" + start + "-" + (start + length - 1))
            .header("User-Agent", "whirlwind-tracker-probe")
            .build();
    long[] headersAt = new long[1];
    return http.sendAsync(
            request,
            info -> {
              headersAt[0] = System.nanoTime();
              return HttpResponse.BodySubscribers.ofByteArray();
            })
        .handle(
            (response, error) -> {
              slots.release();
              judge(t, response, error, expected, start, length, t0, headersAt[0]);
              return null;
            });
  }

  private void judge(
      SourceRegistry.ProbeTarget t,
      HttpResponse<byte[]> response,
      Throwable error,
      byte[] expected,
      long start,
      long length,
      long t0,
      long headersAt) {
    if (error != null) {
      sources.probeFailed(t, error.getClass().getSimpleName() + ": " + error.getMessage());
      return;
    }
    byte[] body = response.body();
    if (response.statusCode() != 206) {
      sources.probeFailed(
          t, "HTTP " + response.statusCode() + " to a ranged GET (ranges are required)");
      return;
    }
    if (body.length != length) {
      sources.probeFoundWrongBytes(
          t, "asked for " + length + " bytes at " + start + ", got " + body.length);
      LOG.warn(
          "source {} returned {} of {} bytes for {}", t.url(), body.length, length, t.content());
      return;
    }
    if (expected != null && !Arrays.equals(sha1(body), expected)) {
      sources.probeFoundWrongBytes(
          t,
          "bytes at " + start + " do not match piece hash " + HexFormat.of().formatHex(expected));
      LOG.warn("source {} serves wrong bytes for {}", t.url(), t.content());
      return;
    }
    long now = System.nanoTime();
    long latencyMillis = Math.max(0, (headersAt - t0) / 1_000_000);
    double seconds = Math.max(1e-6, (now - t0) / 1e9);
    sources.probeSucceeded(t, latencyMillis, (long) (body.length / seconds));
  }

  private static byte[] sha1(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-1").digest(data);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
