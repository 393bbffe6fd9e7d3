# Sourced by the JMH benchmark scripts: builds the shared module's test classes with the reactor
# into target/ (never mvn install: ~/.m2 may be shared with other builds), then
#   jmh_run PATTERN [JMH ARGS]   runs the benchmarks matching PATTERN into $WORK/r.csv
#   jmh_score BENCH [PARAM]      prints the score of TheBenchmark.method BENCH (for PARAM's run)
# and $CP, the classpath, for helpers the script runs itself.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
mvn -B -ntp -q -o -DskipTests test-compile -pl shared >/dev/null
mvn -B -ntp -q -o dependency:build-classpath -pl shared -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test >/dev/null
CP="shared/target/test-classes:shared/target/classes:$(cat "$WORK/cp.txt")"

jmh_run() {
  # Other worktrees may run JMH at the same time on this machine; its lock file is global.
  java -Djmh.ignoreLock=true -cp "$CP" org.openjdk.jmh.Main "$@" -rf csv -rff "$WORK/r.csv" > "$WORK/jmh.log" 2>&1 \
    || { tail -20 "$WORK/jmh.log"; exit 1; }
  grep -q '",' "$WORK/r.csv" 2>/dev/null && [ "$(wc -l < "$WORK/r.csv")" -gt 1 ] \
    || { grep -B2 -A8 -m3 Exception "$WORK/jmh.log"; echo "no benchmark ran (log above)" >&2; exit 1; }
}

jmh_score() {
  tr -d '\r' < "$WORK/r.csv" | grep "$1\"" | { if [ $# -gt 1 ]; then grep -E ",\"?$2\"?\$"; else cat; fi; } | cut -d, -f5 | head -1
}
