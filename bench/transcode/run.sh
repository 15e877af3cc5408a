#!/usr/bin/env bash
# Transcoding fps of the transcoder's pipeline (JavaCV/FFmpeg 8.1, frames kept in YUV) against
# Debian's ffmpeg CLI on the same input and profile, same run: a 720p30 test pattern with a tone,
# to 640x360 at each codec's default fast preset. Needs ffmpeg (Debian) and a built jar
# (./mvnw -pl transcoder-daemon -am package -DskipTests).
#   bench/transcode/run.sh [SECONDS] [THREADS] [ACCELERATOR]
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd ../.. && pwd)
seconds=${1:-20}
threads=${2:-2}
accelerator=${3:-cpu}
# The GPU run decodes on the GPU on both sides (NVDEC through -hwaccel cuda for the CLI).
hwaccel=()
[ "$accelerator" = cpu ] || hwaccel=(-hwaccel cuda)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
jar="$root/transcoder-daemon/target/transcoder-daemon.jar"
ffmpeg -loglevel error -f lavfi -i "testsrc2=size=1280x720:rate=30" -f lavfi -i "sine=frequency=440" \
  -t "$seconds" -c:v libx264 -preset medium -b:v 4M -c:a aac -b:a 128k "$work/in.mp4"
frames=$((seconds * 30))
javac -cp "$jar" -d "$work" TranscodeOnce.java
ours() {  # codec preset
  java -Dorg.bytedeco.javacpp.cachedir="$work/javacpp" -cp "$jar:$work" TranscodeOnce \
    "$work/in.mp4" "$work/ours-$1.mp4" "$1" 640 360 125000 187500 "$2" "$threads" "$accelerator"
}
cli() {  # ffmpeg arguments for the codec
  local t0 t1
  t0=$(date +%s.%N)
  ffmpeg -loglevel error -y -threads "$threads" "${hwaccel[@]}" -i "$work/in.mp4" -vf scale=640:360 "$@" \
    -b:v 1000k -maxrate 1500k -bufsize 1500k -g 60 -keyint_min 60 -threads "$threads" \
    -c:a aac -b:a 128k -movflags +faststart "$work/cli.mp4"
  t1=$(date +%s.%N)
  echo "$t0 $t1" | awk -v f="$frames" '{printf "%.1f", f / ($2 - $1)}'
}
ours h264 veryfast > /dev/null  # JIT and native unpacking, once
echo "720p30 -> 640x360, ${seconds} s (${frames} frames), ${threads} threads, $(nproc) cores, $accelerator"
for spec in "h264 veryfast" "h265 veryfast" "vp9 realtime" "av1 10"; do
  set -- $spec
  case $1 in
    h264) c=$(cli -c:v libx264 -preset veryfast -sc_threshold 0) ;;
    h265) c=$(cli -c:v libx265 -preset veryfast -x265-params log-level=error:scenecut=0:open-gop=0) ;;
    vp9) c=$(cli -c:v libvpx-vp9 -deadline realtime -cpu-used 8 -row-mt 1) ;;
    av1) c=$(cli -c:v libsvtav1 -preset 10) ;;
  esac
  o=$(ours "$1" "$2")
  of=$(echo "$o" | awk '{print $6}')
  awk -v n="$1" -v o="$of" -v c="$c" -v p="$(echo "$o" | awk '{print $8}')" \
    'BEGIN {printf "  %-5s whirlwind %7.1f fps (%s)  ffmpeg CLI %7.1f fps  ratio %.2f\n", n, o, p, c, o / c}'
done
