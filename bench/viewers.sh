#!/usr/bin/env bash
# Live viewers benchmark: one FFmpeg encode published at once (tee) to livepipe (pass-through,
# a program and a clear locator) and to nginx-rtmp with its HLS output served by nginx's HTTP
# server, in one run. Prints
#   - the time to first segment after the publish starts: until the live playlist lists one
#     (livepipe's locator playlist; nginx-rtmp's hls_path playlist), and the ratio, on a second
#     channel of the running servers (the goal's figure) and on the first one after they started;
#   - VIEWERS simulated players (tests/.../load/ViewerLoad.java: a reload per target duration, every
#     new segment fetched, three segments behind the live edge, every fifth viewer switching
#     variants where there are several) against livepipe, then against nginx, for SECONDS each:
#     requests, errors, segment fetch p50/p99, stalled viewers, and the ratios; each server is first
#     warmed by the same load for a third of SECONDS (at least 10 s), not counted.
# livepipe serves audio and video as separate CMAF renditions (a player fetches two playlists
# and two segments per target duration); nginx-rtmp muxes both into one TS playlist.
# Usage: bench/viewers.sh [VIEWERS=1000] [SECONDS=60]. Loopback only; bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
VIEWERS=${1:-1000}
SECS=${2:-60}
WORK=$(mktemp -d)
chmod 755 "$WORK"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
source bench/platform.sh
NRTMP=$(free_port); NHTTP=$(free_port)
ulimit -n 65536 2>/dev/null || true
platform_start
platform_channel cold
COLD_KEY=$KEY COLD_LOC=$LOC
platform_channel bench

mkdir -p "$WORK/hls" "$WORK/logs"
cat > "$WORK/nginx.conf" <<CONF
load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;
daemon off;
master_process off;
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/logs/error.log warn;
events { worker_connections 8192; }
rtmp { server { listen 127.0.0.1:$NRTMP; chunk_size 4096;
  application live { live on; record off; hls on; hls_path $WORK/hls; hls_fragment 2s; hls_playlist_length 60s; } } }
http {
  access_log off;
  sendfile on;
  types { application/vnd.apple.mpegurl m3u8; video/mp2t ts; }
  server { listen 127.0.0.1:$NHTTP; root $WORK; location /hls/ { add_header Cache-Control no-cache; } }
}
CONF
nginx -p "$WORK" -c "$WORK/nginx.conf" &  # one process, as root: it writes the HLS files and serves them
NGINX_PID=$!
sleep 0.5

# One encode, both destinations. Global headers: without them FFmpeg's tee sends FLV an empty
# AVC sequence header and Annex B frames; livepipe takes those (from the in-band SPS/PPS),
# nginx-rtmp's HLS wants the sequence header.
publish() { # seconds livepipe-stream-key nginx-stream-name
  ffmpeg -hide_banner -loglevel error -re -f lavfi -i "testsrc2=size=640x360:rate=30" -f lavfi -i "sine=sample_rate=48000" -t "$1" \
    -map 0:v -map 1:a -c:v libx264 -preset veryfast -tune zerolatency -b:v 600k -g 60 -keyint_min 60 -sc_threshold 0 -c:a aac -b:a 64k -flags +global_header \
    -f tee "[f=flv:onfail=ignore]rtmp://127.0.0.1:$RTMP/live/$2|[f=flv:onfail=ignore]rtmp://127.0.0.1:$NRTMP/live/$3" &
  PUBLISHER=$!
}
# Time to first segment: from the publisher's start until each live playlist lists a segment
# (bench/first-segment.py polls both every 10 ms). Measured twice: on the first channel after
# the platform started (JVM cold: the stamping and playlist code run for the first time; nginx's
# first stream likewise), and on a second channel of the running platform, the case of a server
# that has been up, which the goal is judged on.
START_NS=$(date +%s%N)
publish 8 "$COLD_KEY" cold
read -r COLD_OURS COLD_NGINX < <(python3 bench/first-segment.py "$START_NS" \
  "http://127.0.0.1:$HTTP/$COLD_LOC/master.m3u8" "http://127.0.0.1:$NHTTP/hls/cold.m3u8")
