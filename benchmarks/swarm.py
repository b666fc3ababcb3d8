#!/usr/bin/env python3
"""Benchmark: `up --wait` of the chain-10 and diamond-20 stacks on a 3-node Swarm, mlcompose beside
`docker stack deploy --detach=false` (which waits until every service's tasks run, the closest thing users have)
in the same run, on the same cluster. Reports the median wall time over RUNS runs of each.

    benchmarks/swarm.py [--runs 3]    (needs root, scripts/engine.sh, scripts/test-images.sh; starts and stops
                                       its own cluster with scripts/swarm-cluster.sh)

Every service is health-gated (a healthcheck that passes at once, 1 s interval) and waits for its dependencies
to be healthy. stack deploy ignores depends_on, so it starts everything at once: mlcompose's extra time is the
price of the order it keeps.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOCKER = os.path.join(ROOT, ".tools/engine-26/bin/docker")
MLCOMPOSE = [os.path.join(ROOT, "mlcompose")]

SERVICE = """\
  {name}:
    image: mlcompose-test/busybox:1
    command: ["sleep", "3600"]
    healthcheck: {{test: ["CMD", "true"], interval: 1s, timeout: 1s, retries: 30}}
    deploy: {{endpoint_mode: dnsrr}}
"""


def stack(edges, names, long_form=True):
    """The Compose file; stack deploy's CLI (26.1) refuses depends_on's long form, so it gets the list, which it
    ignores as it ignores the other."""
    out = ["services:\n"]
    for name in names:
        out.append(SERVICE.format(name=name))
        deps = [a for a, b in edges if b == name]
        if deps and long_form:
            out.append("    depends_on:\n" + "".join(f"      {d}: {{condition: service_healthy}}\n" for d in deps))
        elif deps:
            out.append("    depends_on: [" + ", ".join(deps) + "]\n")
    return "".join(out)


def chain(n, long_form=True):
    names = [f"s{i}" for i in range(n)]
    return stack([(names[i], names[i + 1]) for i in range(n - 1)], names, long_form)


def diamond(n, long_form=True):
    middle = [f"m{i}" for i in range(n - 2)]
    return stack([("root", m) for m in middle] + [(m, "sink") for m in middle], ["root"] + middle + ["sink"],
                 long_form)


def run(cmd, env, cwd):
    start = time.monotonic()
    p = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"{' '.join(cmd)} exited {p.returncode}: {p.stderr[-2000:]}{p.stdout[-2000:]}")
    return time.monotonic() - start


def gone(env, name):
    """Waits until the stack's services and networks are gone (not timed)."""
    label = f"label=com.docker.stack.namespace={name}"
    for _ in range(300):
        left = "".join(subprocess.run([DOCKER, kind, "ls", "-q", "--filter", label], env=env, capture_output=True,
                                      text=True).stdout for kind in ("service", "network"))
        if not left.strip():
            return
        time.sleep(0.5)
    sys.exit(f"stack {name} was not gone after 150 s")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    cluster = tempfile.mkdtemp(prefix="mlc-bench-")
    os.rmdir(cluster)
    start = subprocess.run(["bash", os.path.join(ROOT, "scripts/swarm-cluster.sh"), "start", cluster, "3"],
                           capture_output=True, text=True)
    if start.returncode != 0:
        sys.exit(start.stderr)
    host = start.stdout.strip().splitlines()[-1].split("=", 1)[1]
    env = dict(os.environ, DOCKER_HOST=host, MLCOMPOSE_BACKEND="swarm")
    results = {}
    try:
        with tempfile.TemporaryDirectory() as work:
            for label, shape in [("chain of 10", lambda f: chain(10, f)), ("diamond of 20", lambda f: diamond(20, f))]:
                path = os.path.join(work, "compose.yaml")
                with open(path, "w") as f:
                    f.write(shape(True))
                listed = os.path.join(work, "listed.yaml")
                with open(listed, "w") as f:
                    f.write(shape(False))
                for i in range(args.runs):
                    name = f"b{i}"
                    t = run(MLCOMPOSE + ["-p", name, "up", "--wait"], env, work)
                    results.setdefault((label, "mlcompose up --wait"), []).append(t)
                    run(MLCOMPOSE + ["-p", name, "down"], env, work)
                    gone(env, name)
                    t = run([DOCKER, "stack", "deploy", "--detach=false", "--resolve-image", "never", "-c", listed, name],
                            env, work)
                    results.setdefault((label, "docker stack deploy --detach=false"), []).append(t)
                    run([DOCKER, "stack", "rm", name], env, work)
                    gone(env, name)
    finally:
        subprocess.run(["bash", os.path.join(ROOT, "scripts/swarm-cluster.sh"), "stop", cluster], capture_output=True)
    print(f"| stack | tool | median of {args.runs} (s) | runs (s) |")
    print("|---|---|---|---|")
    for (label, tool), times in results.items():
        print(f"| {label} | {tool} | {statistics.median(times):.1f} | {', '.join(f'{t:.1f}' for t in times)} |")


if __name__ == "__main__":
    main()
