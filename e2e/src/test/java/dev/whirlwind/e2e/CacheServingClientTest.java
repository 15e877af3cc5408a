package dev.whirlwind.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged cache daemon adopts a content left in its data directory (as a previous run
 * published it) and serves it to aria2 over four ranged connections at once.
 */
class CacheServingClientTest {
  @Test
  void aria2DownloadsAStoredContentOverParallelRanges(@TempDir Path dir) throws Exception {
    RealClients.requireAria2();
    byte[] data = new byte[8 * 1024 * 1024 + 777];
    new Random(11).nextBytes(data);
    String id = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    Path contents = Files.createDirectories(dir.resolve("data/contents"));
    Files.write(contents.resolve(id), data);
    Files.writeString(
        contents.resolve(id + ".json"),
        "{\"contentId\":\""
            + id
            + "\",\"sizeBytes\":"
            + data.length
            + ",\"contentType\":\"video/mp4\",\"extension\":\"mp4\"}");
    int port = DaemonProcess.freePort();
    Path config = dir.resolve("cache.yaml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "bindAddress: 127.0.0.1",
            "port: " + port,
            // Shaping is tested in cache-daemon; here it must not slow the clients down.
            "bandwidthBytesPerSecond: 500000000",
            "defaultShareBytesPerSecond: 500000000",
            "dataDir: " + dir.resolve("data"),
            ""));
    try (DaemonProcess cache = DaemonProcess.start("cache-daemon", config, dir)) {
      cache.awaitReady("http://127.0.0.1:" + port + "/readyz", Duration.ofSeconds(60));
      Path out = Files.createDirectories(dir.resolve("aria2"));
      Path log = dir.resolve("aria2.log");
      Process p =
          new ProcessBuilder(
                  List.of(
                      "aria2c",
                      "-x4",
                      "-s4",
                      "--min-split-size=1M",
                      "--allow-overwrite=true",
                      "--checksum=sha-256=" + id,
                      "--dir=" + out,
                      "-o",
                      "video.mp4",
                      "http://127.0.0.1:" + port + "/c/" + id + "/" + id + ".mp4"))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(Files.readString(log)).isTrue();
      assertThat(p.exitValue()).as(Files.readString(log) + cache.log()).isZero();
      assertThat(Files.readAllBytes(out.resolve("video.mp4"))).isEqualTo(data);
      assertThat(cache.log()).contains("cache ready").contains("contents 1");
    }
  }
}
