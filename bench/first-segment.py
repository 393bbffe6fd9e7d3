#!/usr/bin/env python3
"""Time to first segment: polls each live playlist URL every 10 ms, all at once (one thread
each), and prints per URL the milliseconds from START_NS (epoch nanoseconds, when the publisher
was started) until the playlist lists a media segment. A multivariant playlist is followed to its
first variant. Usage: first-segment.py START_NS URL... ; bounded at 30 s per URL."""
import re
import sys
import threading
import time
import urllib.request
from urllib.parse import urljoin

SEGMENT = re.compile(r"^[^#].*\.(m4s|ts|mp4)", re.M)


def poll(url, start_ns, out, i):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                body = r.read().decode("utf-8", "replace")
        except Exception:
            body = ""
        if "#EXT-X-STREAM-INF" in body:
            lines = body.splitlines()
            variant = lines[next(k for k, l in enumerate(lines) if l.startswith("#EXT-X-STREAM-INF")) + 1]
            url = urljoin(url, variant.strip())
            continue
        if SEGMENT.search(body):
            out[i] = (time.time_ns() - start_ns) // 1_000_000
            return
        time.sleep(0.01)


def main():
    start_ns, urls = int(sys.argv[1]), sys.argv[2:]
    out = [None] * len(urls)
    threads = [threading.Thread(target=poll, args=(u, start_ns, out, i)) for i, u in enumerate(urls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if None in out:
        sys.exit("bench: no segment listed within 30 s in " + " ".join(u for u, v in zip(urls, out) if v is None))
    print(" ".join(str(v) for v in out))


main()
