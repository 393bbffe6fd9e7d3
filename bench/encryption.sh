#!/usr/bin/env bash
# On-the-fly segment encryption throughput (JMH): MB/s of a 2 s, 4 Mbit/s CMAF video fragment
# through cenc and cbcs encryption, each as a ratio to OpenSSL's EVP cipher speed at 16384-byte
# blocks (aes-128-ctr for cenc, aes-128-cbc for cbcs) measured in the same run on this machine.
# Both sides are counted in plaintext bytes processed per second: for cbcs, livepipe's figure is
# segment bytes (of which the 1:9 pattern encrypts about a tenth) against OpenSSL encrypting
# every byte — what a viewer's segment costs, not AES work alone. cenc is also measured in CPU
# time of the encrypting thread against openssl's CPU-time figure (the view a loaded machine does
# not skew; bench/all.sh reports it), beside the JDK's AES-CTR alone over as many bytes (the
# ceiling) and the same cenc into a new array (what the Functions path still does). What is
# measured is what the zero-copy hosts run: each segment encrypted in the array it was read into
# (CmafEncryption.encryptSegmentInPlace), the read itself not counted. Goals: cenc >= 0.8 (CPU
# time), cbcs >= 0.7.
source "$(dirname "$0")/jmh.sh"
jmh_run EncryptionBenchmark
BYTES=$(java -cp "$CP" -XX:+UseSerialGC io.livepipe.media.cenc.bench.EncryptionBenchmark)
# openssl speed prints rates in 1000s of bytes per second; the last column is 16384-byte blocks.
# -elapsed: wall-clock time, as JMH measures; by default openssl divides by its user CPU time,
# which on a busy machine makes the reference several times faster than any wall-clock figure.
ossl() { openssl speed -elapsed -seconds 3 -evp "$1" 2>/dev/null | awk -v c="$1" 'toupper($1) == toupper(c) { v = $NF; sub(/k$/, "", v); print v * 1000 }'; }
CTR=$(ossl aes-128-ctr)
CBC=$(ossl aes-128-cbc)
# The same cenc work in CPU time of the encrypting thread, against openssl's default divisor
# (its user CPU time): the pair other load on a shared machine does not skew.
CENC_CPU=$(java -cp "$CP" -XX:+UseSerialGC io.livepipe.media.cenc.bench.EncryptionBenchmark cpu)
JDK_CPU=$(java -cp "$CP" -XX:+UseSerialGC io.livepipe.media.cenc.bench.EncryptionBenchmark cpu-jdk)
COPY_CPU=$(java -cp "$CP" -XX:+UseSerialGC io.livepipe.media.cenc.bench.EncryptionBenchmark cpu-copy)
CTR_CPU=$(openssl speed -seconds 3 -evp aes-128-ctr 2>/dev/null | awk 'toupper($1) == "AES-128-CTR" { v = $NF; sub(/k$/, "", v); print v * 1000 }')
cenc=$(jmh_score EncryptionBenchmark.cenc)
cbcs=$(jmh_score EncryptionBenchmark.cbcs)
awk -v b="$BYTES" -v e="$cenc" -v s="$cbcs" -v ctr="$CTR" -v cbc="$CBC" -v ec="$CENC_CPU" -v jc="$JDK_CPU" -v ctrc="$CTR_CPU" -v cc="$COPY_CPU" 'BEGIN {
  ce = b / (e / 1e6); cs = b / (s / 1e6);
  printf "segment: %.2f MB (2 s of 4 Mbit/s H.264, 50 samples, 151 NAL units)\n", b / 1e6;
  printf "cenc: %.0f us per segment = %.0f MB/s of segment bytes; openssl aes-128-ctr (16384-byte blocks): %.0f MB/s; ratio %.2f (goal >= 0.5)\n", e, ce / 1e6, ctr / 1e6, ce / ctr;
  printf "cenc in CPU time: %.0f us CPU per segment = %.0f MB/s; openssl aes-128-ctr per CPU second: %.0f MB/s; ratio %.2f (goal >= 0.8); the JDK'"'"'s AES-CTR alone, one call over as many bytes: %.0f MB/s, ratio %.2f\n", ec, b / ec, ctrc / 1e6, (b / (ec / 1e6)) / ctrc, b / jc, (b / (jc / 1e6)) / ctrc;
  printf "cenc into a new array (the Functions path): %.0f us CPU per segment, ratio %.2f\n", cc, (b / (cc / 1e6)) / ctrc;
  printf "cbcs: %.0f us per segment = %.0f MB/s of segment (plaintext) bytes; openssl aes-128-cbc (16384-byte blocks, every byte encrypted): %.0f MB/s; ratio %.2f (goal >= 0.7)\n", s, cs / 1e6, cbc / 1e6, cs / cbc;
}'
