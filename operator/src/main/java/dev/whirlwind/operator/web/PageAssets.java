package dev.whirlwind.operator.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The console page's files, from the operator jar: the page itself, the player module sites embed
 * ({@code whirlwind-player.js}) and the libraries they use (hls.js and p2p-media-loader from their
 * npm tarballs, uPlot from its WebJar), fetched by the build so that the page works offline.
 * Standalone mode and the operator serve the same files.
 */
public final class PageAssets {
  /** One file: its bytes, its media type and whether it may be cached for good. */
  public record Asset(byte[] bytes, String contentType, boolean immutable) {}

  private static final String BASE = "dev/whirlwind/operator/web/";
  private static final Properties VERSIONS = loadVersions();
  private static final String JS = "text/javascript; charset=utf-8";
  private static final Map<String, String[]> FILES =
      Map.ofEntries(
          Map.entry("/", new String[] {BASE + "index.html", "text/html; charset=utf-8"}),
          Map.entry("/index.html", new String[] {BASE + "index.html", "text/html; charset=utf-8"}),
          Map.entry("/app.js", new String[] {BASE + "app.js", JS}),
          Map.entry("/app.css", new String[] {BASE + "app.css", "text/css; charset=utf-8"}),
          Map.entry("/whirlwind-player.js", new String[] {BASE + "whirlwind-player.js", JS}),
          Map.entry(
              "/vendor/hls.min.mjs", new String[] {BASE + "vendor/hls.js/dist/hls.min.mjs", JS}),
          Map.entry(
              "/vendor/p2p-media-loader-core.es.min.js",
              new String[] {
                BASE + "vendor/p2p-media-loader-core/dist/p2p-media-loader-core.es.min.js", JS
              }),
          Map.entry(
              "/vendor/p2p-media-loader-hlsjs.es.min.js",
              new String[] {
                BASE + "vendor/p2p-media-loader-hlsjs/dist/p2p-media-loader-hlsjs.es.min.js", JS
              }),
          Map.entry(
              "/vendor/uPlot.iife.min.js",
              new String[] {webjar("uplot", "dist/uPlot.iife.min.js"), JS}),
          Map.entry(
              "/vendor/uPlot.min.css",
              new String[] {webjar("uplot", "dist/uPlot.min.css"), "text/css; charset=utf-8"}));

  /**
   * p2p-media-loader's hls.js engine imports its core by package name, which a browser resolves
   * only through an import map; served here, it imports the core beside it, so that a site loads
   * the player with one import and no map of its own.
   */
  private static final String CORE_BY_NAME = "from \"p2p-media-loader-core\"";

  private static final String CORE_BESIDE = "from \"./p2p-media-loader-core.es.min.js\"";

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
      byte[] bytes = in.readAllBytes();
      if (path.equals("/vendor/p2p-media-loader-hlsjs.es.min.js")) {
        bytes = importCoreBeside(bytes);
      }
      return Optional.of(new Asset(bytes, file[1], path.startsWith("/vendor/")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] importCoreBeside(byte[] bundle) {
    String text = new String(bundle, StandardCharsets.UTF_8);
    if (!text.contains(CORE_BY_NAME)) {
      throw new IllegalStateException(
          "p2p-media-loader-hlsjs no longer imports its core as "
              + CORE_BY_NAME
              + ": see how this version does and change PageAssets");
    }
    return text.replace(CORE_BY_NAME, CORE_BESIDE).getBytes(StandardCharsets.UTF_8);
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
