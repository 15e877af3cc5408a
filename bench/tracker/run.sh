#!/usr/bin/env bash
# Announce throughput and latency of our tracker against opentracker, same machine, same run,
# same request mix (10,000 info-hashes, compact responses, numwant 50), load generator and
# server pinned to separate cores. Needs: opentracker, wrk (Debian packages) and a built
# tracker-daemon.jar (./mvnw -pl tracker-daemon -am package -DskipTests).
#   bench/tracker/run.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd ../.. && pwd)
seconds=${1:-20}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

python3 - "$work/hashes.txt" <<'PY'
import hashlib, sys
with open(sys.argv[1], "w") as f:
    for i in range(10000):
        f.write(hashlib.sha1(b"whirlwind-bench-%d" % i).hexdigest() + "\n")
PY

server_core=1
client_core=0
ot_port=26969
ww_port=27969

# opentracker's Debian build tracks only whitelisted info-hashes; it chroots into -d.
cp "$work/hashes.txt" "$work/whitelist"
taskset -c $server_core opentracker -i 127.0.0.1 -p $ot_port -P $ot_port -d "$work" -w whitelist \
  >"$work/opentracker.log" 2>&1 &
cat >"$work/tracker.yaml" <<YAML
bindAddress: 127.0.0.1
httpPort: $ww_port
udpPort: $ww_port
transport: epoll
ioThreads: 1
stateDir: $work/state
YAML
taskset -c $server_core java -Xms2g -Xmx2g -XX:+AlwaysPreTouch \
  -jar "$root/tracker-daemon/target/tracker-daemon.jar" --config "$work/tracker.yaml" \
  >"$work/whirlwind.log" 2>&1 &
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$ww_port/readyz" >/dev/null && break
  sleep 0.2
done

http_run() {
  HASHES="$work/hashes.txt" taskset -c $client_core wrk -t1 -c64 -d"${2}s" --latency \
    -s announce.lua "http://127.0.0.1:$1/announce" | tee "$work/wrk-$1.txt" >&2
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk-$1.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$work/wrk-$1.txt")
  echo "$rps $p99"
}

echo "warm-up (JIT) ..." >&2
http_run $ww_port 5 >/dev/null
read -r ot_rps ot_p99 < <(http_run $ot_port "$seconds")
read -r ww_rps ww_p99 < <(http_run $ww_port "$seconds")

javac -d "$work" UdpAnnounceLoad.java
udp_run() {
  taskset -c $client_core java -cp "$work" UdpAnnounceLoad 127.0.0.1 "$1" "$2" 64 "$work/hashes.txt"
}
udp_run $ww_port 5 >/dev/null
ot_udp=$(udp_run $ot_port "$seconds")
ww_udp=$(udp_run $ww_port "$seconds")

echo
echo "HTTP announce, wrk -t1 -c64, ${seconds}s, server on core $server_core, client on core $client_core"
echo "  opentracker: $ot_rps req/s, p99 $ot_p99"
echo "  whirlwind:   $ww_rps req/s, p99 $ww_p99"
awk -v a="$ww_rps" -v b="$ot_rps" 'BEGIN {printf "  ratio whirlwind/opentracker: %.2f\n", a / b}'
echo "UDP announce, 64 in flight, ${seconds}s"
echo "  opentracker: $ot_udp"
echo "  whirlwind:   $ww_udp"
awk -v a="$(echo "$ww_udp" | awk '{print $3}')" -v b="$(echo "$ot_udp" | awk '{print $3}')" \
  'BEGIN {printf "  ratio whirlwind/opentracker: %.2f\n", a / b}'
