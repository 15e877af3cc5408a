package dev.whirlwind.cache.admin;

import io.netty.handler.codec.http.HttpResponseStatus;

/** Thrown by a route to answer with a JSON error of its choosing. */
final class AdminRejection extends RuntimeException {
  final HttpResponseStatus status;
  final String error;

  AdminRejection(HttpResponseStatus status, String error, String detail) {
    super(detail, null, false, false);
    this.status = status;
    this.error = error;
  }
}
