#!/usr/bin/env python3
"""`cometbench serve` against nginx, side by side, with wrk (docs/serve.md, "Speed").

Starts `cometbench serve` on a one-step scenario (200 with fixtures/responses/chat_completion.json)
and nginx (Debian's nginx-light, its own temporary config, `return 200` with the same body and
content type), each on a free loopback port picked at run time, then drives both with wrk over
keep-alive POSTs of a chat request at each concurrency, alternating the two --repeat times, and
prints the median req/s, p50 and p99 and the total errors for both, and the req/s ratio
cometbench/nginx.

    benchmarks/serve_vs_nginx.py [--bin build/bin/cometbench] [--connections 1,16,256]
                                 [--duration 10] [--repeat 3] [--million]

--million also sends a million requests (c16) to cometbench alone, printing its RSS before and
after (and the peak), to show that memory stays flat.

Needs: wrk, nginx (apt-get install wrk nginx-light). Exits 2 when one is missing.
"""
import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BODY_FILE = os.path.join(REPO, "fixtures/responses/chat_completion.json")
REQUEST = '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"ping"}]}'
KEY = "bench-key"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_cometbench(binary, workdir, extra):
    shutil.copy(BODY_FILE, workdir)
    fixture = os.path.join(workdir, "bench.json")
    with open(fixture, "w") as f:
        json.dump({"name": "bench", "description": "benchmarks/serve_vs_nginx.py",
                   "api_key": KEY,
                   "script": {"POST /v1/chat/completions": {"steps": [
                       {"respond": {"status": 200,
                                    "body": {"$ref": "chat_completion.json"}}}]}},
                   "client": {}}, f)
    proc = subprocess.Popen([binary, "serve", "--fixture", fixture] + extra,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    url = proc.stdout.readline().decode().split()[-1]
    return proc, url


def start_nginx(workdir, body):
    port = free_port()
    conf = os.path.join(workdir, "nginx.conf")
    escaped = body.replace("\\", "\\\\").replace("'", "\\'")
    with open(conf, "w") as f:
        f.write(f"""
worker_processes auto;
daemon off;
pid {workdir}/nginx.pid;
error_log {workdir}/error.log;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path {workdir}/body;
  server {{
    listen 127.0.0.1:{port};
    location / {{
      default_type application/json;
      return 200 '{escaped}';
    }}
  }}
}}
""")
    proc = subprocess.Popen(["nginx", "-c", conf, "-p", workdir],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.05)
    return proc, f"http://127.0.0.1:{port}"


def lua_script(workdir):
    path = os.path.join(workdir, "post.lua")
    with open(path, "w") as f:
        f.write('wrk.method = "POST"\n')
        f.write(f"wrk.body = '{REQUEST}'\n")
        f.write('wrk.headers["Content-Type"] = "application/json"\n')
        f.write(f'wrk.headers["Authorization"] = "Bearer {KEY}"\n')
    return path


def to_ms(text):
    value, unit = re.match(r"([\d.]+)(us|ms|s|m|h)$", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1e3, "m": 6e4, "h": 3.6e6}[unit]


def wrk(url, connections, duration, script):
    threads = min(connections, 2)
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s",
                          "--latency", "-s", script, url + "/v1/chat/completions"],
                         capture_output=True, text=True, check=True).stdout
    if "Requests/sec" not in out or "99%" not in out:
        sys.exit("unexpected wrk output:\n" + out)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = to_ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    p99 = to_ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    errors = 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if m:
        errors += sum(int(g) for g in m.groups())
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if m:
        errors += int(m.group(1))
    return rps, p50, p99, errors


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        fields = dict(line.split(":", 1) for line in f if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--bin", default=os.path.join(REPO, "build/bin/cometbench"))
    p.add_argument("--connections", default="1,16,256")
    p.add_argument("--duration", type=int, default=10)
    p.add_argument("--repeat", type=int, default=3, help="runs per server; medians shown")
    p.add_argument("--million", action="store_true")
    p.add_argument("--serve-arg", action="append", default=[])
    args = p.parse_args()
    for tool in ("wrk", "nginx"):
        if shutil.which(tool) is None and not os.path.exists("/usr/sbin/" + tool):
            print(f"{tool} not found (apt-get install wrk nginx-light)", file=sys.stderr)
            return 2
    workdir = tempfile.mkdtemp(prefix="cometbench-speed-")
    with open(BODY_FILE) as f:
        body = json.dumps(json.load(f), separators=(",", ":"))
    cb, cb_url = start_cometbench(args.bin, workdir, args.serve_arg)
    ngx, ngx_url = start_nginx(workdir, body)
    script = lua_script(workdir)
    try:
        print(f"{'conns':>5} {'server':10} {'req/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}")
        for c in (int(x) for x in args.connections.split(",")):
            # Alternate the two servers and keep each figure's median over --repeat runs, so
            # load from elsewhere on the machine hits both alike.
            runs = {"cometbench": [], "nginx": []}
            for _ in range(args.repeat):
                for name, url in (("cometbench", cb_url), ("nginx", ngx_url)):
                    runs[name].append(wrk(url, c, args.duration, script))
            results = {}
            for name, samples in runs.items():
                rps, p50, p99 = (statistics.median(s[i] for s in samples) for i in range(3))
                errors = sum(s[3] for s in samples)
                results[name] = (rps, p50, p99, errors)
                print(f"{c:>5} {name:10} {rps:>10.0f} {p50:>8.2f} {p99:>8.2f} {errors:>6}",
                      flush=True)
            ratio = results["cometbench"][0] / results["nginx"][0]
            print(f"{c:>5} {'ratio':10} {ratio:>10.2f}x", flush=True)
        if args.million:
            before, _ = rss_mb(cb.pid)
            sent = 0
            while sent < 1_000_000:
                rps, _, _, errors = wrk(cb_url, 16, 10, script)
                sent += int(rps * 10)
            after, peak = rss_mb(cb.pid)
            print(f"RSS over {sent} requests: {before:.1f} MB before, {after:.1f} MB after, "
                  f"{peak:.1f} MB peak", flush=True)
    finally:
        for proc in (cb, ngx):
            proc.terminate()
            proc.wait()
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
