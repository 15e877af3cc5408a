// The console page: what /api/status and /api/telemetry say, redrawn every two seconds, and a
// player that plays any Ready rendition from the caches (hls.js for HLS, the <video> element for
// MP4). Where the catalog's trackers take browsers (standalone mode), HLS players also trade
// segments with each other over WebRTC (p2p-media-loader) and count what came from peers and what
// from the caches. Read-only: the page never changes anything.
(function () {
  "use strict";

  const POLL_MS = 2000;
  const state = {
    status: null,
    series: { caches: [], points: [] },
    lastPoint: 0,
    player: null,
    playing: null,
    charts: {},
    bytesSeen: {},
  };
  // What tests and curious users read: every player error, and what plays.
  const page = (window.whirlwind = { errors: [], playing: null, updates: 0 });

  const $ = (id) => document.getElementById(id);

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null) continue;
      if (k === "class") e.className = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v);
    }
    for (const c of children) {
      if (c === null || c === undefined) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  function rate(bytesPerSecond) {
    return bytes(bytesPerSecond) + "/s";
  }

  function bytes(n) {
    if (n === null || n === undefined || isNaN(n)) return "–";
    const units = ["B", "kB", "MB", "GB", "TB"];
    let i = 0;
    while (Math.abs(n) >= 1000 && i < units.length - 1) {
      n /= 1000;
      i++;
    }
    return (i === 0 ? Math.round(n) : n.toFixed(1)) + " " + units[i];
  }

  async function getJson(path) {
    const r = await fetch(path, { cache: "no-store" });
    const body = await r.json();
    if (!r.ok) throw new Error(body.detail || body.error || r.status);
    return body;
  }

  // ---- the player ----------------------------------------------------------------------------

  // The player module (hls.js with p2p-media-loader), as any site would load it.
  const playerModule = import("./whirlwind-player.js").then(
    (m) => {
      page.playerReady = true;
      return m;
    },
    (e) => {
      page.errors.push("cannot load whirlwind-player.js: " + e);
      throw e;
    }
  );

  function play(what) {
    const video = $("player");
    stop();
    state.playing = what;
    page.playing = {
      key: what.key,
      kind: what.kind,
      url: what.url,
      servedFrom: null,
      p2p: null,
      bytes: { caches: 0, peers: 0, uploaded: 0 },
    };
    $("now-playing").textContent = "Loading " + what.label + " (" + what.kind + ") …";
    if (what.kind === "HLS") {
      playerModule.then((m) => {
        if (state.playing !== what) return;
        const peers = peerTracker(what);
        let player;
        try {
          player = m.attach(video, {
            src: what.url,
            tracker: peers,
            contentId: peers ? what.contentId : undefined,
            iceServers: (state.status || {}).iceServers || [],
            onUpdate: (p) => {
              page.playing.peersConnected = p.peersConnected;
              if (p.servedFrom && page.playing.servedFrom !== p.servedFrom) servedFrom(p.servedFrom);
              showShare();
            },
            onError: failed,
          });
        } catch (e) {
          failed(String(e));
          return;
        }
        state.player = player;
        page.playing.p2p = player.tracker;
        page.playing.bytes = player.bytes;
        // Live views of the player's own records (the player itself holds hls.js, not JSON).
        page.playing.segmentErrors = player.segmentErrors;
        page.playing.reports = player.reports;
        start(video, what);
      });
      return;
    }
    video.src = what.url;
    servedFrom(what.url);
    start(video, what);
  }

  function start(video, what) {
    const started = video.play();
    if (started && started.catch) {
      started.catch((e) => {
        // A browser that wants a gesture first: the controls are there for it.
        if (e && e.name !== "AbortError") {
          $("now-playing").textContent = what.label + ": press play (" + e.message + ")";
        }
      });
    }
  }

  // The WebSocket tracker of the shard that owns the rendition, where the catalog's trackers take
  // browsers (standalone mode), or null: the rendition's URL starts with its owning shard's (the
  // operator resolved {ownerShard}), whose WebSocket tracker has the same place in the lists.
  function peerTracker(what) {
    const s = state.status || {};
    const trackers = (s.browserTrackers || {})[what.catalog];
    if (!trackers || trackers.length === 0 || !what.contentId) {
      return null;
    }
    const shards = ((s.catalogs || {})[what.catalog] || {}).trackers || [];
    const shard = shards.findIndex((t) => what.url && what.url.startsWith(t + "/"));
    return shard < 0 || !trackers[shard] ? null : trackers[shard];
  }

  function showShare() {
    const b = page.playing && page.playing.bytes;
    if (!b) return;
    const total = b.caches + b.peers;
    $("p2p-share").textContent =
      "from caches " + bytes(b.caches) + " · from peers " + bytes(b.peers) +
      (total > 0 ? " (" + Math.round((100 * b.peers) / total) + " %)" : "") +
      " · to peers " + bytes(b.uploaded);
  }

  function servedFrom(url) {
    if (!state.playing) return;
    page.playing.servedFrom = url;
    $("now-playing").textContent =
      "Playing " + state.playing.label + " (" + state.playing.kind + ") from " + url;
  }

  function failed(message) {
    page.errors.push(message);
    $("now-playing").textContent = "Error: " + message;
    $("now-playing").className = "message";
  }

  function stop() {
    const video = $("player");
    if (state.player) {
      state.player.destroy();
      state.player = null;
    }
    video.removeAttribute("src");
    video.load();
    $("now-playing").className = "muted";
    $("p2p-share").textContent = "";
  }

  $("player").addEventListener("error", () => {
    const e = $("player").error;
    if (e && state.playing) {
      failed("media error " + e.code + (e.message ? ": " + e.message : ""));
    }
  });

  // ---- the catalogs --------------------------------------------------------------------------

  function swarmsByContent() {
    const out = {};
    const t = state.status && state.status.telemetry;
    for (const s of (t && t.swarms) || []) out[s.contentId] = s;
    return out;
  }

  function downloadRate(key, v) {
    // A Downloading video's rate: the change of its verified bytes between two reads.
    const now = Date.now();
    const seen = state.bytesSeen[key];
    const done = v.bytesDone || 0;
    state.bytesSeen[key] = { at: now, done: done };
    if (!seen || v.phase !== "Downloading" || now <= seen.at) return null;
    return Math.max(0, ((done - seen.done) * 1000) / (now - seen.at));
  }

  function renderCatalogs() {
    const box = $("catalogs");
    const s = state.status;
    box.replaceChildren();
    const catalogs = (s && s.catalogs) || {};
    const titles = (s && s.titles) || {};
    const swarms = swarmsByContent();
    for (const [key, c] of Object.entries(catalogs)) {
      const table = el(
        "table",
        { class: "videos", "data-catalog": key },
        el(
          "thead",
          null,
          el("tr", null, ...["video", "phase", "progress", "rate", "peers", "renditions"].map((h) => el("th", null, h)))
        )
      );
      const body = el("tbody");
      for (const v of c.videos || []) {
        const title = (titles[key] && titles[key][v.id]) || v.id;
        const peers = swarmLine([v.contentId, ...(v.renditions || []).map((r) => r.contentId)], swarms);
        const r = downloadRate(key + "/" + v.id, v);
        const percent = v.percent === undefined || v.percent === null ? (v.phase === "Ready" ? 100 : 0) : v.percent;
        const row = el(
          "tr",
          { "data-video": v.id, "data-phase": v.phase, "data-percent": percent },
          el("td", null, el("div", null, title), el("div", { class: "muted" }, v.id)),
          el(
            "td",
            null,
            el("span", { class: "phase phase-" + v.phase }, v.phase),
            v.message && v.phase !== "Ready" ? el("div", { class: "message" }, v.message) : null
          ),
          el(
            "td",
            null,
            el("progress", { max: 100, value: percent }),
            " " + percent + "%",
            v.caches ? el("div", { class: "muted" }, "on " + v.caches.length + " cache(s)") : null
          ),
          el("td", null, r === null ? (peers.rate ? rate(peers.rate) : "–") : rate(r)),
          el("td", null, peers.text),
          el("td", null, renditions(key, v, title))
        );
        body.append(row);
      }
      table.append(body);
      box.append(
        el(
          "div",
          { class: "catalog" },
          el("h3", null, "catalog " + key + " — " + (c.ready || "")),
          table
        )
      );
    }
    if (Object.keys(catalogs).length === 0) {
      box.append(el("div", { class: "muted" }, "No catalog has reported yet."));
    }
  }

  function swarmLine(ids, swarms) {
    let seeders = 0;
    let leechers = 0;
    let total = 0;
    for (const id of ids) {
      const s = id && swarms[id];
      if (s) {
        seeders += s.seeders;
        leechers += s.leechers;
        total += s.downloadBytesPerSecond;
      }
    }
    return { text: seeders + leechers === 0 ? "–" : seeders + " seeding, " + leechers + " leeching", rate: total };
  }

  function renditions(catalog, v, title) {
    const box = el("div", { class: "renditions" });
    const original = v.urls && v.urls.http;
    box.append(
      chip(catalog, v.contentId, catalog + "/" + v.id + "/original", "original", "MP4", v.phase === "Ready" ? original : null, title, v.phase)
    );
    for (const r of v.renditions || []) {
      const hls = r.urls && r.urls.hls;
      const url = hls || (r.urls && r.urls.http);
      box.append(
        chip(
          catalog,
          r.contentId,
          catalog + "/" + v.id + "/" + r.profile,
          r.profile,
          hls ? "HLS" : "MP4",
          r.phase === "Ready" ? url : null,
          title + " · " + r.profile,
          r.phase,
          r.percent
        )
      );
    }
    return box;
  }

  function chip(catalog, contentId, key, name, kind, url, label, phase, percent) {
    const button = el(
      "button",
      {
        class: "play",
        "data-play": key,
        "data-kind": kind,
        onclick: () =>
          play({ key: key, kind: kind, url: url, label: label, catalog: catalog, contentId: contentId }),
      },
      "▶ " + kind
    );
    button.disabled = !url;
    const detail = phase === "Ready" ? "" : " " + phase + (percent ? " " + percent + "%" : "");
    return el("span", { class: "rendition", "data-rendition": key, "data-phase": phase }, name + detail + " ", button);
  }

  // ---- tables --------------------------------------------------------------------------------

  function fill(tableId, rows) {
    const body = $(tableId).querySelector("tbody");
    body.replaceChildren(...rows.map((cells) => el("tr", null, ...cells.map((c) => el("td", null, c)))));
  }

  function renderTables() {
    const s = state.status || {};
    const t = s.telemetry;
    const labels = {};
    for (const c of Object.values(s.catalogs || {})) {
      for (const v of c.videos || []) {
        if (v.contentId) labels[v.contentId] = v.id;
        for (const r of v.renditions || []) if (r.contentId) labels[r.contentId] = v.id + " " + r.profile;
      }
    }
    fill(
      "swarms",
      ((t && t.swarms) || [])
        .slice()
        .sort((a, b) => b.leechers - a.leechers || (labels[a.contentId] || "").localeCompare(labels[b.contentId] || ""))
        .map((w) => [labels[w.contentId] || w.contentId.slice(0, 12), w.seeders, w.leechers, rate(w.downloadBytesPerSecond)])
    );
    fill(
      "caches",
      ((t && t.caches) || []).map((c) =>
        c.reachable
          ? [c.name, rate(c.uploadBytesPerSecond), rate(c.sharesBytesPerSecond), bytes(c.usedBytes), c.contents]
          : [c.name, "unreachable", "", "", ""]
      )
    );
    fill(
      "daemons",
      (s.daemons || []).map((d) => [d.name, d.role, d.url, d.ready ? "yes" : "no"])
    );
    // In a cluster the operator lists no daemons (the pods are Kubernetes' to show).
    const hasDaemons = (s.daemons || []).length > 0;
    $("daemons").closest("section").hidden = !hasDaemons;
    $("daemons-ready").closest(".figure").hidden = !hasDaemons;
    const ready = (s.daemons || []).filter((d) => d.ready).length;
    $("daemons-ready").textContent = s.daemons ? ready + "/" + s.daemons.length : "–";
    $("multiplier").textContent = t && t.multiplier !== null && t.multiplier !== undefined ? t.multiplier.toFixed(2) : "–";
    $("from-caches").textContent = t ? rate(t.cacheUploadBytesPerSecond) : "–";
    $("from-peers").textContent = t ? rate(t.peerBytesPerSecond) : "–";
  }

  // ---- charts --------------------------------------------------------------------------------

  const COLORS = ["#2563eb", "#16a34a", "#dc2626", "#9333ea", "#ea580c", "#0891b2", "#4d7c0f", "#be185d"];

  function chart(id, series, values) {
    const box = $(id);
    const width = Math.max(300, box.clientWidth || 380);
    const existing = state.charts[id];
    if (existing && existing.series.length === series.length + 1 && existing.width === width) {
      existing.setData(values);
      return;
    }
    if (existing) existing.destroy();
    box.replaceChildren();
    state.charts[id] = new window.uPlot(
      {
        width: width,
        height: 220,
        series: [{}, ...series],
        axes: [{}, { size: 84, values: (_u, ticks) => ticks.map(series.axis || ((v) => v)) }],
        scales: { x: { time: true } },
      },
      values,
      box
    );
    state.charts[id].width = width;
  }

  function renderCharts() {
    if (!window.uPlot) return;
    const pts = state.series.points;
    const xs = pts.map((p) => p.at / 1000);
    const rateAxis = (v) => (v === null ? "" : rate(v));
    const uploadSeries = state.series.caches.map((name, i) => ({
      label: name,
      stroke: COLORS[i % COLORS.length],
      value: (_u, v) => (v === null ? "–" : rate(v)),
    }));
    uploadSeries.axis = rateAxis;
    chart("chart-upload", uploadSeries, [xs, ...state.series.caches.map((_n, i) => pts.map((p) => p.upload[i]))]);
    const sources = [
      { label: "from caches", stroke: "#2563eb", fill: "rgba(37,99,235,.12)", value: (_u, v) => (v === null ? "–" : rate(v)) },
      { label: "from peers", stroke: "#16a34a", fill: "rgba(22,163,74,.12)", value: (_u, v) => (v === null ? "–" : rate(v)) },
    ];
    sources.axis = rateAxis;
    chart("chart-sources", sources, [xs, pts.map((p) => p.caches), pts.map((p) => p.peers)]);
    const mult = [{ label: "multiplier", stroke: "#9333ea", value: (_u, v) => (v === null ? "–" : v.toFixed(2)) }];
    mult.axis = (v) => (v === null ? "" : v.toFixed(1));
    chart("chart-multiplier", mult, [xs, pts.map((p) => (p.multiplier === undefined ? null : p.multiplier))]);
  }

  // ---- polling -------------------------------------------------------------------------------

  function mergeSeries(next) {
    const s = state.series;
    if (next.caches.join("\n") !== s.caches.join("\n")) {
      // A cache came or went: realign the kept points to the new list.
      const index = next.caches.map((n) => s.caches.indexOf(n));
      s.points = s.points.map((p) => ({ ...p, upload: index.map((i) => (i < 0 ? null : p.upload[i])) }));
      s.caches = next.caches;
    }
    s.points.push(...next.points);
    if (s.points.length > 900) s.points.splice(0, s.points.length - 900);
    if (next.points.length) state.lastPoint = next.points[next.points.length - 1].at;
  }

  async function poll() {
    try {
      const [status, series] = await Promise.all([
        getJson("api/status"),
        getJson("api/telemetry?since=" + state.lastPoint),
      ]);
      state.status = status;
      mergeSeries(series);
      $("connection").textContent = "";
      renderCatalogs();
      renderTables();
      renderCharts();
      playFromLink();
      page.updates++;
    } catch (e) {
      $("connection").textContent = "cannot reach the console: " + e.message;
    } finally {
      setTimeout(poll, POLL_MS);
    }
  }

  // A link can name a rendition to play: #play=NAMESPACE/CATALOG/VIDEO/PROFILE (or /original).
  function playFromLink() {
    const m = /^#play=(.+)$/.exec(location.hash);
    if (!m || state.playing) return;
    const b = document.querySelector('button[data-play="' + CSS.escape(decodeURIComponent(m[1])) + '"]');
    if (b && !b.disabled) b.click();
  }

  window.addEventListener("resize", () => renderCharts());
  window.addEventListener("hashchange", () => {
    state.playing = null;
    playFromLink();
  });
  poll();
})();
