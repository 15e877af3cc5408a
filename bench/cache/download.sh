#!/usr/bin/env bash
# Cloud download: the cache daemon fetching one content from a loopback origin (nginx, ranges,
# keep-alive) against aria2c -x8 on the same origin, same run: once with aria2 verifying the
# SHA-256 (--checksum) as the cache always does, once with aria2 only transferring. The time is
# from the order to a published content (the cache) or to aria2's exit. Needs nginx, aria2 and a built
# cache-daemon.jar (./mvnw -pl cache-daemon -am package -DskipTests).
#   bench/cache/download.sh [SIZE_MIB] [RUNS]
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd ../.. && pwd)
size_mib=${1:-1024}
runs=${2:-3}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/www"
head -c $((size_mib * 1024 * 1024)) /dev/urandom > "$work/www/video.mp4"
sha=$(sha256sum "$work/www/video.mp4" | cut -d' ' -f1)
chmod -R a+rX "$work"
cat "$work/www/video.mp4" > /dev/null  # the origin serves from the page cache for both

cat > "$work/nginx.conf" <<NGINX
worker_processes 2;
daemon off;
error_log $work/nginx-error.log;
pid $work/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  keepalive_requests 100000;
  server { listen 127.0.0.1:28081; root $work/www; }
}
NGINX
nginx -c "$work/nginx.conf" &
origin=http://127.0.0.1:28081/video.mp4
for _ in $(seq 1 50); do curl -sf -o /dev/null -r 0-0 "$origin" && break; sleep 0.1; done

echo -n "bench-token" > "$work/token"
cat > "$work/cache.yaml" <<YAML
bindAddress: 127.0.0.1
port: 28082
publicBaseUrl: http://127.0.0.1:28082
adminTokenFile: $work/token
dataDir: $work/cache
allowedOriginNetworks: [127.0.0.0/8]
downloadConnectionsPerSource: 8
YAML
java -Xmx1g -jar "$root/cache-daemon/target/cache-daemon.jar" --config "$work/cache.yaml" \
  > "$work/cache.log" 2>&1 &
for _ in $(seq 1 100); do curl -sf -o /dev/null http://127.0.0.1:28082/readyz && break; sleep 0.2; done

now() { date +%s.%N; }

aria_run() {  # [extra aria2c options]
  rm -rf "$work/aria"
  local t0 t1
  t0=$(now)
  aria2c -q -x8 -s8 -k1M --file-allocation=none --allow-overwrite=true "$@" \
    -d "$work/aria" -o video.mp4 "$origin"
  t1=$(now)
  echo "$t1 - $t0" | bc
}

cache_run() {
  local t0 t1 order state
  curl -sf -X DELETE -H "Authorization: Bearer bench-token" \
    "http://127.0.0.1:28082/v1/contents/$sha" > /dev/null || true
  t0=$(now)
  order=$(curl -sf -X POST -H "Authorization: Bearer bench-token" \
    -d "{\"urls\":[\"$origin\"],\"sha256\":\"$sha\"}" http://127.0.0.1:28082/v1/downloads \
    | sed 's/.*"orderId":"\([^"]*\)".*/\1/')
  while true; do
    state=$(curl -sf -H "Authorization: Bearer bench-token" \
      "http://127.0.0.1:28082/v1/downloads/$order" | sed 's/.*"state":"\([^"]*\)".*/\1/')
    [ "$state" = Completed ] && break
    [ "$state" = Failed ] && { echo "download failed" >&2; exit 1; }
    sleep 0.02
  done
  t1=$(now)
  echo "$t1 - $t0" | bc
}

cache_run > /dev/null  # JIT warm-up
for i in $(seq 1 "$runs"); do
  # sync first: no run pays for the writeback of the one before it.
  sync; v=$(aria_run --checksum=sha-256="$sha")
  sync; u=$(aria_run)
  sync; c=$(cache_run)
  awk -v v="$v" -v u="$u" -v c="$c" -v m="$size_mib" -v i="$i" 'BEGIN {
    mb = m * 1.048576
    printf "run %d: whirlwind %.2f s (%.0f MB/s) | aria2c -x8 verifying %.2f s (%.0f MB/s), ratio %.2f" \
      " | aria2c -x8 not verifying %.2f s (%.0f MB/s), ratio %.2f\n",
      i, c, mb / c, v, mb / v, v / c, u, mb / u, u / c }'
done
