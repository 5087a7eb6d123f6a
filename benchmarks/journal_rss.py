#!/usr/bin/env python3
"""Resident memory of `cometbench serve` with a full journal under repeated concurrent reads.

Starts `cometbench serve` on a one-step scenario, fills the journal with ENTRIES requests that
each carry an `x-stainless-retry-count` header of HEADER_BYTES bytes, then runs READERS threads
that each GET /__admin/journal ROUNDS times, sampling the server's VmRSS every 5 ms. Prints the
RSS at start, after the fill, the peak while reading, and after reading, in MB (10^6 bytes).

Usage: journal_rss.py COMETBENCH [--entries N] [--header-bytes N] [--readers N] [--rounds N]
"""
import argparse
import http.client
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

SCENARIO = {
    "name": "journal-rss",
    "description": "one 200 for every request",
    "script": {"POST /v1/chat/completions": {"steps": [
        {"respond": {"status": 200, "body": {"object": "chat.completion", "choices": []}}}]}},
}
CHAT = json.dumps({"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "ping"}]})


def rss_kb(pid, field="VmRSS"):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"no {field} for pid {pid}")


def fill(host, port, count, header):
    conn = http.client.HTTPConnection(host, port, timeout=30)
    for _ in range(count):
        conn.request("POST", "/v1/chat/completions", CHAT,
                     {"Content-Type": "application/json", "x-stainless-retry-count": header})
        r = conn.getresponse()
        r.read()
        if r.status != 200:
            raise RuntimeError(f"fill: status {r.status}")
    conn.close()


def read_journal(host, port, rounds, sizes):
    conn = http.client.HTTPConnection(host, port, timeout=60)
    for _ in range(rounds):
        conn.request("GET", "/__admin/journal")
        r = conn.getresponse()
        body = r.read()
        if r.status != 200:
            raise RuntimeError(f"journal: status {r.status}")
        sizes.append(len(body))
    conn.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cometbench")
    ap.add_argument("--entries", type=int, default=10000)
    ap.add_argument("--header-bytes", type=int, default=1024)
    ap.add_argument("--readers", type=int, default=16)
    ap.add_argument("--rounds", type=int, default=10)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        fixture = os.path.join(tmp, "journal-rss.json")
        with open(fixture, "w") as f:
            json.dump(SCENARIO, f)
        serve = subprocess.Popen([args.cometbench, "serve", "--fixture", fixture],
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            first = serve.stdout.readline().strip()
            url = urllib.parse.urlparse(first.removeprefix("listening on "))
            host, port = url.hostname, url.port
            start = rss_kb(serve.pid)

            header = "7" * args.header_bytes
            writers = 4
            threads = [threading.Thread(target=fill, args=(host, port, args.entries // writers,
                                                           header)) for _ in range(writers)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            filled = rss_kb(serve.pid)

            peak = [filled]
            done = threading.Event()

            def sample():
                while not done.is_set():
                    peak[0] = max(peak[0], rss_kb(serve.pid))
                    time.sleep(0.005)

            sampler = threading.Thread(target=sample)
            sampler.start()
            sizes = []
            readers = [threading.Thread(target=read_journal, args=(host, port, args.rounds, sizes))
                       for _ in range(args.readers)]
            for t in readers:
                t.start()
            for t in readers:
                t.join()
            done.set()
            sampler.join()
            after = rss_kb(serve.pid)
            hwm = rss_kb(serve.pid, "VmHWM")
        finally:
            serve.terminate()
            serve.wait(timeout=10)

    mb = lambda kb: f"{kb * 1024 / 1e6:.1f}"
    print(f"entries={args.entries} header_bytes={args.header_bytes} readers={args.readers} "
          f"rounds={args.rounds} journal_bytes={max(sizes)}")
    print(f"rss_mb start={mb(start)} filled={mb(filled)} peak_reading={mb(max(peak[0], hwm))} "
          f"after_reading={mb(after)}")


if __name__ == "__main__":
    sys.exit(main())
