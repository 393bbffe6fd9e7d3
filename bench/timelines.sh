#!/usr/bin/env bash
# ArchiveStamp and manifest cost against the archive window (JMH, file store): a stamp into the
# chunked timeline and a media playlist served right after it, at 1 minute, 1 hour and 25 hours
# of window, beside the reference from the same run: the stamp as it was before chunks (read,
# parse, stamp and write the asset document holding the whole timeline).
source "$(dirname "$0")/jmh.sh"
jmh_run TimelineBenchmark
v() { jmh_score "TimelineBenchmark.$1" "$2"; }
printf '%-8s %10s %12s %24s %22s %16s\n' window segments "stamp ms" "stamp+playlist ms" "whole-document ms (ref)" "stamp/ref"
for w in PT1M PT1H PT25H; do
  secs=$(( $(sed -E 's/PT([0-9]+)([MH])/\1/' <<<"$w") * $( [[ $w == *H ]] && echo 3600 || echo 60 ) ))
  awk -v w="$w" -v n=$((secs / 2)) -v s="$(v stamp "$w")" -v p="$(v stampThenPlaylist "$w")" -v r="$(v wholeDocumentStamp "$w")" \
    'BEGIN { printf "%-8s %10d %12.3f %24.3f %22.3f %16.4f\n", w, n, s, p, r, s / r }'
done
