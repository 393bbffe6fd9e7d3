#!/usr/bin/env bash
# Fragmenter throughput (JMH): MB/s of samples through the CMAF fragmenter, and its ratio to
# copying the same bytes once, measured in the same run.
source "$(dirname "$0")/jmh.sh"
jmh_run FragmenterBenchmark
BYTES=$(java -cp "$CP" -XX:+UseSerialGC io.livepipe.media.cmaf.bench.PrintBytes)
frag=$(jmh_score FragmenterBenchmark.fragment)
copy=$(jmh_score FragmenterBenchmark.copyReference)
awk -v b="$BYTES" -v f="$frag" -v c="$copy" 'BEGIN {
  printf "fragmenter: %.1f ms per minute of 5 Mbit/s video + AAC (%.1f MB) = %.0f MB/s\n", f, b/1e6, b/1e6/(f/1000);
  printf "copy reference: %.1f ms = %.0f MB/s\n", c, b/1e6/(c/1000);
  printf "ratio fragmenter/copy throughput: %.2f\n", c/f;
}'
