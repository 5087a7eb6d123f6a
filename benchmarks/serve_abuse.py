#!/usr/bin/env python3
"""Abuse `cometbench serve` the way a shared CI service gets abused and measure what a
well-behaved client sees meanwhile (docs/serve.md, "Limits").

Each case starts its own `cometbench serve` (a free port, read from its first stdout line),
opens the abusive connections, then times a fresh chat request and an admin request:

  slow-headers  N connections each sending one header byte per second
  idle          N connections that connect and send nothing
  held          N requests held by a `timeout` step
  mixed         all three at once
  big-body      one POST announcing and sending BYTES of body: the status seen and the
                server's peak RSS (VmHWM)
  big-headers   one request with BYTES of headers: the status seen

    benchmarks/serve_abuse.py --bin build/bin/cometbench [--case all] [--count N]

Numbers are wall-clock seconds; a request that got no answer within --cap seconds is reported
as such. Prints one line per measurement; exits 0 (it measures, it does not judge).
"""
import argparse
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHAT_BODY = b'{"model":"gpt-4o-mini","messages":[{"role":"user","content":"ping"}]}'


def fixture(steps):
    return {
        "name": "abuse",
        "description": "benchmarks/serve_abuse.py",
        "api_key": "test-key-123",
        "script": {"POST /v1/chat/completions": {"steps": steps}},
        "client": {},
    }


# The fixture is written to a temporary folder with a copy of this body beside it ($refs are
# relative to the fixture's own folder).
OK_BODY = os.path.join(REPO, "fixtures/responses/chat_completion.json")
OK_STEP = {"respond": {"status": 200, "body": {"$ref": "chat_completion.json"}}}


