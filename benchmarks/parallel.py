#!/usr/bin/env python3
"""Benchmark: N projects brought up (`up -d --wait`) and down (`down`) at the same time, mlcompose beside docker
compose v2 on the same engine in the same run. Reports the wall time of each batch and the CPU seconds (user +
system, from the kernel's accounting of each process and its children) per command, medians over RUNS runs.

    benchmarks/parallel.py [--projects 8] [--runs 3]    (needs an engine: scripts/engine.sh, scripts/test-images.sh)

Each project: a health-gated database, an app that waits for it, and two workers (busybox test image).
mlcompose runs twice: a JVM per command, and through its resident server (MLCOMPOSE_SERVER=1, a private socket
directory), warmed by one untimed batch of up and down; the server's CPU during a batch, divided among the
batch's commands, is added to each client's own.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

COMPOSE_FILE = """\
services:
  db:
    image: mlcompose-test/busybox:1
    init: true
    command: sh -c 'sleep 1; touch /tmp/ready; exec sleep 3600'
    healthcheck: {test: ["CMD-SHELL", "test -f /tmp/ready"], interval: 1s, timeout: 1s, retries: 30}
  app:
    image: mlcompose-test/busybox:1
    init: true
    command: sleep 3600
    depends_on: {db: {condition: service_healthy}}
  worker:
    image: mlcompose-test/busybox:1
    init: true
    command: sleep 3600
    deploy: {replicas: 2}
"""


def server_cpu(runtime):
    """CPU seconds the resident server under `runtime` used so far; 0 where none runs."""
    found = subprocess.run(["pgrep", "-f", f"CommandServer {runtime}"], capture_output=True, text=True).stdout.split()
    total = 0.0
    for pid in found:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def batch(commands, cwd, env=None, runtime=None):
    """Starts every command at once; returns (wall seconds, [CPU seconds of each])."""
    before = server_cpu(runtime) if runtime else 0.0
    start = time.monotonic()
    procs = [subprocess.Popen(c, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
             for c in commands]
    cpu, codes = {}, {}
    pending = {p.pid: p for p in procs}
    while pending:
        pid, status, usage = os.wait4(-1, 0)
        if pid in pending:
            cpu[pid] = usage.ru_utime + usage.ru_stime
            codes[pid] = os.waitstatus_to_exitcode(status)
            pending.pop(pid)
    wall = time.monotonic() - start
    for p in procs:
        err = p.stderr.read().decode(errors="replace")
        if codes[p.pid] != 0:
            sys.exit(f"{' '.join(p.args)} exited {codes[p.pid]}: {err[-2000:]}")
    share = (server_cpu(runtime) - before) / len(procs) if runtime else 0.0
    return wall, [cpu[p.pid] + share for p in procs]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=8)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    compose = os.environ.get("COMPOSE_BIN") or subprocess.run(
        [os.path.join(ROOT, "scripts/install-compose-v2.sh")], capture_output=True, text=True, check=True
    ).stdout.strip().splitlines()[-1]
    mlcompose = os.path.join(ROOT, "mlcompose")
    subprocess.run([mlcompose, "--version"], check=True, stdout=subprocess.DEVNULL)  # builds, records CDS
    runtime = tempfile.mkdtemp(prefix="mlcompose-bench-")
    served = dict(os.environ, MLCOMPOSE_SERVER="1", XDG_RUNTIME_DIR=runtime)
    tools = {"mlcompose": ([mlcompose], None, None),
             "mlcompose, resident server": ([mlcompose], served, runtime),
             "docker compose v2": ([compose], None, None)}
    results = {name: {"up": [], "down": [], "up_cpu": [], "down_cpu": []} for name in tools}
    projects = [f"bench-par-{i}" for i in range(args.projects)]
    with tempfile.TemporaryDirectory() as work:
        with open(os.path.join(work, "compose.yaml"), "w") as f:
            f.write(COMPOSE_FILE)
        batch([[mlcompose, "-p", p, "up", "-d", "--wait"] for p in projects], work, served)  # warms the server
        batch([[mlcompose, "-p", p, "down"] for p in projects], work, served)
        for run in range(args.runs):
            for name, (tool, env, server) in tools.items():  # alternating, so that none gets the quieter moments
                wall, cpu = batch([tool + ["-p", p, "up", "-d", "--wait"] for p in projects], work, env, server)
                results[name]["up"].append(wall)
                results[name]["up_cpu"].extend(cpu)
                wall, cpu = batch([tool + ["-p", p, "down"] for p in projects], work, env, server)
                results[name]["down"].append(wall)
                results[name]["down_cpu"].extend(cpu)
                print(f"run {run + 1} {name}: up {results[name]['up'][-1]:.2f} s, down {wall:.2f} s", file=sys.stderr)
    for pid in subprocess.run(["pgrep", "-f", f"CommandServer {runtime}"], capture_output=True,
                              text=True).stdout.split():
        os.kill(int(pid), 15)
    print(f"{args.projects} projects at once, median of {args.runs} runs (CPU: median per command)\n")
    print("| tool | all `up -d --wait` | CPU per `up` | all `down` | CPU per `down` |")
    print("|---|---|---|---|---|")
    for name, r in results.items():
        print(f"| {name} | {statistics.median(r['up']):.2f} s | {statistics.median(r['up_cpu']):.2f} s "
              f"| {statistics.median(r['down']):.2f} s | {statistics.median(r['down_cpu']):.2f} s |")


if __name__ == "__main__":
    main()
