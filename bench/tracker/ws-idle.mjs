// Memory per connected browser: opens CONNS WebSocket connections that each announce once
// ("started", no offers) in their own swarm of SWARMS, then waits for a line on stdin and closes.
// Usage: node ws-idle.mjs URL CONNS SWARMS
import WebSocket from "ws";
import readline from "node:readline";

const [url, conns, swarms] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
const id = (prefix, n) => (prefix + String(n).padStart(20, "0")).slice(-20);
const sockets = [];
for (let start = 0; start < conns; start += 500) {
  await Promise.all(
    Array.from({ length: Math.min(500, conns - start) }, (_, k) =>
      new Promise((resolve, reject) => {
        const c = start + k;
        const ws = new WebSocket(url);
        ws.on("open", () => {
          sockets.push(ws);
          ws.send(
            JSON.stringify({
              action: "announce",
              info_hash: id("swarm-", c % swarms),
              peer_id: id("-WW0100-", c),
              numwant: 0,
              uploaded: 0,
              downloaded: 0,
              left: 1000,
              event: "started",
            })
          );
        });
        ws.on("message", () => resolve());
        ws.on("error", reject);
      })
    )
  );
}
console.log("connected " + sockets.length);
readline.createInterface({ input: process.stdin }).once("line", () => {
  for (const ws of sockets) ws.terminate();
  process.exit(0);
});