class Server:
    def __init__(self, binary, steps, extra):
        self.dir = tempfile.mkdtemp(prefix="cometbench-abuse-")
        path = os.path.join(self.dir, "abuse.json")
        shutil.copy(OK_BODY, self.dir)
        with open(path, "w") as f:
            json.dump(fixture(steps), f)
        self.proc = subprocess.Popen([binary, "serve", "--fixture", path] + extra,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        line = self.proc.stdout.readline().decode()
        if not line:
            sys.exit("cometbench serve did not start: " + self.proc.stderr.read().decode())
        url = line.split()[-1]
        self.host, port = url.split("//")[1].rsplit(":", 1)
        self.port = int(port)

    def rss_peak_mb(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        return -1

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


def connect(server):
    s = socket.create_connection((server.host, server.port), timeout=30)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def chat_request(extra=b""):
    return (b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n"
            b"Authorization: Bearer test-key-123\r\nContent-Type: application/json\r\n"
            b"Content-Length: " + str(len(CHAT_BODY)).encode() + b"\r\n" + extra + b"\r\n" +
            CHAT_BODY)


def timed(server, request, cap):
    """Seconds until the status line of the answer arrives, or None after `cap`."""
    start = time.monotonic()
    try:
        s = socket.create_connection((server.host, server.port), timeout=cap)
        s.settimeout(max(0.01, cap - (time.monotonic() - start)))
        s.sendall(request)
        data = s.recv(64)
        s.close()
        if not data:
            return None, "closed"
        return time.monotonic() - start, data.split(b"\r\n")[0].decode(errors="replace")
    except (socket.timeout, OSError) as e:
        return None, type(e).__name__


def report(case, what, result, cap):
    seconds, detail = result
    shown = f"{seconds:.3f} s" if seconds is not None else f"no answer within {cap} s"
    print(f"{case:13} {what:28} {shown:24} {detail}", flush=True)


def probe(case, server, cap):
    report(case, "fresh chat request", timed(server, chat_request(), cap), cap)
    admin = b"GET /__admin/journal HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    report(case, "admin GET /__admin/journal", timed(server, admin, cap), cap)


class SlowSenders:
    """Connections that send a request head one byte a second, forever."""

    def __init__(self, server, count):
        self.stop = threading.Event()
        self.socks = [connect(server) for _ in range(count)]
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        head = b"POST /v1/chat/completions HTTP/1.1\r\nX-Slow: " + b"a" * 100000
        i = 0
        while not self.stop.is_set():
            for s in self.socks:
                try:
                    s.send(head[i:i + 1])
                except OSError:
                    pass
            i += 1
            self.stop.wait(1.0)

    def close(self):
        self.stop.set()
        self.thread.join()
        for s in self.socks:
            s.close()


def held(server, count):
    socks = []
    for _ in range(count):
        s = connect(server)
        s.sendall(chat_request())
        socks.append(s)
    return socks


def run_case(args, case):
    cap = args.cap
    steps = [{"timeout": {}}, OK_STEP] if case in ("held", "mixed") else [OK_STEP]
    if case in ("held", "mixed"):
        steps = [{"timeout": {}}] * args.count + [OK_STEP]
    server = Server(args.bin, steps, args.serve_arg)
    try:
        if case == "slow-headers":
            slow = SlowSenders(server, args.count)
            time.sleep(1.5)
            probe(case, server, cap)
            slow.close()
        elif case == "idle":
            socks = [connect(server) for _ in range(args.idle)]
            time.sleep(0.5)
            probe(case, server, cap)
            for s in socks:
                s.close()
        elif case == "held":
            socks = held(server, args.count)
            time.sleep(1.0)
            probe(case, server, cap)
            for s in socks:
                s.close()
        elif case == "mixed":
            socks = held(server, args.count)
            slow = SlowSenders(server, args.count)
            idle = [connect(server) for _ in range(args.idle)]
            time.sleep(1.5)
            probe(case, server, cap)
            slow.close()
            for s in socks + idle:
                s.close()
        elif case == "big-body":
            size = args.body_bytes
            s = connect(server)
            head = (b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n"
                    b"Authorization: Bearer test-key-123\r\nContent-Type: application/json\r\n"
                    b"Content-Length: " + str(size).encode() + b"\r\n\r\n")
            s.sendall(head)
            # A valid chat body whose one message fills the size, as a client uploading a huge
            # prompt would send.
            prefix = b'{"model":"gpt-4o-mini","messages":[{"role":"user","content":"'
            suffix = b'"}]}'
            chunk = b"x" * (1 << 20)
            sent, status = 0, "no answer"
            s.settimeout(cap)
            try:
                sent += s.send(prefix)
                while sent < size - len(suffix):
                    sent += s.send(chunk[:min(len(chunk), size - len(suffix) - sent)])
                s.sendall(suffix)
                sent += len(suffix)
                data = s.recv(64)
                status = data.split(b"\r\n")[0].decode() if data else "closed"
            except OSError as e:
                # The server may answer early and close: read what it said.
                try:
                    data = s.recv(64)
                    status = data.split(b"\r\n")[0].decode() if data else type(e).__name__
                except OSError:
                    status = type(e).__name__
            print(f"{case:13} body of {size} bytes          sent {sent} bytes; "
                  f"answer: {status}; server peak RSS {server.rss_peak_mb():.0f} MB", flush=True)
            s.close()
        elif case == "big-headers":
            size = args.header_bytes
            lines = b"".join(b"X-Filler-%d: %s\r\n" % (i, b"v" * 1000)
                             for i in range(size // 1020))
            s = connect(server)
            s.settimeout(cap)
            status = "no answer"
            try:
                s.sendall(chat_request(lines))
                data = s.recv(64)
                status = data.split(b"\r\n")[0].decode() if data else "closed"
            except OSError as e:
                try:
                    data = s.recv(64)
                    status = data.split(b"\r\n")[0].decode() if data else type(e).__name__
                except OSError:
                    status = type(e).__name__
            print(f"{case:13} {len(lines)} bytes of headers   answer: {status}; "
                  f"server peak RSS {server.rss_peak_mb():.0f} MB", flush=True)
            s.close()
    finally:
        server.stop()


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--bin", default=os.path.join(REPO, "build/bin/cometbench"))
    p.add_argument("--case", default="all",
                   choices=["all", "slow-headers", "idle", "held", "mixed", "big-body",
                            "big-headers"])
    p.add_argument("--count", type=int, default=70, help="slow senders / held requests")
    p.add_argument("--idle", type=int, default=1000, help="idle connections")
    p.add_argument("--cap", type=float, default=15.0, help="seconds to wait for an answer")
    p.add_argument("--body-bytes", type=int, default=500_000_000)
    p.add_argument("--header-bytes", type=int, default=10_000_000)
    p.add_argument("--serve-arg", action="append", default=[],
                   help="an extra argument for `cometbench serve` (repeatable)")
    args = p.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    cases = (["slow-headers", "idle", "held", "mixed", "big-body", "big-headers"]
             if args.case == "all" else [args.case])
    for case in cases:
        run_case(args, case)
    return 0


if __name__ == "__main__":
    sys.exit(main())
