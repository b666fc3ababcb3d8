#!/usr/bin/env python3
"""How long the engine itself takes to create and start 50 containers, by request pattern, with a client
that costs next to nothing (Python's standard library on the engine's socket):

  pipe N   create then start each container, N containers at a time (mlcompose's pattern, --parallel N)
  split N  create all 50 at once, then start them N at a time (compose's: all creates, then all starts)

  benchmarks/engine-patterns.py [RUNS]     (needs an engine and mlcompose-test/busybox:1: scripts/test-images.sh)
Everything it makes carries the label mlcompose.bench=patterns and is removed after each measurement.
"""
import http.client, json, socket, statistics, sys, time, urllib.parse
from concurrent.futures import ThreadPoolExecutor

SOCKET, LABEL, N = "/var/run/docker.sock", {"mlcompose.bench": "patterns"}, 50


class Engine(http.client.HTTPConnection):
    def __init__(self):
        super().__init__("localhost")

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.connect(SOCKET)


def call(method, path, body=None):
    c = Engine()
    c.request(method, "/v1.41" + path, body=None if body is None else json.dumps(body),
              headers={"Content-Type": "application/json"} if body is not None else {})
    r = c.getresponse()
    data = r.read()
    c.close()
    if r.status >= 300:
        raise RuntimeError(f"{method} {path}: {r.status} {data[:200]!r}")
    return json.loads(data) if data else None


def create(i):
    return call("POST", f"/containers/create?name=patterns-s{i}-1", {
        "Image": "mlcompose-test/busybox:1", "Cmd": ["sleep", "3600"], "Labels": LABEL,
        "HostConfig": {"Init": True, "NetworkMode": "patterns_default"},
        "NetworkingConfig": {"EndpointsConfig": {"patterns_default": {"Aliases": [f"s{i}"]}}}})["Id"]


def start(cid):
    call("POST", f"/containers/{cid}/start")


def clean():
    filters = urllib.parse.quote(json.dumps({"label": ["mlcompose.bench=patterns"]}))
    for c in call("GET", f"/containers/json?all=1&filters={filters}"):
        call("DELETE", f"/containers/{c['Id']}?force=1")
    for n in call("GET", f"/networks?filters={filters}"):
        call("DELETE", f"/networks/{n['Id']}")


def measure(pattern, parallel):
    clean()
    t0 = time.monotonic()
    call("POST", "/networks/create", {"Name": "patterns_default", "Labels": LABEL})
    if pattern == "pipe":
        with ThreadPoolExecutor(parallel) as pool:
            list(pool.map(lambda i: start(create(i)), range(N)))
    else:
        with ThreadPoolExecutor(N) as pool:
            ids = list(pool.map(create, range(N)))
        with ThreadPoolExecutor(parallel) as pool:
            list(pool.map(start, ids))
    elapsed = time.monotonic() - t0
    clean()
    return elapsed


if __name__ == "__main__":
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    print(f"{N} containers, median of {runs} runs")
    for pattern, parallel in [("pipe", 4), ("pipe", 8), ("pipe", 12), ("split", 8), ("split", 50)]:
        times = [measure(pattern, parallel) for _ in range(runs)]
        print(f"| {pattern} {parallel:>2} | {statistics.median(times):.2f} s |")
