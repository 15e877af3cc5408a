package dev.whirlwind.transcoder;

import dev.whirlwind.protocol.testing.ConfigOverrides;
import dev.whirlwind.protocol.transcode.TranscoderDaemonConfig;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** A transcoder on loopback for API tests: token {@code tok}, state under {@code dir}. */
final class TestTranscoders {
  private TestTranscoders() {}

  static TranscoderDaemon start(Path dir, Map<String, ?> overrides) throws Exception {
    Files.writeString(dir.resolve("token"), "tok");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Map<String, Object> keys = new HashMap<>();
    keys.put("bindAddress", "127.0.0.1");
    keys.put("port", port);
    keys.put("adminTokenFile", dir.resolve("token").toString());
    keys.put("stateDir", dir.resolve("state").toString());
    keys.putAll(overrides);
    return TranscoderDaemon.start(ConfigOverrides.with(TranscoderDaemonConfig.defaults(), keys));
  }
}
