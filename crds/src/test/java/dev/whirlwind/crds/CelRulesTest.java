package dev.whirlwind.crds;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every CEL rule of the generated CRDs, evaluated with {@code dev.cel:cel} against specs that
 * satisfy it and specs that break it. The mock API server evaluates none of them.
 */
class CelRulesTest {
  /** A spec (and for transition rules the stored spec) and the rule message it must violate. */
  record Case(String kind, String name, String oldSpec, String spec, String violates) {
    @Override
    public String toString() {
      return kind + ": " + name;
    }
  }

  private static final String POOL = "storage: {size: 10Gi}\nbandwidthBytesPerSecond: 1000000\n";
  private static final String PROFILE_VIDEO =
      "video: {codec: h264, width: 640, height: 360, bitrateBytesPerSecond: 100000}\n";

  static Stream<Case> cases() {
    return Stream.of(
        // CachePool
        new Case("CachePool", "defaults are valid", null, POOL, null),
        new Case(
            "CachePool",
            "default share above the node's bandwidth",
            null,
            POOL + "defaultShareBytesPerSecond: 2000000\n",
            "defaultShareBytesPerSecond must not exceed bandwidthBytesPerSecond"),
        new Case(
            "CachePool",
            "watermarks inverted",
            null,
            POOL + "eviction: {highWatermarkPercent: 70, lowWatermarkPercent: 75}\n",
            "lowWatermarkPercent must be below highWatermarkPercent"),
        new Case(
            "CachePool",
            "storage may grow in the same class",
            "storage: {size: 10Gi, storageClassName: ssd}\nbandwidthBytesPerSecond: 1000000\n",
            "storage: {size: 20Gi, storageClassName: ssd}\nbandwidthBytesPerSecond: 1000000\n",
            null),
        new Case(
            "CachePool",
            "storage class changed",
            "storage: {size: 10Gi, storageClassName: ssd}\nbandwidthBytesPerSecond: 1000000\n",
            "storage: {size: 10Gi, storageClassName: hdd}\nbandwidthBytesPerSecond: 1000000\n",
            "storageClassName is immutable: existing volume claims cannot change class"),
        new Case(
            "CachePool",
            "storage class added later",
            POOL,
            "storage: {size: 10Gi, storageClassName: hdd}\nbandwidthBytesPerSecond: 1000000\n",
            "storageClassName is immutable: existing volume claims cannot change class"),
        new Case(
            "CachePool",
            "a public URL per pod",
            null,
            POOL + "publicUrlTemplate: 'https://{pod}.video.example.com'\n",
            null),
        new Case(
            "CachePool",
            "a public URL per ordinal",
            null,
            POOL + "publicUrlTemplate: 'https://video.example.com/{pool}/{ordinal}'\n",
            null),
        new Case(
            "CachePool",
            "one public URL for every node",
            null,
            POOL + "publicUrlTemplate: 'https://{pool}.video.example.com'\n",
            "publicUrlTemplate must name {pod} or {ordinal}: every node needs a URL of its own"),
        // VideoCatalog
        new Case(
            "VideoCatalog",
            "one shard may have one public URL",
            null,
            "cachePool: edge\ntrackers: {publicUrlTemplate: 'https://t.example.com'}\n",
            null),
        new Case(
            "VideoCatalog",
            "shards with a public URL each",
            null,
            "cachePool: edge\ntrackers: {shards: 2, publicUrlTemplate: 'https://{pod}.example.com'}\n",
            null),
        new Case(
            "VideoCatalog",
            "shards sharing one public URL",
            null,
            "cachePool: edge\ntrackers: {shards: 2, publicUrlTemplate: 'https://t.example.com'}\n",
            "with several shards, publicUrlTemplate must name {pod} or {ordinal}"),
        new Case(
            "VideoCatalog",
            "minimal catalog",
            null,
            "cachePool: edge\nvideos: [{id: a, sources: ['http://o/a.mp4']}]\n",
            null),
        new Case(
            "VideoCatalog",
            "video with a mirror only",
            null,
            "cachePool: edge\nvideos: [{id: a, mirrors: ['https://m/a.mp4']}]\n",
            null),
        new Case(
            "VideoCatalog",
            "video without any URL",
            null,
            "cachePool: edge\nvideos: [{id: a, sources: []}]\n",
            "a video needs at least one source or mirror URL"),
        new Case(
            "VideoCatalog",
            "duplicate video ids",
            null,
            "cachePool: edge\nvideos: [{id: a, sources: ['http://o/1']}, {id: a, sources: ['http://o/2']}]\n",
            "video ids must be unique within a catalog"),
        new Case(
            "VideoCatalog",
            "announce slower than scheduling",
            null,
            "cachePool: edge\ntrackers: {announceIntervalSeconds: 600}\nscheduling: {intervalSeconds: 300}\n",
            "trackers.announceIntervalSeconds must not exceed scheduling.intervalSeconds, or the"
                + " scheduler sees stale swarms"),
        new Case(
            "VideoCatalog",
            "default announce against a short scheduling interval",
            null,
            "cachePool: edge\nscheduling: {intervalSeconds: 60}\n",
            "trackers.announceIntervalSeconds must not exceed scheduling.intervalSeconds, or the"
                + " scheduler sees stale swarms"),
        new Case(
            "VideoCatalog",
            "shard count changed",
            "cachePool: edge\ntrackers: {shards: 2}\n",
            "cachePool: edge\ntrackers: {shards: 4}\n",
            "shards is fixed within v1alpha1: contents are placed by hash(contentId) mod shards"),
        new Case(
            "VideoCatalog",
            "shard count unchanged while videos change",
            "cachePool: edge\ntrackers: {shards: 2}\n",
            "cachePool: edge\ntrackers: {shards: 2}\nvideos: [{id: b, sources: ['http://o/b']}]\n",
            null),
        // TranscodeProfile
        new Case("TranscodeProfile", "cpu mp4", null, PROFILE_VIDEO + "accelerator: cpu\n", null),
        new Case(
            "TranscodeProfile",
            "gpu with gpu settings and hls",
            null,
            PROFILE_VIDEO + "accelerator: gpu\ngpu: {}\ncontainer: hls\nhls: {segmentSeconds: 4}\n",
            null),
        new Case(
            "TranscodeProfile",
            "odd width",
            null,
            "video: {codec: h264, width: 641, height: 360, bitrateBytesPerSecond: 100000}\n"
                + "accelerator: cpu\n",
            "width and height must be even (4:2:0 chroma subsampling)"),
        new Case(
            "TranscodeProfile",
            "peak below average",
            null,
            "video: {codec: h264, width: 640, height: 360, bitrateBytesPerSecond: 100000,"
                + " maxBitrateBytesPerSecond: 50000}\naccelerator: cpu\n",
            "maxBitrateBytesPerSecond must be at least bitrateBytesPerSecond"),
        new Case(
            "TranscodeProfile",
            "hls settings on mp4",
            null,
            PROFILE_VIDEO + "accelerator: cpu\nhls: {segmentSeconds: 4}\n",
            "hls settings need container hls"),
        new Case(
            "TranscodeProfile",
            "vp9 in hls",
            null,
            "video: {codec: vp9, width: 640, height: 360, bitrateBytesPerSecond: 100000}\n"
                + "accelerator: cpu\ncontainer: hls\n",
            "HLS does not carry VP9: use h264, h265 or av1, or container mp4"),
        new Case(
            "TranscodeProfile",
            "auto (the default) without gpu settings",
            null,
            PROFILE_VIDEO,
            "accelerator gpu or auto needs gpu settings"),
        new Case(
            "TranscodeProfile",
            "audio none with a bitrate",
            null,
            PROFILE_VIDEO
                + "accelerator: cpu\naudio: {codec: none, bitrateBytesPerSecond: 16000}\n",
            "codec none or copy takes no bitrateBytesPerSecond, channels or sampleRateHz"),
        new Case(
            "TranscodeProfile",
            "audio copy with a sample rate",
            null,
            PROFILE_VIDEO + "accelerator: cpu\naudio: {codec: copy, sampleRateHz: 48000}\n",
            "codec none or copy takes no bitrateBytesPerSecond, channels or sampleRateHz"));
  }

