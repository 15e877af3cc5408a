#!/usr/bin/env bash
# Serving throughput, p99 latency and server CPU per GB of the cache daemon against nginx
# (sendfile), same files, same run; servers on core 1, wrk on core 0. Needs nginx, wrk and a built
# cache-daemon.jar (./mvnw -pl cache-daemon -am package -DskipTests).
#   bench/cache/run.sh [SECONDS] [SIZE_MIB] [CONNECTIONS...]
# With CONNECTIONS (default 4 16 64), nginx and our default transport (epoll) are compared at each
# count, whole file and random 1 MiB ranges; the other transports run at 16 connections.
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd ../.. && pwd)
seconds=${1:-10}
size_mib=${2:-256}
shift $(( $# > 2 ? 2 : $# ))
counts=("${@:-4 16 64}")
read -r -a counts <<< "${counts[*]}"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
size=$((size_mib * 1024 * 1024))
head -c "$size" /dev/urandom > "$work/video.mp4"
id=$(sha256sum "$work/video.mp4" | cut -d' ' -f1)
mkdir -p "$work/data/contents" "$work/www/c"
cp "$work/video.mp4" "$work/data/contents/$id"
ln "$work/data/contents/$id" "$work/www/c/$id"
printf '{"contentId":"%s","sizeBytes":%d,"contentType":"video/mp4","extension":"mp4"}' "$id" "$size" \
  > "$work/data/contents/$id.json"
chmod -R a+rX "$work"  # nginx workers run unprivileged
cat "$work/video.mp4" > /dev/null  # warm the page cache for both servers

cat > "$work/nginx.conf" <<NGINX
worker_processes 1;
daemon off;
error_log $work/nginx-error.log;
pid $work/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  default_type video/mp4;
  server { listen 127.0.0.1:28080; root $work/www; }
}
NGINX

cpu_seconds() {  # utime + stime of a process tree root, in seconds
  awk '{print ($14 + $15) / 100}' "/proc/$1/stat"
}

measure() {  # name pid url lua connections
  local name=$1 pid=$2 url=$3 lua=$4 conns=${5:-16} before after out
  before=$(cpu_seconds "$pid")
  out=$(SIZE=$size taskset -c 0 wrk -t1 -c"$conns" -d"${seconds}s" --latency ${lua:+-s $lua} "$url")
  after=$(cpu_seconds "$pid")
  local rps bytes p99
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  bytes=$(echo "$out" | awk '/Transfer\/sec/ {v=$2; u=substr(v, length(v)-1); n=substr(v, 1, length(v)-2);
    if (u=="GB") n*=1024*1024*1024; else if (u=="MB") n*=1024*1024; else if (u=="KB") n*=1024; print n}')
  awk -v n="$name" -v r="$rps" -v b="$bytes" -v p="$p99" -v c="$(echo "$after - $before" | bc)" -v s="$seconds" \
    -v k="$conns" 'BEGIN {gb = b * s / 1e9; printf "  %-44s c=%-3d %10.1f MB/s  %8.1f req/s  p99 %8s  CPU %.3f s/GB\n", n, k, b / 1e6, r, p, (gb > 0 ? c / gb : 0)}'
}

taskset -c 1 nginx -c "$work/nginx.conf" &
sleep 1
nginx_pid=$(cat "$work/nginx.pid")
worker=$(pgrep -P "$nginx_pid" | head -1)

start_cache() {  # transport cap -> sets pid and port
  local transport=$1 cap=$2
  port=$((28100 + RANDOM % 500))
  cat > "$work/cache.yaml" <<YAML
bindAddress: 127.0.0.1
port: $port
dataDir: $work/data
transport: $transport
bandwidthBytesPerSecond: $cap
defaultShareBytesPerSecond: $cap
YAML
  taskset -c 1 java -Xms512m -Xmx512m -Dio.netty.eventLoopThreads=1 \
    -jar "$root/cache-daemon/target/cache-daemon.jar" --config "$work/cache.yaml" > "$work/cache-$transport.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/readyz" > /dev/null && break; sleep 0.2; done
  # JIT warm-up: C2 compiles for tens of seconds after start, on the event loop's core, and its
  # threads' CPU counts as the server's (measured: half the core 15 s into ranges). Both paths at
  # once, as a cache serves them, so switching between the measurements does not recompile.
  SIZE=$size taskset -c 0 wrk -t1 -c8 -d25s "http://127.0.0.1:$port/c/$id" > /dev/null &
  SIZE=$size taskset -c 0 wrk -t1 -c8 -d25s -s range.lua "http://127.0.0.1:$port/c/$id" > /dev/null
  wait $!
  SIZE=$size taskset -c 0 wrk -t1 -c16 -d10s -s range.lua "http://127.0.0.1:$port/c/$id" > /dev/null
}

# Every rate far above the link: the shaping path runs but never limits.
uncapped=100000000000
echo "nginx (sendfile) against whirlwind epoll (default), ${size_mib} MiB file, ${seconds}s each"
start_cache epoll "$uncapped"
for c in "${counts[@]}"; do
  measure "nginx whole file" "$worker" "http://127.0.0.1:28080/c/$id" "" "$c"
  measure "whirlwind epoll whole file" "$pid" "http://127.0.0.1:$port/c/$id" "" "$c"
  measure "nginx 1 MiB ranges" "$worker" "http://127.0.0.1:28080/c/$id" range.lua "$c"
  measure "whirlwind epoll 1 MiB ranges" "$pid" "http://127.0.0.1:$port/c/$id" range.lua "$c"
done
kill "$pid"; wait "$pid" 2>/dev/null || true

echo "other transports and a node cap, 16 connections"
# transport[:node cap in bytes/s]; with a cap, the node is held to it.
for spec in io_uring nio epoll:1000000000; do
  transport=${spec%%:*}
  cap=$uncapped
  label="whirlwind $transport"
  if [ "$spec" != "$transport" ]; then
    cap=${spec#*:}
    label="whirlwind $transport, node capped at $((cap / 1000000)) MB/s"
  fi
  start_cache "$transport" "$cap"
  measure "$label" "$pid" "http://127.0.0.1:$port/c/$id" ""
  measure "  1 MiB ranges" "$pid" "http://127.0.0.1:$port/c/$id" range.lua
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
