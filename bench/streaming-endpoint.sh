#!/usr/bin/env bash
# Streaming endpoint benchmark: the local platform serving a recorded asset (segments through a
# locator, and its media playlist, derived on each request) and HLS AES-128 key delivery (a
# token checked per request) against nginx serving the same bytes as static files, with wrk,
# in one run. Prints requests/s and MB/s of each and the ratios.
# Usage: bench/streaming-endpoint.sh [SECONDS=10] [CONNECTIONS=32] [keys]. Loopback only; bounded in
# time. With "keys", the key delivery part alone (its two lines of output).
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-10}
CONNS=${2:-32}
PARTS=${3:-all}
WORK=$(mktemp -d)
chmod 755 "$WORK"  # nginx workers read the static copy
trap 'kill $(jobs -p) 2>/dev/null || true; [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null; rm -rf "$WORK"' EXIT
source bench/platform.sh
NGINX=$(free_port)
platform_start
platform_channel bench
echo "bench: recording 12 s of a 3 Mbit/s 720p test pattern"
ffmpeg -hide_banner -loglevel error -re -f lavfi -i "testsrc2=size=1280x720:rate=30" -f lavfi -i "sine=sample_rate=48000" -t 12 \
  -c:v libx264 -preset ultrafast -b:v 3000k -g 60 -c:a aac -f flv "rtmp://127.0.0.1:$RTMP/live/$KEY"
sleep 1
api -X POST "http://127.0.0.1:$HTTP/api/channels/bench/programs/p/stop" >/dev/null
BASE="http://127.0.0.1:$HTTP/$LOC"
api -X POST "http://127.0.0.1:$HTTP/api/contentkeypolicies" -d '{"name":"bench","restriction":"token","issuer":"livepipe","audience":"livepipe-playback"}' >/dev/null
ENV=$(api -X POST "http://127.0.0.1:$HTTP/api/locators" -d '{"assetName":"bench-p","streamingPolicy":"envelope","contentKeyPolicyName":"bench"}' | sed -E 's/.*"id":"([0-9a-f]+)".*/\1/')
TOKEN=$(api -X POST "http://127.0.0.1:$HTTP/api/locators/$ENV/token" | sed -E 's/.*"token":"([^"]+)".*/\1/')
KEYURL=$(curl -sf "http://127.0.0.1:$HTTP/$ENV/video.m3u8" | grep -m1 -o 'URI="[^"]*keydelivery[^"]*"' | sed -E 's/URI="([^"]+)"/\1/')
SEG=$(curl -sf "$BASE/video.m3u8" | grep '\.m4s$' | sed -n 2p)
mkdir -p "$WORK/www/$(dirname "$SEG")"
curl -sf "$BASE/$SEG" -o "$WORK/www/$SEG"
curl -sf "$BASE/video.m3u8" -o "$WORK/www/video.m3u8"
curl -sf -H "Authorization: Bearer $TOKEN" "$KEYURL" -o "$WORK/www/key.bin"
[ "$(stat -c %s "$WORK/www/key.bin")" = 16 ] || { echo "bench: key delivery did not answer 16 bytes" >&2; exit 1; }
echo "bench: segment $(stat -c %s "$WORK/www/$SEG") bytes, media playlist $(stat -c %s "$WORK/www/video.m3u8") bytes"

cat > "$WORK/nginx.conf" <<NGINX
worker_processes auto;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  types { application/vnd.apple.mpegurl m3u8; video/mp4 m4s; }
  server { listen 127.0.0.1:$NGINX; root $WORK/www; }
}
NGINX
nginx -c "$WORK/nginx.conf"
sleep 0.5

measure() { # url [header] -> "req/s MB/s"
  wrk -t2 -c"$CONNS" -d"${SECS}s" ${2:+-H "$2"} "$1" > "$WORK/wrk.out"
  if grep -q "Non-2xx" "$WORK/wrk.out"; then cat "$WORK/wrk.out" >&2; echo "bench: non-2xx answers from $1" >&2; return 1; fi
  local rps mbs
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.out")
  mbs=$(awk '/Transfer\/sec/ {v=$2; if (v ~ /GB/) {sub("GB","",v); v*=1024} else if (v ~ /MB/) sub("MB","",v); else if (v ~ /KB/) {sub("KB","",v); v/=1024}; print v}' "$WORK/wrk.out")
  echo "$rps $mbs"
}
keys() {
  R=$(measure "$KEYURL" "Authorization: Bearer $TOKEN"); read -r lk lkm <<<"$R"
  R=$(measure "http://127.0.0.1:$NGINX/key.bin"); read -r nk nkm <<<"$R"
  KEYS="key delivery livepipe (ES256 token checked per request, its signature remembered): $lk req/s   nginx (the 16 bytes, static): $nk req/s"
}
if [ "$PARTS" = keys ]; then
  keys; echo "$KEYS"
  awk -v e="$lk" -v f="$nk" 'BEGIN { printf "ratio livepipe/nginx: keys=%.2f\n", e/f }'
  exit 0
fi
R=$(measure "$BASE/$SEG"); read -r ls lsm <<<"$R"
R=$(measure "http://127.0.0.1:$NGINX/$SEG"); read -r ns nsm <<<"$R"
R=$(measure "$BASE/video.m3u8"); read -r lm lmm <<<"$R"
R=$(measure "http://127.0.0.1:$NGINX/video.m3u8"); read -r nm nmm <<<"$R"
keys
echo "segments     livepipe: $ls req/s $lsm MB/s   nginx: $ns req/s $nsm MB/s"
echo "manifests    livepipe: $lm req/s   nginx (same playlist, static): $nm req/s"
echo "$KEYS"
awk -v a="$ls" -v b="$ns" -v c="$lm" -v d="$nm" -v e="$lk" -v f="$nk" 'BEGIN { printf "ratio livepipe/nginx: segments=%.2f manifests=%.2f keys=%.2f\n", a/b, c/d, e/f }'