  private static Map<String, CrdSchema> schemas;

  @BeforeAll
  static void load() throws Exception {
    schemas = CrdSchema.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void ruleDecidesAsExpected(Case c) {
    List<String> violations =
        schemas
            .get(c.kind())
            .violations(
                CrdSchema.yaml(c.spec()), c.oldSpec() == null ? null : CrdSchema.yaml(c.oldSpec()));
    if (c.violates() == null) {
      assertThat(violations).isEmpty();
    } else {
      assertThat(violations).hasSize(1);
      assertThat(violations.get(0)).endsWith(": " + c.violates());
    }
  }

  @Test
  void everyRuleInTheCrdsHasAFailingCase() {
    Set<String> exercised = new TreeSet<>();
    cases().filter(c -> c.violates() != null).forEach(c -> exercised.add(c.violates()));
    List<String> untested = new ArrayList<>();
    schemas
        .values()
        .forEach(
            s ->
                s.rules().stream()
                    .filter(r -> !exercised.contains(r.message()))
                    .forEach(r -> untested.add(s.kind + " " + r.path() + ": " + r.expression())));
    assertThat(untested).as("CEL rules without a test case").isEmpty();
  }

  @Test
  void structuralSchemaRejectsUnknownFieldsAndBadValues() {
    CrdSchema pool = schemas.get("CachePool");
    assertThat(pool.violations(CrdSchema.yaml(POOL + "replcas: 3\n"), null))
        .anyMatch(m -> m.contains("replcas"));
    assertThat(pool.violations(CrdSchema.yaml(POOL + "transport: dpdk\n"), null))
        .anyMatch(m -> m.contains("transport"));
    assertThat(
            pool.violations(
                CrdSchema.yaml("storage: {size: ten}\nbandwidthBytesPerSecond: 1000000\n"), null))
        .anyMatch(m -> m.contains("size"));
    assertThat(pool.violations(CrdSchema.yaml("storage: {size: 1Gi}\n"), null))
        .anyMatch(m -> m.contains("bandwidthBytesPerSecond"));
    CrdSchema catalog = schemas.get("VideoCatalog");
    assertThat(
            catalog.violations(
                CrdSchema.yaml("cachePool: edge\nvideos: [{id: a, sources: ['ftp://x/a']}]\n"),
                null))
        .anyMatch(m -> m.contains("sources"));
    assertThat(
            pool.violations(
                CrdSchema.yaml(POOL + "publicUrlTemplate: 'https://{host}.example.com'\n"), null))
        .anyMatch(m -> m.contains("publicUrlTemplate"));
  }
}
