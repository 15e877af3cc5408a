#!/usr/bin/env bash
# WebSocket tracker: our tracker against bittorrent-tracker's own server (npm, the reference) in
# the same run. Throughput: browsers announcing with offers, one announce in flight each, offers
# relayed to the other browsers of their swarm. Memory: connected browsers that announced once,
# the server's resident set before and after. Needs node and npm, and a built tracker-daemon.jar
# (./mvnw -pl tracker-daemon -am package -DskipTests).
#   bench/tracker/ws-run.sh [SECONDS] [CONNECTIONS] [IDLE_CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")"
here=$(pwd)
root=$(cd ../.. && pwd)
seconds=${1:-15}
conns=${2:-200}
idle=${3:-5000}
swarms=20
offers=5
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
ulimit -n 65536 2>/dev/null || true

npm install --prefix "$work/ref" --ignore-scripts --no-audit --no-fund --loglevel=error \
  bittorrent-tracker@11.2.3 >&2
cp ws-load.mjs ws-idle.mjs "$work/ref/"
cat >"$work/ref/server.mjs" <<'JS'
import Server from "bittorrent-tracker/server";
const server = new Server({ udp: false, http: false, ws: true, stats: false });
server.on("warning", () => {});
server.listen(Number(process.argv[2]), "127.0.0.1", () => console.log("listening"));
JS

server_core=1
client_core=0
ref_port=28969
ww_http=29969
ww_ws=29971
cat >"$work/tracker.yaml" <<YAML
bindAddress: 127.0.0.1
httpPort: $ww_http
udpPort: 0
transport: epoll
ioThreads: 1
stateDir: $work/state
webSocket:
  port: $ww_ws
  # What is measured is the tracker, not the flood limit or the per-address cap.
  messagesPerSecond: 10000
  maxConnectionsPerAddress: 65536
YAML

rss() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
# CPU time of a process so far, in clock ticks (user + system).
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
await_port() {
  for _ in $(seq 1 150); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.2
  done
  echo "nothing listens on $1" >&2
  return 1
}

measure() { # name port pid -> "announces/s relays/s kB-per-idle-browser"
  local name=$1 port=$2 pid=$3 before after
  (cd "$work/ref" && taskset -c $client_core node ws-load.mjs "ws://127.0.0.1:$port" 50 $swarms \
    $offers 3 >/dev/null) # warm-up
  local load t0 t1 w0 w1
  t0=$(ticks "$pid")
  w0=$(date +%s.%N)
  load=$(cd "$work/ref" && taskset -c $client_core node ws-load.mjs "ws://127.0.0.1:$port" \
    "$conns" $swarms $offers "$seconds")
  t1=$(ticks "$pid")
  w1=$(date +%s.%N)
  # How busy the server's core was: near 100 % means the server is the limit, less the client.
  echo "$name load: $load, server core busy $(awk -v t=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" \
    -v w0="$w0" -v w1="$w1" 'BEGIN {printf "%.0f %%", 100 * t / hz / (w1 - w0)}')" >&2
  sleep 2
  before=$(rss "$pid")
  mkfifo "$work/idle-$name"
  (cd "$work/ref" && taskset -c $client_core node ws-idle.mjs "ws://127.0.0.1:$port" "$idle" \
    1000 <"$work/idle-$name" >"$work/idle-$name.out") &
  local client=$!
  exec 4>"$work/idle-$name"
  until grep -q connected "$work/idle-$name.out" 2>/dev/null; do sleep 0.5; done
  sleep 2
  after=$(rss "$pid")
  echo >&4
  exec 4>&-
  wait $client || true
  echo "$(echo "$load" | sed 's/.*announcesPerSecond":\([0-9]*\).*offersRelayedPerSecond":\([0-9]*\).*/\1 \2/') $(( (after - before) * 1024 / idle ))"
}

taskset -c $server_core node "$work/ref/server.mjs" $ref_port >"$work/ref.log" 2>&1 &
ref_pid=$!
await_port $ref_port
read -r ref_ann ref_rel ref_mem < <(measure reference $ref_port $ref_pid)
kill $ref_pid

taskset -c $server_core java -Xms1g -Xmx1g \
  -jar "$root/tracker-daemon/target/tracker-daemon.jar" --config "$work/tracker.yaml" \
  >"$work/whirlwind.log" 2>&1 &
ww_pid=$!
await_port $ww_ws
read -r ww_ann ww_rel ww_mem < <(measure whirlwind $ww_ws $ww_pid)

echo
echo "WebSocket tracker, $conns browsers in $swarms swarms, $offers offers per announce, ${seconds}s,"
echo "server on core $server_core (our tracker: one event loop), load on core $client_core"
echo "  bittorrent-tracker 11.2.3: $ref_ann announces/s, $ref_rel offers relayed/s, $ref_mem bytes RSS per idle browser"
echo "  whirlwind:                 $ww_ann announces/s, $ww_rel offers relayed/s, $ww_mem bytes RSS per idle browser"
awk -v a="$ww_rel" -v b="$ref_rel" 'BEGIN {printf "  ratio whirlwind/reference (relays): %.2f\n", a / b}'
