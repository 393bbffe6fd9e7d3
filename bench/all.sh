#!/usr/bin/env bash
# Every benchmark of issue 18's table, one after the other, each beside its reference from the
# same run, then one table: figure, livepipe, reference, ratio, goal. Each script's whole output
# is kept in .livepipe/bench/NAME.log. About 15 minutes on a 2-core machine.
# Usage: bench/all.sh [VIEWERS=1000] [VIEWER_SECONDS=60] [CHANNELS=50] [INGEST_SECONDS=20]
set -uo pipefail
cd "$(dirname "$0")/.."
VIEWERS=${1:-1000}; VSECS=${2:-60}; CHANNELS=${3:-50}; ISECS=${4:-20}
OUT=.livepipe/bench
mkdir -p "$OUT"

run() { # name script args...
  local name=$1; shift
  echo "bench: $name ($*)" >&2
  if ! "$@" > "$OUT/$name.log" 2>&1; then echo "bench: $name failed (log: $OUT/$name.log)" >&2; tail -5 "$OUT/$name.log" >&2; fi
}
run ingest bench/rtmp-ingest.sh "$CHANNELS" "$ISECS"
run endpoint bench/streaming-endpoint.sh 10 32
run viewers bench/viewers.sh "$VIEWERS" "$VSECS"
run encryption bench/encryption.sh
run ladder bench/ladder-overhead.sh 10

# kv LOG LINE-PATTERN KEY: the number after KEY= on the first line matching the pattern
kv() { grep -m1 -E "$2" "$OUT/$1.log" 2>/dev/null | sed -nE "s/.*[ :]$3=([0-9.]+).*/\1/p"; }
row() { # figure ours reference ratio goal
  printf '| %-52s | %14s | %14s | %6s | %-10s |\n' "$1" "${2:--}" "${3:--}" "${4:--}" "$5"
}
ratio() { [ -n "$1" ] && [ -n "$2" ] && awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b }'; }

echo
printf '| %-52s | %14s | %14s | %6s | %-10s |\n' figure livepipe reference ratio goal
printf '|%s|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..54})" "$(printf -- '-%.0s' {1..16})" "$(printf -- '-%.0s' {1..16})" "--------" "------------"
ingest() { grep -m1 '^per channel, steady:' "$OUT/ingest.log" 2>/dev/null | sed -nE "s/.*$1 cpu_ms=([0-9.]+) rss_kb=(-?[0-9]+).*/\\$2/p"; }
row "RTMP pass-through CPU ms per channel (steady) vs nginx-rtmp" "$(ingest 'livepipe rtmp' 1)" "$(ingest nginx-rtmp 1)" \
    "$(ratio "$(ingest 'livepipe rtmp' 1)" "$(ingest nginx-rtmp 1)")" "<= 1.5"
row "RTMP pass-through RSS KB per channel above idle vs nginx-rtmp" "$(ingest 'livepipe rtmp' 2)" "$(ingest nginx-rtmp 2)" \
    "$(ratio "$(ingest 'livepipe rtmp' 2)" "$(ingest nginx-rtmp 2)")" "<= 4096 KB"
for f in segments manifests; do
  o=$(grep -m1 "^$f " "$OUT/endpoint.log" 2>/dev/null | sed -nE 's/.*livepipe: ([0-9.]+) req\/s.*/\1/p')
  n=$(grep -m1 "^$f " "$OUT/endpoint.log" 2>/dev/null | sed -nE 's/.*nginx[^:]*: ([0-9.]+) req\/s.*/\1/p')
  row "$f req/s vs nginx (static copy)" "$o" "$n" "$(ratio "$o" "$n")" ">= 1.0"
done
o=$(grep -m1 "^key delivery" "$OUT/endpoint.log" 2>/dev/null | sed -nE 's/.*remembered\): ([0-9.]+) req\/s.*/\1/p')
n=$(grep -m1 "^key delivery" "$OUT/endpoint.log" 2>/dev/null | sed -nE 's/.*static\): ([0-9.]+) req\/s.*/\1/p')
row "HLS key delivery with a token req/s vs nginx (16 bytes)" "$o" "$n" "$(ratio "$o" "$n")" ">= 0.5"
o=$(grep -m1 '^cenc in CPU time:' "$OUT/encryption.log" 2>/dev/null | sed -nE 's/.*segment = ([0-9.]+) MB\/s;.*/\1/p')
n=$(grep -m1 '^cenc in CPU time:' "$OUT/encryption.log" 2>/dev/null | sed -nE 's/.*per CPU second: ([0-9.]+) MB\/s.*/\1/p')
row "on-the-fly cenc MB/s per CPU second vs openssl aes-128-ctr" "$o" "$n" "$(ratio "$o" "$n")" ">= 0.8"
for k in wall cpu; do
  o=$(grep -m1 '^livepipe:' "$OUT/ladder.log" 2>/dev/null | sed -nE "s/.*[: ]${k}_s=([0-9.]+) .*cold_.*/\1/p")
  n=$(grep -m1 '^ffmpeg alone:' "$OUT/ladder.log" 2>/dev/null | sed -nE "s/.*${k}_s=([0-9.]+).*/\1/p")
  row "live ladder $k s (warm JVM) vs the same FFmpeg alone" "$o" "$n" "$(ratio "$o" "$n")" "<= 1.05"
done
# encode mode per channel: the ladder's CPU over the clip's length = cores one live channel takes
src=$(grep -m1 '^source:' "$OUT/ladder.log" 2>/dev/null | sed -nE 's/^source: ([0-9.]+)s.*/\1/p')
o=$(grep -m1 '^livepipe:' "$OUT/ladder.log" 2>/dev/null | sed -nE 's/.*[: ]cpu_s=([0-9.]+) .*cold_.*/\1/p')
n=$(grep -m1 '^ffmpeg alone:' "$OUT/ladder.log" 2>/dev/null | sed -nE 's/.*cpu_s=([0-9.]+).*/\1/p')
row "encode mode: cores per live channel (5 rungs, 540p30)" "$(ratio "$o" "$src")" "$(ratio "$n" "$src")" "$(ratio "$o" "$n")" "<= 1.05"
o=$(kv viewers '^livepipe \(' segment_p99_ms); n=$(kv viewers '^nginx \(' segment_p99_ms)
row "$VIEWERS live viewers: segment fetch p99 ms vs nginx" "$o" "$n" "$(ratio "$o" "$n")" "< 1000 ms"
o=$(kv viewers '^livepipe \(' errors); n=$(kv viewers '^nginx \(' errors)
row "$VIEWERS live viewers: errors" "$o" "$n" "" "0"
o=$(grep -m1 '^time to first segment' "$OUT/viewers.log" 2>/dev/null | sed -nE 's/.*livepipe ([0-9]+) ms.*/\1/p')
n=$(grep -m1 '^time to first segment' "$OUT/viewers.log" 2>/dev/null | sed -nE 's/.*hls ([0-9]+) ms.*/\1/p')
row "time to first segment after publish ms vs nginx-rtmp" "$o" "$n" "$(ratio "$o" "$n")" "<= 1.0"
