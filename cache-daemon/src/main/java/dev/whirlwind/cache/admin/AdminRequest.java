package dev.whirlwind.cache.admin;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.util.List;
import java.util.Map;

/**
 * One admin request as a route sees it: the matched path's parameters, the query and, for JSON
 * routes, the whole body (owned by the handler, valid during the call only).
 */
record AdminRequest(
    HttpMethod method,
    String path,
    Map<String, String> params,
    Map<String, List<String>> query,
    HttpHeaders headers,
    ByteBuf body) {

  String param(String name) {
    return params.get(name);
  }

  String queryParam(String name) {
    List<String> v = query.get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }
}
