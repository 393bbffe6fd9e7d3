#!/usr/bin/env bash
# Ingest benchmark: N concurrent pass-through publishers (FFmpeg, -c copy, real time) against
# livepipe's RTMP server, then the same FFmpeg input over SRT against livepipe's SRT listener
# (libsrt), then against nginx with libnginx-mod-rtmp, in one run. Prints CPU seconds and RSS
# per channel for each and the ratios, and for livepipe the samples received against the
# packets FFmpeg sent (no drops means equal; SRT loses what its latency buffer holds at a close).
# Usage: bench/rtmp-ingest.sh [CHANNELS=50] [SECONDS=20]. Loopback only; bounded in time.
# INGEST_JAVA_OPTS adds options to livepipe's ingest JVM (e.g. a JFR recording for a profile:
# -XX:StartFlightRecording=filename=/tmp/ingest.jfr,settings=profile); INGEST_SRT=0 leaves the
# SRT run out (its line then reads 0). Each RTMP server (livepipe's and nginx-rtmp alike) is first
# warmed by the same N publishers for a third of SECONDS (at least 10 s), not counted, as
# bench/viewers.sh does: livepipe is a long-running JVM, and in a fresh one C2 compiling the ingest
# path and the heap's first touch landed in the measured window (docs/performance.md).
# INGEST_WARMUP=SECONDS sets that time; INGEST_WARMUP=0 measures a cold JVM as before.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-50}
SECS=${2:-20}
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

echo "bench: preparing a ${SECS}s H.264/AAC FLV (640x360, 1 Mbit/s)"
ffmpeg -hide_banner -loglevel error -f lavfi -i "testsrc2=size=640x360:rate=25" -f lavfi -i "sine=frequency=440:sample_rate=44100" \
  -t "$SECS" -c:v libx264 -preset veryfast -b:v 1000k -g 50 -c:a aac -b:a 96k -f flv "$WORK/in.flv"
EXPECTED=$(ffprobe -v error -count_packets -show_entries stream=nb_read_packets -of csv=p=0 "$WORK/in.flv" | paste -sd+ | bc)
echo "bench: each publisher sends $EXPECTED packets"

# Built in the reactor (nothing installed into ~/.m2): the encoder's classpath points at shared/target/classes.
mvn -B -ntp -q -o -DskipTests test-compile dependency:build-classpath -pl shared,encoder \
  -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test >/dev/null
CP="encoder/target/test-classes:encoder/target/classes:shared/target/classes:$(cat "$WORK/cp.txt")"

WARMUP=${INGEST_WARMUP:-$(( SECS / 3 > 10 ? SECS / 3 : 10 ))}
if [ "$WARMUP" != 0 ]; then ffmpeg -hide_banner -loglevel error -i "$WORK/in.flv" -t "$WARMUP" -c copy "$WORK/warm.flv"; fi
# The warm-up round, unmeasured: N publishers of the first WARMUP seconds (no-op when WARMUP is 0).
warmup() { # port
  [ "$WARMUP" = 0 ] && return 0
  local pids=()
  for i in $(seq 1 "$N"); do
    ffmpeg -hide_banner -loglevel error -re -i "$WORK/warm.flv" -c copy -f flv "rtmp://127.0.0.1:$1/live/warm$i" & pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || true; done
}

publishers() { # port [srt]
  local pids=()
  for i in $(seq 1 "$N"); do
    if [ "${2:-}" = srt ]; then
      ffmpeg -hide_banner -loglevel error -re -i "$WORK/in.flv" -c copy -f mpegts "srt://127.0.0.1:$1?streamid=key$i" &
    else
      ffmpeg -hide_banner -loglevel error -re -i "$WORK/in.flv" -c copy -f flv "rtmp://127.0.0.1:$1/live/key$i" &
    fi
    pids+=($!)
  done
  local failed=0
  for p in "${pids[@]}"; do wait "$p" || failed=$((failed+1)); done
  echo "$failed"
}

cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
rss_kb() { awk '/VmRSS/{print $2}' "/proc/$1/status"; }
sum_rss_kb() { local t=0; for p in "$@"; do t=$((t + $(rss_kb "$p"))); done; echo $t; }
sum_ticks() { local t=0; for p in "$@"; do t=$((t + $(cpu_ticks "$p"))); done; echo $t; }
HZ=$(getconf CLK_TCK)
# While every publisher runs: CPU ticks at a quarter and three quarters of the run (the steady
# window: past the JVM's warm-up and the connects, before the ends), RSS at the middle; with a
# control fd, "measure" asks the ingest JVM for its live heap at the middle too.
steady_window() { # pid name [control-fd]
  sleep $((SECS / 4)); cpu_ticks "$1" > "$WORK/steady0_$2"
  sleep $((SECS / 4)); rss_kb "$1" > "$WORK/rss_$2"; [ -n "${3:-}" ] && echo measure >&"$3"
  sleep $((SECS / 4)); cpu_ticks "$1" > "$WORK/steady1_$2"
}
steady_ms() { echo "scale=1; ($(cat "$WORK/steady1_$1") - $(cat "$WORK/steady0_$1")) * 1000 / $HZ / $N" | bc; }

# One livepipe run: RtmpIngestBench on PORT (RTMP; SRT through libsrt with a third argument, not
# warmed), the warm-up round first for RTMP, then N publishers. Sets the figures of NAME (OURS,
# SRT): CPU_, RSS_, IDLE_, WARMED_, WARM_, FAILED_ and LINE_ (the bench's own line).
livepipe_run() { # NAME port [srt]
  local name=$1 port=$2 proto=${3:-} lower pid w0 t0 t1 opts=${INGEST_JAVA_OPTS:-}
  lower=$(echo "$name" | tr 'A-Z' 'a-z')
  [ -n "$proto" ] && opts=
  mkfifo "$WORK/ctl_$lower"
  java -Xmx1g $opts -cp "$CP" io.livepipe.encoder.bench.RtmpIngestBench "$port" $proto < "$WORK/ctl_$lower" > "$WORK/$lower.out" &
  pid=$!
  exec 3> "$WORK/ctl_$lower"
  until grep -q ready "$WORK/$lower.out" 2>/dev/null; do sleep 0.2; done
  printf -v "IDLE_$name" %s "$(rss_kb $pid)"; w0=$(cpu_ticks $pid)
  if [ -z "$proto" ]; then
    warmup "$port"
    [ "$WARMUP" != 0 ] && echo reset >&3
  fi
  printf -v "WARMED_$name" %s "$(rss_kb $pid)"; t0=$(cpu_ticks $pid)
  printf -v "WARM_$name" %s "$(echo "scale=3; ($t0-$w0)/$HZ" | bc)"
  steady_window $pid "$lower" 3 &
  printf -v "FAILED_$name" %s "$(publishers "$port" $proto)"
  printf -v "RSS_$name" %s "$(cat "$WORK/rss_$lower")"
  t1=$(cpu_ticks $pid)
  echo done >&3; exec 3>&-
  wait $pid
  printf -v "LINE_$name" %s "$(grep sessions= "$WORK/$lower.out")"
  printf -v "CPU_$name" %s "$(echo "scale=3; ($t1-$t0)/$HZ" | bc)"
}

# livepipe
livepipe_run OURS 19351

# livepipe over SRT: the same input, the same sessions, libsrt's listener
if [ "${INGEST_SRT:-1}" != 0 ]; then
  livepipe_run SRT 19352 srt
else
  LINE_SRT=skipped; FAILED_SRT=0; CPU_SRT=0; RSS_SRT=0; IDLE_SRT=0
  echo 0 > "$WORK/steady0_srt"; echo 0 > "$WORK/steady1_srt"
fi

