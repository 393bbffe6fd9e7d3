#!/usr/bin/env bash
# Live-encoding overhead: the same FFmpeg ladder (Default720p on a 960x540 source: five rungs)
# run by FFmpeg alone from a file to files, and run through livepipe's LadderEncoder (stdin
# feeding, named pipes, FLV parsing, fragmenting, storing); wall time and CPU (user+sys,
# children included) of each and their ratio, in one run. livepipe's side is measured in a warm
# JVM (its third ladder run; the service is long-running, so start-up and JIT belong to no
# channel); the cold first run is printed beside it.
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${1:-10}
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
ffmpeg -hide_banner -loglevel error -f lavfi -i "testsrc2=size=960x540:rate=30" -f lavfi -i "sine=sample_rate=48000" \
  -t "$SECS" -c:v libx264 -preset veryfast -b:v 4000k -g 60 -c:a aac -f flv "$WORK/in.flv"
mvn -B -ntp -q -o -DskipTests install -pl shared,encoder -am >/dev/null
mvn -B -ntp -q -o dependency:build-classpath -pl encoder -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test >/dev/null
CP="encoder/target/test-classes:encoder/target/classes:$(cat "$WORK/cp.txt")"
mkdir -p "$WORK/alone" "$WORK/ours"
mapfile -t CMD < <(java -cp "$CP" io.livepipe.encoder.bench.LadderOverheadBench command "$WORK/in.flv" "$WORK/alone" 960 540)
/usr/bin/time -f "%e %U %S" -o "$WORK/alone.time" "${CMD[@]}" 2>/dev/null
java -cp "$CP" io.livepipe.encoder.bench.LadderOverheadBench livepipe "$WORK/in.flv" "$WORK/ours" > "$WORK/ours.out"
read -r aw au as < "$WORK/alone.time"
ac=$(echo "$au + $as" | bc)
ow=$(sed -nE 's/^wall_s=([0-9.]+).*/\1/p' "$WORK/ours.out")
oc=$(sed -nE 's/^wall_s=[0-9.]+ cpu_s=([0-9.]+).*/\1/p' "$WORK/ours.out")
echo "source: ${SECS}s 960x540 30 fps; ladder: $(ls "$WORK/alone" | wc -l) rungs, x264 ultrafast"
echo "ffmpeg alone: wall_s=$aw cpu_s=$ac"
echo "livepipe:     $(cat "$WORK/ours.out")"
awk -v aw="$aw" -v ac="$ac" -v ow="$ow" -v oc="$oc" \
  'BEGIN { printf "ratio livepipe/ffmpeg-alone: wall=%.2f cpu=%.2f\n", ow/aw, oc/ac }'
