package dev.whirlwind.server.http;

import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A daemon's route table: method and path pattern to a handler of the daemon's own type. A
 * pattern's segments are literals, {@code {name}} (one segment) or a last {@code {name...}} (the
 * rest of the path). The first matching route wins; a path that matches only with other methods is
 * a 405 with their {@code Allow} list; {@code HEAD} falls back to {@code GET}. The table is also
 * what the OpenAPI documents are checked against.
 */
public final class Routes<H> {
  /** One row of the table. */
  public record Route<H>(HttpMethod method, String pattern, H handler) {
    List<String> segments() {
      return split(pattern);
    }
  }

  /** The result of matching a request. */
  public sealed interface Match<H> {}

  /** A route matched; {@code params} holds its named segments. */
  public record Found<H>(Route<H> route, Map<String, String> params) implements Match<H> {
    public H handler() {
      return route.handler();
    }

    public String param(String name) {
      return params.get(name);
    }
  }

  public record NotFound<H>(String path) implements Match<H> {}

  public record MethodNotAllowed<H>(Set<String> allowed) implements Match<H> {
    public String allowHeader() {
      return String.join(", ", allowed);
    }
  }

  private final List<Route<H>> routes;

  private Routes(List<Route<H>> routes) {
    this.routes = List.copyOf(routes);
  }

  public static <H> Builder<H> builder() {
    return new Builder<>();
  }

  public List<Route<H>> all() {
    return routes;
  }

  /** Matches a raw path (no query); segments are compared as sent, without percent-decoding. */
  public Match<H> match(HttpMethod method, String path) {
    List<String> segments = split(path);
    Set<String> allowed = new LinkedHashSet<>();
    Found<H> headFallback = null;
    for (Route<H> r : routes) {
      Map<String, String> params = bind(r.segments(), segments);
      if (params == null) {
        continue;
      }
      if (r.method().equals(method)) {
        return new Found<>(r, params);
      }
      if (method.equals(HttpMethod.HEAD) && r.method().equals(HttpMethod.GET)) {
        headFallback = headFallback == null ? new Found<>(r, params) : headFallback;
      }
      allowed.add(r.method().name());
      if (r.method().equals(HttpMethod.GET)) {
        allowed.add("HEAD");
      }
    }
    if (headFallback != null) {
      return headFallback;
    }
    return allowed.isEmpty() ? new NotFound<>(path) : new MethodNotAllowed<>(allowed);
  }

  private static Map<String, String> bind(List<String> pattern, List<String> path) {
    Map<String, String> params = new LinkedHashMap<>();
    for (int i = 0; i < pattern.size(); i++) {
      String p = pattern.get(i);
      if (p.startsWith("{") && p.endsWith("...}")) {
        if (i >= path.size()) {
          return null;
        }
        params.put(p.substring(1, p.length() - 4), String.join("/", path.subList(i, path.size())));
        return params;
      }
      if (i >= path.size()) {
        return null;
      }
      String s = path.get(i);
      if (p.startsWith("{") && p.endsWith("}")) {
        if (s.isEmpty()) {
          return null;
        }
        params.put(p.substring(1, p.length() - 1), s);
      } else if (!p.equals(s)) {
        return null;
      }
    }
    return pattern.size() == path.size() ? params : null;
  }

  private static List<String> split(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    return p.isEmpty() ? List.of() : Arrays.asList(p.split("/", -1));
  }

  /** Collects routes in the order they are tried. */
  public static final class Builder<H> {
    private final List<Route<H>> routes = new ArrayList<>();

    public Builder<H> get(String pattern, H handler) {
      return add(HttpMethod.GET, pattern, handler);
    }

    public Builder<H> post(String pattern, H handler) {
      return add(HttpMethod.POST, pattern, handler);
    }

    public Builder<H> put(String pattern, H handler) {
      return add(HttpMethod.PUT, pattern, handler);
    }

    public Builder<H> delete(String pattern, H handler) {
      return add(HttpMethod.DELETE, pattern, handler);
    }

    public Builder<H> add(HttpMethod method, String pattern, H handler) {
      if (!pattern.startsWith("/")) {
        throw new IllegalArgumentException("a pattern starts with '/': " + pattern);
      }
      routes.add(new Route<>(method, pattern, handler));
      return this;
    }

    public Routes<H> build() {
      return new Routes<>(routes);
    }
  }
}
