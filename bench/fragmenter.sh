#!/usr/bin/env bash
# Fragmenter throughput (JMH): MB/s of samples through the CMAF fragmenter, and its ratio to
# copying the same bytes once, measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
mvn -B -ntp -q -o -DskipTests install -pl shared >/dev/null
mvn -B -ntp -q -o dependency:build-classpath -pl shared -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test >/dev/null
CP="shared/target/test-classes:shared/target/classes:$(cat "$WORK/cp.txt")"
java -cp "$CP" org.openjdk.jmh.Main FragmenterBenchmark -rf csv -rff "$WORK/r.csv" > "$WORK/jmh.log" || { tail -20 "$WORK/jmh.log"; exit 1; }
BYTES=$(java -cp "$CP" -XX:+UseSerialGC io.livepipe.media.cmaf.bench.PrintBytes)
frag=$(grep "FragmenterBenchmark.fragment\"" "$WORK/r.csv" | cut -d, -f5)
copy=$(grep "FragmenterBenchmark.copyReference\"" "$WORK/r.csv" | cut -d, -f5)
awk -v b="$BYTES" -v f="$frag" -v c="$copy" 'BEGIN {
  printf "fragmenter: %.1f ms per minute of 5 Mbit/s video + AAC (%.1f MB) = %.0f MB/s\n", f, b/1e6, b/1e6/(f/1000);
  printf "copy reference: %.1f ms = %.0f MB/s\n", c, b/1e6/(c/1000);
  printf "ratio fragmenter/copy throughput: %.2f\n", c/f;
}'
