// Whirlwind's player, for the console page and for any site: plays a rendition's HLS playlist in a
// <video> with hls.js, the caches as its HTTP source (ranged requests), and, given the WebSocket
// tracker of the shard that owns the rendition, trades segments with the other players of the
// same content over WebRTC (p2p-media-loader). It counts the bytes from caches, from peers and
// given to peers, and reports those it traded with peers to the tracker, so that the swarm's
// measurement (and with it the bandwidth scheduler) includes what browsers gave each other. It loads nothing from anywhere but the
// host that served it, and uses no STUN or TURN server unless given one.
//
//   import { attach } from "https://console.example/whirlwind-player.js";
//   const player = attach(document.querySelector("video"), {
//     src: "https://tracker.example/c/<contentId>/index.m3u8",
//     tracker: "wss://tracker-ws.example",   // the owning shard's WebSocket tracker
//     contentId: "<contentId>",
//     iceServers: [{ urls: "stun:stun.example:3478" }],
//   });
//   player.bytes   // { caches, peers, uploaded }, kept current
//   player.destroy();
import Hls from "./vendor/hls.min.mjs";
import { HlsJsP2PEngine } from "./vendor/p2p-media-loader-hlsjs.es.min.js";

export { Hls };

/** How often a player reports its counters to the tracker while they move. */
const REPORT_EVERY_MS = 5000;
/** The tracker takes one report a second per session. */
const MIN_REPORT_GAP_MS = 1100;
/** Segment errors kept for whoever looks (the engine retries them: they are not fatal). */
const MAX_SEGMENT_ERRORS = 12;

/**
 * Plays `options.src` in `video`. Options: `src` (the rendition's .m3u8 URL, required),
 * `tracker` (the owning shard's WebSocket tracker, ws:// or wss://; without it, no peers),
 * `contentId` (the rendition's content id; required with `tracker`), `iceServers` (RTCIceServer
 * objects; none by default), `onUpdate(player)` (bytes or state changed), `onError(message)`
 * (playback failed), `reportEveryMs`. Returns the player: `bytes`, `errors`, `segmentErrors`,
 * `peersConnected`, `tracker` (the announce URL, or null), `servedFrom`, `reports`, `hls`,
 * `destroy()`.
 */
export function attach(video, options) {
  const o = options || {};
  if (!video || typeof o.src !== "string" || o.src === "") {
    throw new TypeError("attach(video, { src }) needs a <video> and the rendition's .m3u8 URL");
  }
  const player = {
    src: o.src,
    tracker: null,
    session: null,
    bytes: { caches: 0, peers: 0, uploaded: 0 },
    errors: [],
    segmentErrors: [],
    peersConnected: 0,
    servedFrom: null,
    reports: { sent: 0, counted: 0, refused: 0, lastStatus: null },
    hls: null,
    destroy: () => {},
  };
  const changed = () => o.onUpdate && o.onUpdate(player);
  const fail = (message) => {
    player.errors.push(message);
    if (o.onError) o.onError(message);
    changed();
  };

  if (!Hls.isSupported()) {
    if (video.canPlayType("application/vnd.apple.mpegurl")) {
      // Safari without MSE: its own HLS player, from the caches only.
      video.src = o.src;
      player.servedFrom = o.src;
      player.destroy = () => {
        video.removeAttribute("src");
        video.load();
      };
      return player;
    }
    fail("this browser plays neither MSE nor native HLS");
    return player;
  }

  const p2p = o.tracker ? peerConfig(player, o) : null;
  // hls.js's worker takes each segment's buffer (a transfer), which would empty the copy
  // p2p-media-loader keeps to give to peers: with peers, hls.js demuxes on the page.
  const hls = p2p
    ? new (HlsJsP2PEngine.injectMixin(Hls))({ p2p: p2p, enableWorker: false })
    : new Hls();
  player.hls = hls;
  hls.on(Hls.Events.MANIFEST_LOADED, (_e, data) => {
    // The tracker redirects the playlist to a cache: where it came from.
    player.servedFrom = (data.networkDetails && data.networkDetails.responseURL) || o.src;
    changed();
  });
  hls.on(Hls.Events.ERROR, (_e, data) => {
    if (data.fatal) {
      fail(
        "hls.js: " + data.type + " " + data.details +
          (data.response && data.response.code !== undefined ? " HTTP " + data.response.code : "") +
          (data.frag ? " " + data.frag.url + " " + JSON.stringify(data.frag.byteRange || []) : "") +
          (data.error ? " " + data.error : "")
      );
    }
  });
  hls.loadSource(o.src);
  hls.attachMedia(video);

  const reporter = p2p ? new Reporter(player, o) : null;
  player.destroy = () => {
    if (reporter) reporter.stop();
    hls.destroy();
    video.removeAttribute("src");
    video.load();
  };
  return player;
}

