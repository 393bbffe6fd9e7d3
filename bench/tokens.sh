#!/usr/bin/env bash
# Playback token throughput (JMH): sign/s and verify/s for ES256 and HS256 through livepipe's
# issuer and verifier, each beside the raw JDK Signature/Mac over the same signing input, measured
# in the same run; the ratio is the cost of Nimbus, claims and checks above the crypto.
# Builds with the reactor into target/ (no mvn install: ~/.m2 may be shared).
source "$(dirname "$0")/jmh.sh"
jmh_run 'io.livepipe.token.bench.TokenBenchmark'
score() { jmh_score "TokenBenchmark.$1"; }
awk -v s="$(score signEs256)" -v v="$(score verifyEs256)" -v js="$(score jdkSignEs256)" -v jv="$(score jdkVerifyEs256)" \
    -v hs="$(score signHs256)" -v hv="$(score verifyHs256)" -v jh="$(score jdkHmacHs256)" 'BEGIN {
  printf "ES256 sign:   %9.0f tokens/s   JDK Signature reference %9.0f/s   ratio %.2f\n", s, js, s/js;
  printf "ES256 verify: %9.0f tokens/s   JDK Signature reference %9.0f/s   ratio %.2f\n", v, jv, v/jv;
  printf "HS256 sign:   %9.0f tokens/s   JDK Mac reference       %9.0f/s   ratio %.3f\n", hs, jh, hs/jh;
  printf "HS256 verify: %9.0f tokens/s   JDK Mac reference       %9.0f/s   ratio %.3f\n", hv, jh, hv/jh;
}'
