package dev.whirlwind.protocol.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client that speaks JSON text frames, as a browser speaks to a WebSocket tracker: what
 * it receives waits in {@link #received}, parsed.
 */
public final class JsonWebSocket implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  public final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
  public final CompletableFuture<Integer> closedWith = new CompletableFuture<>();
  private final WebSocket socket;

  public JsonWebSocket(int port) throws Exception {
    this(URI.create("ws://127.0.0.1:" + port + "/announce"));
  }

  public JsonWebSocket(URI uri) throws Exception {
    socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .buildAsync(uri, new Listener())
            .get(10, TimeUnit.SECONDS);
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        try {
          received.add(JSON.readTree(text.toString()));
        } catch (Exception e) {
          received.add(JSON.createObjectNode().put("unparsable", text.toString()));
        }
        text.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
      closedWith.complete(status);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closedWith.complete(-1);
    }
  }

  public void send(Object message) throws Exception {
    sendText(message instanceof String s ? s : JSON.writeValueAsString(message));
  }

  public void sendText(String text) throws Exception {
    socket.sendText(text, true).get(10, TimeUnit.SECONDS);
  }

  public void sendBinary(byte[] bytes) throws Exception {
    socket.sendBinary(ByteBuffer.wrap(bytes), true).get(10, TimeUnit.SECONDS);
  }

  /** The next message, or a failure after ten seconds. */
  public JsonNode next() throws InterruptedException {
    JsonNode m = received.poll(10, TimeUnit.SECONDS);
    if (m == null) {
      throw new AssertionError("no message within 10 s");
    }
    return m;
  }

  public int awaitClose() throws Exception {
    return closedWith.get(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    socket.abort();
  }
}
