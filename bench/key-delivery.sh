#!/usr/bin/env bash
# Key delivery benchmark: the local platform answering HLS AES-128 key requests of an envelope
# locator with an ES256 token in Authorization (a token policy, checked on every request) against
# nginx serving the same 16 bytes as a static file, with wrk, in one run. Prints requests/s of each
# and the ratio. The key part of bench/streaming-endpoint.sh, alone (it records 4 s, not 12).
# Usage: bench/key-delivery.sh [SECONDS=10] [CONNECTIONS=32]. Loopback only; bounded in time.
# $BENCH_JAVA_OPTS go to the platform's JVM (say -XX:StartFlightRecording=filename=/tmp/k.jfr).
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-10}
CONNS=${2:-32}
WORK=$(mktemp -d)
chmod 755 "$WORK"  # nginx workers read the static copy
trap 'kill $(jobs -p) 2>/dev/null || true; [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null; [ -n "${PLATFORM:-}" ] && kill "$PLATFORM" 2>/dev/null && wait "$PLATFORM" 2>/dev/null; rm -rf "$WORK"' EXIT
source bench/platform.sh
NGINX=$(free_port)
platform_start
platform_channel bench
ffmpeg -hide_banner -loglevel error -re -f lavfi -i "testsrc2=size=640x360:rate=30" -t 4 \
  -c:v libx264 -preset ultrafast -g 60 -f flv "rtmp://127.0.0.1:$RTMP/live/$KEY"
sleep 1
api -X POST "$BASE/api/channels/bench/programs/p/stop" >/dev/null
api -X POST "$BASE/api/contentkeypolicies" -d '{"name":"bench","restriction":"token","issuer":"livepipe","audience":"livepipe-playback"}' >/dev/null
ENV=$(api -X POST "$BASE/api/locators" -d '{"assetName":"bench-p","streamingPolicy":"envelope","contentKeyPolicyName":"bench"}' | sed -E 's/.*"id":"([0-9a-f]+)".*/\1/')
TOKEN=$(api -X POST "$BASE/api/locators/$ENV/token" | sed -E 's/.*"token":"([^"]+)".*/\1/')
KEYURL=$(curl -sf "$BASE/$ENV/video.m3u8" | grep -m1 -o 'URI="[^"]*keydelivery[^"]*"' | sed -E 's/URI="([^"]+)"/\1/')
mkdir -p "$WORK/www"
curl -sf -H "Authorization: Bearer $TOKEN" "$KEYURL" -o "$WORK/www/key.bin"
[ "$(stat -c %s "$WORK/www/key.bin")" = 16 ] || { echo "bench: key delivery did not answer 16 bytes" >&2; exit 1; }

cat > "$WORK/nginx.conf" <<NGINX
worker_processes auto;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  server { listen 127.0.0.1:$NGINX; root $WORK/www; }
}
NGINX
nginx -c "$WORK/nginx.conf"
sleep 0.5

measure() { # url [header] -> req/s
  wrk -t2 -c"$CONNS" -d"${SECS}s" ${2:+-H "$2"} "$1" > "$WORK/wrk.out"
  if grep -q "Non-2xx" "$WORK/wrk.out"; then cat "$WORK/wrk.out" >&2; echo "bench: non-2xx answers from $1" >&2; return 1; fi
  awk '/Requests\/sec/ {print $2}' "$WORK/wrk.out"
}
lk=$(measure "$KEYURL" "Authorization: Bearer $TOKEN")
nk=$(measure "http://127.0.0.1:$NGINX/key.bin")
echo "key delivery livepipe (ES256 token checked per request, its signature remembered): $lk req/s   nginx (the 16 bytes, static): $nk req/s"
awk -v e="$lk" -v f="$nk" 'BEGIN { printf "ratio livepipe/nginx: keys=%.2f\n", e/f }'
