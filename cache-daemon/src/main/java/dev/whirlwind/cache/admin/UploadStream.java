package dev.whirlwind.cache.admin;

import dev.whirlwind.cache.storage.ContentStore;
import dev.whirlwind.cache.storage.StoredContent;
import dev.whirlwind.protocol.content.ContentId;
import dev.whirlwind.protocol.content.DiskErrors;
import dev.whirlwind.protocol.content.MediaTypes;
import dev.whirlwind.server.http.Answers;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.LongPredicate;

/**
 * One {@code PUT /v1/contents/{id}} streaming in: {@code Content-Length} required and checked
 * against what the node can ever hold before a byte is written (413), each chunk written and hashed
 * on the disk pool in order, reading paused while more than {@value #MAX_PENDING_BYTES} bytes wait
 * for the disk. Published only if the bytes hash to {@code id} (else 422); a full disk is 507
 * {@code insufficient_storage}; on any failure or a dropped connection the partial file is deleted.
 */
public final class UploadStream {
  static final long MAX_PENDING_BYTES = 8L * 1024 * 1024;

  /** What uploads need from the node. */
  public record Node(
      ContentStore store,
      Executor disk,
      long capacityBytes,
      LongPredicate makeRoom,
      Consumer<StoredContent> published) {}

  private final Node node;
  private final Upload upload;
  private final ChannelHandlerContext ctx;
  private final Consumer<FullHttpResponse> early;
  private CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
  private long pending;
  private boolean done;
  // The first write failure (a full disk): later chunks are dropped, the answer goes at once.
  private volatile IOException failure;
  private boolean failureAnswered;

  private UploadStream(
      Node node, Upload upload, ChannelHandlerContext ctx, Consumer<FullHttpResponse> early) {
    this.node = node;
    this.upload = upload;
    this.ctx = ctx;
    this.early = early;
  }

  /**
   * Checks the request head and opens the upload; throws {@link AdminRejection} for one that cannot
   * be stored. Returns null when the content is already here (its stored answer was given). {@code
   * answer} takes an answer given before the body ends: the stored one, or a write failure's.
   */
  static UploadStream open(
      Node node, ChannelHandlerContext ctx, AdminRequest r, Consumer<FullHttpResponse> answer)
      throws IOException {
    ContentId id = AdminApi.contentId(r);
    if (!r.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
      throw new AdminRejection(
          HttpResponseStatus.LENGTH_REQUIRED, "length_required", "an upload needs Content-Length");
    }
    long length;
    try {
      length = Long.parseLong(r.headers().get(HttpHeaderNames.CONTENT_LENGTH).trim());
    } catch (NumberFormatException e) {
      length = -1;
    }
    if (length < 0) {
      throw new AdminRejection(
          HttpResponseStatus.BAD_REQUEST, "bad_length", "Content-Length must be a byte count");
    }
    if (length > node.capacityBytes()) {
      // It could never fit, whatever is evicted: too large, not a full disk.
      throw new AdminRejection(
          HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
          "too_large",
          length + " bytes exceed the node's capacity of " + node.capacityBytes());
    }
    if (node.store().get(id).isPresent()) {
      // Contents are immutable: the body is read and dropped, the answer is the stored one.
      answer.accept(
          Answers.json(HttpResponseStatus.OK, Map.of("contentId", id.hex(), "stored", true)));
      return null;
    }
    String type = r.headers().get(HttpHeaderNames.CONTENT_TYPE, MediaTypes.DEFAULT);
    if (!MediaTypes.isValid(type)) {
      throw new AdminRejection(
          HttpResponseStatus.BAD_REQUEST,
          "bad_content_type",
          "Content-Type must be a media type such as video/mp4");
    }
    String ext = r.queryParam("ext") != null ? r.queryParam("ext") : extensionOf(type);
    if (!MediaTypes.isValidExtension(ext)) {
      throw new AdminRejection(
          HttpResponseStatus.BAD_REQUEST, "bad_extension", "ext must be 1-8 of [a-z0-9]");
    }
    return new UploadStream(
        node, new Upload(node.store(), id, length, type, ext, node.makeRoom()), ctx, answer);
  }

  /** Takes one chunk; on the last one, returns the answer to come, else null. */
  CompletableFuture<FullHttpResponse> content(HttpContent c) {
    ByteBuf data = c.content().retain();
    int n = data.readableBytes();
    pending += n;
    if (pending > MAX_PENDING_BYTES) {
      ctx.channel().config().setAutoRead(false);
    }
    chain =
        chain.thenRunAsync(
            () -> {
              try {
                if (failure == null) {
                  upload.write(data.nioBuffer());
                }
              } catch (IOException e) {
                failure = e;
              } finally {
                data.release();
                ctx.executor().execute(() -> drained(n));
              }
            },
            node.disk());
    if (!(c instanceof LastHttpContent)) {
      return null;
    }
    done = true;
    return chain
        .thenApplyAsync(
            ignored -> {
              try {
                if (failure != null) {
                  throw failure;
                }
                return upload.finish();
              } catch (IOException e) {
                throw new CompletionException(e);
              }
            },
            node.disk())
        .handle(
            (stored, error) -> {
              if (error == null) {
                node.published().accept(stored);
                return Answers.json(
                    HttpResponseStatus.CREATED,
                    Map.of("contentId", stored.contentId(), "sizeBytes", stored.sizeBytes()));
              }
              upload.abort();
              return failure(error.getCause() == null ? error : error.getCause());
            });
  }

  private static FullHttpResponse failure(Throwable cause) {
    if (cause instanceof Upload.NoRoom) {
      return Answers.error(
          HttpResponseStatus.INSUFFICIENT_STORAGE, "insufficient_storage", cause.getMessage());
    }
    if (DiskErrors.isNoSpace(cause)) {
      return Answers.error(
          HttpResponseStatus.INSUFFICIENT_STORAGE,
          "insufficient_storage",
          "the disk is full: nothing was stored (" + cause.getMessage() + ")");
    }
    if (cause instanceof Upload.HashMismatch) {
      return Answers.error(
          HttpResponseStatus.UNPROCESSABLE_ENTITY, "hash_mismatch", cause.getMessage());
    }
    return Answers.error(
        HttpResponseStatus.INTERNAL_SERVER_ERROR, "io_error", String.valueOf(cause.getMessage()));
  }

  /** The connection went away or the request failed: the partial file goes. */
  void abort() {
    if (!done) {
      done = true;
      chain.whenCompleteAsync((x, e) -> upload.abort(), node.disk());
    }
  }

  private void drained(int n) {
    pending -= n;
    if (failure != null && !failureAnswered) {
      failureAnswered = true;
      // The partial file goes before the answer: a client told 507 finds nothing left behind.
      IOException cause = failure;
      CompletableFuture.runAsync(upload::abort, node.disk())
          .whenComplete((x, e) -> ctx.executor().execute(() -> early.accept(failure(cause))));
    }
    if (pending <= MAX_PENDING_BYTES / 2 && !ctx.channel().config().isAutoRead()) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  static boolean hasBody(io.netty.handler.codec.http.HttpRequest req) {
    return HttpUtil.getContentLength(req, 0L) > 0 || HttpUtil.isTransferEncodingChunked(req);
  }

  private static String extensionOf(String contentType) {
    return switch (contentType.split(";")[0].trim()) {
      case "video/mp4" -> "mp4";
      case "video/x-matroska" -> "mkv";
      case "video/webm" -> "webm";
      case "video/mp2t" -> "ts";
      default -> "bin";
    };
  }
}