# nginx-rtmp
mkdir -p "$WORK/nginx/logs"
cat > "$WORK/nginx/nginx.conf" <<CONF
load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;
daemon off;
master_process off;
worker_processes 1;
error_log $WORK/nginx/logs/error.log warn;
pid $WORK/nginx/nginx.pid;
events { worker_connections 1024; }
rtmp { server { listen 127.0.0.1:19350; chunk_size 4096; application live { live on; record off; } } }
CONF
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" &
NPID=$!
sleep 1
IDLE_NGINX=$(rss_kb $NPID); W0=$(cpu_ticks $NPID)
warmup 19350
WARMED_NGINX=$(rss_kb $NPID)
N0=$(cpu_ticks $NPID); WARM_NGINX=$(echo "scale=3; ($N0-$W0)/$HZ" | bc)
steady_window $NPID nginx &
NFAILED=$(publishers 19350)
RSS_NGINX=$(cat "$WORK/rss_nginx")
N1=$(cpu_ticks $NPID)
kill $NPID; wait $NPID 2>/dev/null || true
CPU_NGINX=$(echo "scale=3; ($N1-$N0)/$HZ" | bc)

echo
echo "channels=$N seconds=$SECS expected_samples_per_session=$EXPECTED warmup_seconds=$WARMUP"
echo "livepipe: $LINE_OURS publishers_failed=$FAILED_OURS cpu_s=$CPU_OURS rss_mb_midway=$((RSS_OURS/1024)) warmup_cpu_s=$WARM_OURS"
echo "livepipe srt: $LINE_SRT publishers_failed=$FAILED_SRT cpu_s=$CPU_SRT rss_mb_midway=$((RSS_SRT/1024))"
echo "nginx-rtmp: publishers_failed=$NFAILED cpu_s=$CPU_NGINX rss_mb_midway=$((RSS_NGINX/1024)) warmup_cpu_s=$WARM_NGINX"
printf 'per channel: livepipe rtmp cpu_ms=%.1f rss_kb=%d | livepipe srt cpu_ms=%.1f rss_kb=%d | nginx-rtmp cpu_ms=%.1f rss_kb=%d\n' \
  "$(echo "$CPU_OURS*1000/$N" | bc -l)" $((RSS_OURS/N)) "$(echo "$CPU_SRT*1000/$N" | bc -l)" $((RSS_SRT/N)) \
  "$(echo "$CPU_NGINX*1000/$N" | bc -l)" $((RSS_NGINX/N))
# The same per channel without what a process costs with no channel at all: CPU over the steady
# half of the run, RSS above the process's own before the first publisher (a JVM's heap and code
# are paid once per process, not per channel).
printf 'per channel, steady: livepipe rtmp cpu_ms=%s rss_kb=%d | livepipe srt cpu_ms=%s rss_kb=%d | nginx-rtmp cpu_ms=%s rss_kb=%d\n' \
  "$(steady_ms ours)" $(((RSS_OURS-IDLE_OURS)/N)) "$(steady_ms srt)" $(((RSS_SRT-IDLE_SRT)/N)) \
  "$(steady_ms nginx)" $(((RSS_NGINX-IDLE_NGINX)/N))
# RSS at the middle above the process's own after the warm-up: what N more channels take in a
# process that has served channels before (its heap already grown, nginx's pools already taken).
printf 'per channel, rss above the warmed process: livepipe rtmp rss_kb=%d | nginx-rtmp rss_kb=%d\n' \
  $(((RSS_OURS-WARMED_OURS)/N)) $(((RSS_NGINX-WARMED_NGINX)/N))
printf 'ratio livepipe/nginx-rtmp, steady: cpu=%.2f rss_above_idle=%.2f\n' "$(echo "$(steady_ms ours)/$(steady_ms nginx)" | bc -l)" \
  "$(echo "($RSS_OURS-$IDLE_OURS)/($RSS_NGINX-$IDLE_NGINX)" | bc -l)"
printf 'ratio livepipe srt/rtmp: cpu=%.2f rss=%.2f\n' "$(echo "$CPU_SRT/$CPU_OURS" | bc -l)" "$(echo "$RSS_SRT/$RSS_OURS" | bc -l)"
printf 'ratio livepipe/nginx-rtmp: cpu=%.2f rss=%.2f\n' "$(echo "$CPU_OURS/$CPU_NGINX" | bc -l)" "$(echo "$RSS_OURS/$RSS_NGINX" | bc -l)"