/** p2p-media-loader's settings: our tracker, our caches, the content as the swarm. */
function peerConfig(player, o) {
  if (typeof o.contentId !== "string" || !/^[0-9a-f]{64}$/.test(o.contentId)) {
    throw new TypeError("attach: with a tracker, contentId must be the rendition's content id");
  }
  const tracker = o.tracker.replace(/\/+$/, "");
  if (!/^wss?:\/\//.test(tracker)) {
    throw new TypeError("attach: tracker must be a ws:// or wss:// URL, not " + o.tracker);
  }
  // Names this page's connection, so that the tracker counts its reports for its swarm.
  player.session = randomToken();
  player.tracker = tracker + "/c/" + o.contentId;
  const counted = player.bytes;
  return {
    core: {
      announceTrackers: [player.tracker + "?s=" + player.session],
      rtcConfig: { iceServers: o.iceServers || [] },
      // Every cache serves the same segments: the swarm is the content, whichever cache the
      // tracker sent this player to.
      swarmId: o.contentId,
      // A cache under its share may pause a transfer for longer than the default 3 s.
      httpNotReceivingBytesTimeoutMs: 10000,
      // Ranges straight from the cache: the browser's cache would answer resumed ranges from a
      // partial entry of its own.
      httpRequestSetup: (url, _segmentRange, signal, range) =>
        new Request(url, {
          headers: range ? { Range: "bytes=" + range.start + "-" + (range.end ?? "") } : {},
          signal: signal,
          cache: "no-store",
        }),
    },
    onHlsJsCreated(hls) {
      const changed = () => o.onUpdate && o.onUpdate(player);
      hls.p2pEngine.addEventListener("onChunkDownloaded", (n, source) => {
        if (source === "p2p") counted.peers += n;
        else counted.caches += n;
        changed();
      });
      hls.p2pEngine.addEventListener("onChunkUploaded", (n) => {
        counted.uploaded += n;
        changed();
      });
      hls.p2pEngine.addEventListener("onPeerConnect", () => {
        player.peersConnected++;
        changed();
      });
      hls.p2pEngine.addEventListener("onSegmentError", (e) => {
        if (player.segmentErrors.length < MAX_SEGMENT_ERRORS) {
          player.segmentErrors.push(
            (e.downloadSource || "") + " segment " + (e.segment && e.segment.externalId) + ": " +
              (e.error && e.error.type) + " " + (e.error && e.error.message)
          );
        }
      });
    },
  };
}

/**
 * Sends the player's peer counters to its tracker (`POST <tracker>/report`, a CORS simple request)
 * every few seconds while they move, once more when the player is destroyed, and as a beacon when
 * the page goes.
 */
class Reporter {
  constructor(player, o) {
    this.player = player;
    this.url = o.tracker.replace(/\/+$/, "").replace(/^ws/, "http") + "/report";
    this.sentBody = null;
    this.sentAt = 0;
    this.timer = setInterval(() => this.send(false), o.reportEveryMs || REPORT_EVERY_MS);
    this.onPageHide = () => this.send(true);
    window.addEventListener("pagehide", this.onPageHide);
  }

  body() {
    const b = this.player.bytes;
    // What the caches served, the caches count: the tracker takes only what peers traded.
    return JSON.stringify({ session: this.player.session, toPeers: b.uploaded, fromPeers: b.peers });
  }

  send(leaving) {
    const b = this.player.bytes;
    // Nothing traded with peers yet: nothing to count.
    if (this.sentBody === null && b.uploaded === 0 && b.peers === 0) return;
    const body = this.body();
    if (body === this.sentBody) return;
    if (leaving && navigator.sendBeacon && navigator.sendBeacon(this.url, body)) {
      this.sentBody = body;
      this.player.reports.sent++;
      return;
    }
    const wait = MIN_REPORT_GAP_MS - (Date.now() - this.sentAt);
    if (wait > 0) {
      // Too soon after the last one: the tracker would refuse it.
      setTimeout(() => this.send(false), wait);
      return;
    }
    this.sentBody = body;
    this.sentAt = Date.now();
    const reports = this.player.reports;
    reports.sent++;
    fetch(this.url, {
      method: "POST",
      body: body,
      headers: { "Content-Type": "text/plain" },
      keepalive: true,
      cache: "no-store",
    })
      .then((r) => {
        reports.lastStatus = r.status;
        if (r.ok) reports.counted++;
        else reports.refused++;
      })
      .catch((e) => {
        reports.lastStatus = String(e);
        reports.refused++;
      });
  }

  stop() {
    clearInterval(this.timer);
    window.removeEventListener("pagehide", this.onPageHide);
    this.send(false);
  }
}

function randomToken() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}
