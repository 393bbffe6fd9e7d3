# Sourced by the benchmarks that run the local platform (after they set WORK, a fresh folder):
#   free_port                         a free loopback TCP port
#   platform_start                    builds the local platform in the reactor (nothing installed),
#                                     starts it on free ports with its data in $WORK/data and waits
#                                     for /api/health; sets HTTP, RTMP, BASE and PLATFORM (its pid);
#                                     $BENCH_JAVA_OPTS go to its JVM (a profiler, say)
#   api CURL-ARGS...                  curl with the bench function key
#   platform_channel NAME [JSON]      creates and starts channel NAME (2 s key frames, more fields in
#                                     JSON), records it into asset NAME-p and publishes that on a
#                                     clear locator; sets KEY (the stream key) and LOC (the locator)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

platform_start() {
  HTTP=$(free_port); RTMP=$(free_port)
  mvn -B -ntp -q -o -DskipTests package -pl local -am >/dev/null
  export LIVEPIPE_DATA_DIR="$WORK/data" LIVEPIPE_HTTP_PORT=$HTTP LIVEPIPE_RTMP_PORT=$RTMP LIVEPIPE_FUNCTION_KEY=bench-function-key-0001
  export LIVEPIPE_RTMPS_PORT=$(free_port) LIVEPIPE_SRT_PORT=off
  # shellcheck disable=SC2086
  java ${BENCH_JAVA_OPTS:-} -cp "local/target/classes:local/target/lib/*" io.livepipe.local.LocalMain --settings "$WORK/none.json" \
    > "$WORK/platform.log" 2>&1 &
  PLATFORM=$!
  BASE="http://127.0.0.1:$HTTP"
  for _ in $(seq 1 600); do curl -sf "$BASE/api/health" >/dev/null && return; sleep 0.3; done
  echo "bench: the platform did not start; $WORK/platform.log:" >&2; tail -20 "$WORK/platform.log" >&2; exit 1
}

api() { curl -sf -H "x-functions-key: bench-function-key-0001" -H "Content-Type: application/json" "$@"; }

platform_channel() { # name [extra json fields]
  KEY=$(api -X POST "$BASE/api/channels" -d "{\"name\":\"$1\",\"keyFrameInterval\":\"PT2S\"${2:+,$2}}" | sed -E 's/.*"streamKey":"([^"]+)".*/\1/')
  api -X POST "$BASE/api/channels/$1/start" >/dev/null
  api -X POST "$BASE/api/channels/$1/programs" -d "{\"name\":\"p\",\"assetName\":\"$1-p\",\"archiveWindow\":\"PT10M\"}" >/dev/null
  LOC=$(api -X POST "$BASE/api/locators" -d "{\"assetName\":\"$1-p\"}" | sed -E 's/.*"id":"([0-9a-f]+)".*/\1/')
}
