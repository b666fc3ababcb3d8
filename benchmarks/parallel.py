#!/usr/bin/env python3
"""Benchmark: N projects brought up (`up -d --wait`) and down (`down`) at the same time, mlcompose beside docker
compose v2 on the same engine in the same run. Reports the wall time of each batch and the CPU seconds (user +
system, from the kernel's accounting of each process and its children) per command, medians over RUNS runs.

    benchmarks/parallel.py [--projects 8] [--runs 3]    (needs an engine: scripts/engine.sh, scripts/test-images.sh)

Each project: a health-gated database, an app that waits for it, and two workers (busybox test image).
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


def batch(commands, cwd):
    """Starts every command at once; returns (wall seconds, [CPU seconds of each], [exit codes])."""
    start = time.monotonic()
    procs = [subprocess.Popen(c, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for c in commands]
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
    return wall, [cpu[p.pid] for p in procs]


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
    tools = {"mlcompose": [mlcompose], "docker compose v2": [compose]}
    results = {name: {"up": [], "down": [], "up_cpu": [], "down_cpu": []} for name in tools}
    with tempfile.TemporaryDirectory() as work:
        with open(os.path.join(work, "compose.yaml"), "w") as f:
            f.write(COMPOSE_FILE)
        for run in range(args.runs):
            for name, tool in tools.items():  # alternating, so that neither gets the quieter moments
                projects = [f"bench-par-{i}" for i in range(args.projects)]
                wall, cpu = batch([tool + ["-p", p, "up", "-d", "--wait"] for p in projects], work)
                results[name]["up"].append(wall)
                results[name]["up_cpu"].extend(cpu)
                wall, cpu = batch([tool + ["-p", p, "down"] for p in projects], work)
                results[name]["down"].append(wall)
                results[name]["down_cpu"].extend(cpu)
                print(f"run {run + 1} {name}: up {results[name]['up'][-1]:.2f} s, down {wall:.2f} s", file=sys.stderr)
    print(f"{args.projects} projects at once, median of {args.runs} runs (CPU: median per command)\n")
    print("| tool | all `up -d --wait` | CPU per `up` | all `down` | CPU per `down` |")
    print("|---|---|---|---|---|")
    for name, r in results.items():
        print(f"| {name} | {statistics.median(r['up']):.2f} s | {statistics.median(r['up_cpu']):.2f} s "
              f"| {statistics.median(r['down']):.2f} s | {statistics.median(r['down_cpu']):.2f} s |")


if __name__ == "__main__":
    main()
