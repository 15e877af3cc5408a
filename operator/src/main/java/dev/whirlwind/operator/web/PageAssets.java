package dev.whirlwind.operator.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The console page's files, from the operator jar: the page itself and the libraries it uses
 * (hls.js from its npm tarball, uPlot from its WebJar), fetched by the build so that the page works
 * offline. Standalone mode and the operator serve the same files.
 */
public final class PageAssets {
  /** One file: its bytes, its media type and whether it may be cached for good. */
  public record Asset(byte[] bytes, String contentType, boolean immutable) {}

  private static final String BASE = "dev/whirlwind/operator/web/";
  private static final Properties VERSIONS = loadVersions();
  private static final Map<String, String[]> FILES =
      Map.of(
          "/", new String[] {BASE + "index.html", "text/html; charset=utf-8"},
          "/index.html", new String[] {BASE + "index.html", "text/html; charset=utf-8"},
          "/app.js", new String[] {BASE + "app.js", "text/javascript; charset=utf-8"},
          "/app.css", new String[] {BASE + "app.css", "text/css; charset=utf-8"},
          "/vendor/hls.min.js",
              new String[] {
                BASE + "vendor/hls.js/dist/hls.min.js", "text/javascript; charset=utf-8"
              },
          "/vendor/p2p-media-loader-core.es.min.js",
              new String[] {
                BASE + "vendor/p2p-media-loader-core/dist/p2p-media-loader-core.es.min.js",
                "text/javascript; charset=utf-8"
              },
          "/vendor/p2p-media-loader-hlsjs.es.min.js",
              new String[] {
                BASE + "vendor/p2p-media-loader-hlsjs/dist/p2p-media-loader-hlsjs.es.min.js",
                "text/javascript; charset=utf-8"
              },
          "/vendor/uPlot.iife.min.js",
              new String[] {
                webjar("uplot", "dist/uPlot.iife.min.js"), "text/javascript; charset=utf-8"
              },
          "/vendor/uPlot.min.css",
              new String[] {webjar("uplot", "dist/uPlot.min.css"), "text/css; charset=utf-8"});

  private PageAssets() {}

  /** The file a path names, or empty: only the listed paths, so nothing else can be read. */
  public static Optional<Asset> find(String path) {
    String[] file = FILES.get(path);
    if (file == null) {
      return Optional.empty();
    }
    try (InputStream in = PageAssets.class.getClassLoader().getResourceAsStream(file[0])) {
      if (in == null) {
        throw new IllegalStateException(
            file[0]
                + " is missing from the operator jar; rebuild it with ./mvnw -pl operator package");
      }
      return Optional.of(new Asset(in.readAllBytes(), file[1], path.startsWith("/vendor/")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The versions of the page's libraries, as the build put them in. */
  public static Map<String, String> versions() {
    return Map.of(
        "hls.js",
        VERSIONS.getProperty("hlsjs"),
        "uPlot",
        VERSIONS.getProperty("uplot"),
        "p2p-media-loader",
        VERSIONS.getProperty("p2pml"));
  }

  private static String webjar(String name, String file) {
    return "META-INF/resources/webjars/" + name + "/" + VERSIONS.getProperty(name) + "/" + file;
  }

  private static Properties loadVersions() {
    Properties p = new Properties();
    try (InputStream in =
        PageAssets.class.getClassLoader().getResourceAsStream(BASE + "versions.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }
}