wait $PUBLISHER || true

RUN=$((SECS * 2 + 2 * (SECS / 3 > 10 ? SECS / 3 : 10) + 70))
START_NS=$(date +%s%N)
publish "$RUN" "$KEY" bench
read -r TTFS_OURS TTFS_NGINX < <(python3 bench/first-segment.py "$START_NS" \
  "http://127.0.0.1:$HTTP/$LOC/master.m3u8" "http://127.0.0.1:$NHTTP/hls/bench.m3u8")
[ -n "${COLD_NGINX:-}" ] && [ -n "${TTFS_NGINX:-}" ] || { echo "bench: no time to first segment" >&2; exit 1; }
sleep 8 # a few segments in each window before the viewers come

LOAD=tests/src/test/java/io/livepipe/tests/load/ViewerLoad.java
cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
HZ=$(getconf CLK_TCK)
# Warm-up, the same for both servers and not counted: livepipe is a long-running JVM, and in a
# fresh one the JIT compiling the serving path (C2) took half the platform's CPU of a measured minute.
WARM=$(( SECS / 3 > 10 ? SECS / 3 : 10 ))
java -Xss512k "$LOAD" "http://127.0.0.1:$HTTP/$LOC/master.m3u8" "$VIEWERS" "$WARM" >/dev/null 2>&1
P0=$(cpu_ticks $PLATFORM)
OURS=$(/usr/bin/time -f "%U %S" -o "$WORK/ours.time" java -Xss512k "$LOAD" "http://127.0.0.1:$HTTP/$LOC/master.m3u8" "$VIEWERS" "$SECS" 2>"$WORK/ours.err")
P1=$(cpu_ticks $PLATFORM)
java -Xss512k "$LOAD" "http://127.0.0.1:$NHTTP/hls/bench.m3u8" "$VIEWERS" "$WARM" >/dev/null 2>&1
N0=$(cpu_ticks $NGINX_PID)
THEIRS=$(/usr/bin/time -f "%U %S" -o "$WORK/nginx.time" java -Xss512k "$LOAD" "http://127.0.0.1:$NHTTP/hls/bench.m3u8" "$VIEWERS" "$SECS" 2>"$WORK/nginx.err")
N1=$(cpu_ticks $NGINX_PID)
kill $PUBLISHER 2>/dev/null || true
head -5 "$WORK/ours.err" "$WORK/nginx.err" >&2 || true

field() { sed -E "s/.*[ ^]$2=([0-9.]+).*/\1/" <<<" $1"; }
echo "time to first segment after publish: livepipe ${TTFS_OURS} ms   nginx-rtmp hls ${TTFS_NGINX} ms   (a second channel of the running servers)"
echo "time to first segment, first channel after start: livepipe ${COLD_OURS} ms   nginx-rtmp hls ${COLD_NGINX} ms   ratio $(awk -v a="$COLD_OURS" -v b="$COLD_NGINX" 'BEGIN { printf "%.2f", a / b }')"
# the generator's own CPU (it shares the cores with the server it measures): beside each server's
load_cpu() { awk '{printf "%.1f", $1 + $2}' "$1"; }
echo "livepipe (CMAF, audio+video playlists): $OURS cpu_s=$(echo "scale=1; ($P1-$P0)/$HZ" | bc) load_cpu_s=$(load_cpu "$WORK/ours.time")"
echo "nginx (nginx-rtmp HLS, muxed TS):       $THEIRS cpu_s=$(echo "scale=1; ($N1-$N0)/$HZ" | bc) load_cpu_s=$(load_cpu "$WORK/nginx.time")"
awk -v a="$TTFS_OURS" -v b="$TTFS_NGINX" -v p="$(field "$OURS" segment_p99_ms)" -v q="$(field "$THEIRS" segment_p99_ms)" \
    -v e="$(field "$OURS" errors)" -v s="$(field "$OURS" stalled_viewers)" 'BEGIN {
  printf "ratio livepipe/nginx: time_to_first_segment=%.2f segment_p99=%.2f   livepipe errors=%d stalled_viewers=%d\n", a/b, (q > 0 ? p/q : 0), e, s }'
