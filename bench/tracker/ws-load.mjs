// WebSocket tracker load: CONNS browsers in SWARMS swarms, each announcing with OFFERS offers as
// soon as its previous announce is answered (one in flight per connection), for SECONDS. Prints
// one JSON line: announces answered and offers relayed per second. Needs the `ws` package (it
// comes with bittorrent-tracker). Usage: node ws-load.mjs URL CONNS SWARMS OFFERS SECONDS
import WebSocket from "ws";

const [url, conns, swarms, offers, seconds] = [
  process.argv[2],
  Number(process.argv[3]),
  Number(process.argv[4]),
  Number(process.argv[5]),
  Number(process.argv[6]),
];
const id = (prefix, n) => (prefix + String(n).padStart(20, "0")).slice(-20);
const sdp = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\n" + "a=x\r\n".repeat(40);
let answered = 0;
let relayed = 0;
let measuring = false;
let failures = 0;

// The load generator shares the machine with the server: it writes announces by concatenation
// around the SDP escaped once, and parses only the small messages (relays are recognised by their
// key), so that it is not what limits a fast server.
const offerJson = JSON.stringify({ type: "offer", sdp });
const OFFER_KEY = Buffer.from('"offer":');

function announce(ws, peer, hash, n) {
  let list = "";
  for (let i = 0; i < offers; i++) {
    list +=
      (i ? "," : "") + '{"offer_id":' + JSON.stringify(id("o" + n + "x", i)) + ',"offer":' +
      offerJson + "}";
  }
  ws.send(
    '{"action":"announce","info_hash":' + JSON.stringify(hash) + ',"peer_id":' +
      JSON.stringify(peer) + ',"numwant":' + offers + ',"uploaded":0,"downloaded":0,"left":1000' +
      (n === 0 ? ',"event":"started"' : "") + ',"offers":[' + list + "]}"
  );
}

const sockets = [];
await Promise.all(
  Array.from({ length: conns }, (_, c) =>
    new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      const peer = id("-WW0100-", c);
      const hash = id("swarm-", c % swarms);
      let n = 0;
      ws.on("open", () => {
        sockets.push(ws);
        announce(ws, peer, hash, n++);
        resolve();
      });
      ws.on("message", (data) => {
        if (data.indexOf(OFFER_KEY) !== -1) {
          if (measuring) relayed++;
          return;
        }
        const m = JSON.parse(data);
        if (m["failure reason"]) failures++;
        if (m.action === "announce" && m.interval !== undefined) {
          if (measuring) answered++;
          announce(ws, peer, hash, n++);
        }
      });
      ws.on("error", reject);
    })
  )
);
// Every browser is in its swarm now; a second of warm-up, then the measured window.
await new Promise((r) => setTimeout(r, 1000));
measuring = true;
const started = process.hrtime.bigint();
await new Promise((r) => setTimeout(r, seconds * 1000));
measuring = false;
const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
console.log(
  JSON.stringify({
    announcesPerSecond: Math.round(answered / elapsed),
    offersRelayedPerSecond: Math.round(relayed / elapsed),
    failures,
  })
);
for (const ws of sockets) ws.terminate();
process.exit(0);
