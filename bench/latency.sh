#!/usr/bin/env bash
# Glass-to-glass latency benchmark: LL-HLS and LL-DASH beside standard HLS, in the same run. One FFmpeg
# encode (a test pattern with the wall clock burnt in by drawtext, for eyes; x264 zerolatency,
# 2 s GOP) is published over RTMP to a pass-through channel with streamOptions ["LowLatency"],
# a program and a clear locator. Three headless Chromiums play it at the same time:
# /{locator}/ll/master.m3u8 with hls.js in low-latency mode, /{locator}/ll/manifest.mpd with
# shaka-player in low-latency mode, and /{locator}/master.m3u8 (the archive's standard HLS) with
# hls.js three segments behind (its default). Every 250 ms each samples the wall clock minus the
# time of the frame on screen — hls.playingDate (EXT-X-PROGRAM-DATE-TIME: when that frame reached
# livepipe), or for DASH availabilityStartTime + currentTime — and after a 10 s settling time the
# script prints median and p95 of each and the ratios. All three catch up at up to 1.5x when behind.
# FFmpeg's own encoding delay (before livepipe) is not in the figure; decoding and display are.
# Usage: bench/latency.sh [SECONDS=60]. Loopback only; bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-60}
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT
source bench/platform.sh
platform_start
platform_channel latency '"streamOptions":["LowLatency"]'

ffmpeg -hide_banner -loglevel error -re -f lavfi -i "testsrc2=size=426x240:rate=30" -f lavfi -i "sine=frequency=440:sample_rate=48000" \
  -vf "drawtext=text='%{localtime\:%H\\\\\:%M\\\\\:%S}':x=10:y=10:fontsize=32:fontcolor=white:box=1:boxcolor=black" \
  -t $((SECS + 60)) -c:v libx264 -preset veryfast -tune zerolatency -g 60 -b:v 800k -c:a aac -f flv "rtmp://127.0.0.1:$RTMP/live/$KEY" &
for _ in $(seq 1 150); do curl -sf "$BASE/$LOC/ll/video.m3u8" >/dev/null && curl -sf "$BASE/$LOC/video.m3u8" 2>/dev/null | grep -q EXTINF && break; sleep 0.2; done
sleep 4

node tests/src/test/js/latency.mjs "$BASE" "$BASE/$LOC/ll/master.m3u8" "$SECS" true > "$WORK/ll.json" &
LLP=$!
node tests/src/test/js/latency.mjs "$BASE" "$BASE/$LOC/master.m3u8" "$SECS" false > "$WORK/hls.json" &
HLSP=$!
node tests/src/test/js/latency.mjs "$BASE" "$BASE/$LOC/ll/manifest.mpd" "$SECS" dash > "$WORK/dash.json" &
DASHP=$!
wait $LLP $HLSP $DASHP

node -e '
const fs = require("fs");
const stats = f => {
  const r = JSON.parse(fs.readFileSync(f, "utf8").trim().split("\n").pop());
  const s = r.samples.slice(40).sort((a, b) => a - b);
  if (!s.length) return { n: 0, errors: r.errors };
  return { n: s.length, median: s[Math.floor(s.length / 2)], p95: s[Math.ceil(s.length * 0.95) - 1], parts: r.parts, errors: r.errors };
};
const ll = stats(process.argv[1]), hls = stats(process.argv[2]), dash = stats(process.argv[3]);
const f = ms => (ms / 1000).toFixed(2) + " s";
console.log(`LL-HLS (hls.js lowLatencyMode):   median ${f(ll.median)}  p95 ${f(ll.p95)}  samples ${ll.n}  parts ${ll.parts}  errors ${ll.errors.length}`);
console.log(`LL-DASH (shaka lowLatencyMode):    median ${f(dash.median)}  p95 ${f(dash.p95)}  samples ${dash.n}  errors ${dash.errors.length}`);
console.log(`standard HLS (hls.js, 3 segments): median ${f(hls.median)}  p95 ${f(hls.p95)}  samples ${hls.n}  errors ${hls.errors.length}`);
console.log(`ratio standard HLS / LL-HLS median: ${(hls.median / ll.median).toFixed(2)}, / LL-DASH: ${(hls.median / dash.median).toFixed(2)}   goal: LL median <= 2.00 s`);
for (const [name, r] of [["LL-HLS", ll], ["LL-DASH", dash], ["HLS", hls]]) if (r.errors.length) console.log(`${name} player errors: ${r.errors.join(", ")}`);
console.log(`load average while measuring: ${require("os").loadavg().map(x => x.toFixed(1)).join(" ")} on ${require("os").cpus().length} cores`);
' "$WORK/ll.json" "$WORK/hls.json" "$WORK/dash.json"
