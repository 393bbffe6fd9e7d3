#!/usr/bin/env bash
# Manifest generation for a 25-hour archive window (JMH): the HLS media playlist and the DASH
# MPD of 45,000 segments per rendition, beside reading the asset document they are made from
# (the reference: what every manifest request pays before writing a byte), in one run.
source "$(dirname "$0")/jmh.sh"
jmh_run ManifestBenchmark
v() { jmh_score "ManifestBenchmark.$1"; }
awk -v h="$(v hlsMediaPlaylist)" -v d="$(v dashMpd)" -v r="$(v readAssetDocument)" -v q="$(v hlsMediaPlaylistRequest)" 'BEGIN {
  printf "25-hour window, 45000 segments per rendition:\n";
  printf "  HLS media playlist: %.1f ms   DASH MPD (video+audio): %.1f ms   asset document read: %.1f ms\n", h, d, r;
  printf "  whole media playlist request, asset unchanged (parse reused by ETag): %.1f ms\n", q;
  printf "  ratio writer/document read: hls=%.2f dash=%.2f; request/(writer+read): %.2f\n", h/r, d/r, q/(h+r);
}'
