package dev.whirlwind.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.whirlwind.protocol.bencode.Bencode;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A tracker's {@code .torrent} web seeds, and libtorrent downloading from them. */
final class WebSeeds {
  private WebSeeds() {}

  /** The torrent's {@code url-list}; empty while the tracker has no torrent for it. */
  static List<String> of(HttpClient http, String torrentUrl) throws Exception {
    HttpResponse<byte[]> r =
        http.send(
            HttpRequest.newBuilder(URI.create(torrentUrl)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      return List.of();
    }
    Map<String, Object> t = Bencode.decodeDictionary(r.body());
    @SuppressWarnings("unchecked")
    List<byte[]> seeds = (List<byte[]>) t.getOrDefault("url-list", List.of());
    return seeds.stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
  }

  static boolean libtorrentPresent() {
    try {
      RealClients.requireLibtorrent();
      return true;
    } catch (org.opentest4j.TestAbortedException e) {
      return false;
    }
  }

  /** libtorrent downloads {@code id}.mp4 from the torrent's web seeds alone; it must equal data. */
  static void download(Path dir, String torrentUrl, String id, byte[] data) throws Exception {
    Path script = dir.resolve("libtorrent_webseed.py");
    try (InputStream in = WebSeeds.class.getResourceAsStream("/clients/libtorrent_webseed.py")) {
      Files.copy(in, script);
    }
    Path save = Files.createDirectories(dir.resolve("lt"));
    Path log = dir.resolve("lt.log");
    Process p =
        new ProcessBuilder(RealClients.PYTHON, script.toString(), torrentUrl, save.toString(), "90")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(log)).isZero();
    assertThat(Files.readAllBytes(save.resolve(id + ".mp4"))).isEqualTo(data);
  }
}
