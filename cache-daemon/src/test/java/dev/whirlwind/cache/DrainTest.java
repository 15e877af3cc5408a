package dev.whirlwind.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whirlwind.cache.storage.StoredContent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A shutdown lets the transfers in flight finish within the grace period. */
class DrainTest {
  @TempDir Path data;

  @Test
  void anActiveTransferCompletesWhileTheDaemonStops() throws Exception {
    // 2 MB at 1 MB/s: the transfer outlives the start of the shutdown by about a second.
    CacheDaemon cache =
        CacheDaemon.start(
            CacheTestConfigs.withRates(
                data,
                "epoll",
                data.resolve("none").toString(),
                0,
                List.of(),
                100_000_000,
                1_000_000));
    String id = "f".repeat(64);
    Path tmp = cache.store().newTempFile();
    Files.write(tmp, new byte[2_000_000]);
    cache
        .store()
        .publish(
            tmp,
            new StoredContent(id, 2_000_000, "video/mp4", "mp4", "", null, List.of(), false, 1));
    CompletableFuture<HttpResponse<byte[]>> get =
        HttpClient.newHttpClient()
            .sendAsync(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + cache.address().getPort() + "/c/" + id))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    // Wait until the body is flowing, then stop.
    while (cache.activeTransfers() == 0 && !get.isDone()) {
      Thread.onSpinWait();
    }
    cache.close();
    HttpResponse<byte[]> r = get.get();
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).hasSize(2_000_000);
  }
}
