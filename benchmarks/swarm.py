#!/usr/bin/env python3
"""Benchmark: `up --wait` of the chain-10 and diamond-20 stacks on a 3-node Swarm, mlcompose beside
`docker stack deploy --detach=false` (which waits until every service's tasks run, the closest thing users have)
in the same run, on the same cluster. Reports the median wall time over RUNS runs of each.

    benchmarks/swarm.py [--runs 3] [--before DIR]    (needs root, scripts/engine.sh, scripts/test-images.sh;
                                                     starts and stops its own cluster with scripts/swarm-cluster.sh)

Every service is health-gated (a healthcheck that passes at once, 1 s interval) and waits for its dependencies
to be healthy. stack deploy ignores depends_on, so it starts everything at once: mlcompose's extra time is the
price of the order it keeps.

    benchmarks/swarm.py --node-death [--runs 3]

kills the dockerd of the node that runs a job (and a service beside it), on a fresh cluster each run, and reports
the time from the kill to: the manager seeing the node down, mlcompose announcing the job's retry, the retry's
task running on another node, and, for comparison, the Swarm's own rescheduling of the service (restart policy
any) to a running task there. Swarm alone never reruns the job: with restart policy none its lost task stays.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
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


DEATH = """\
services:
  keeper:
    image: mlcompose-test/busybox:1
    command: ["sleep", "3600"]
    deploy: {placement: {constraints: [node.labels.pick == yes]}}
  long:
    image: mlcompose-test/busybox:1
    command: ["sleep", "600"]
    deploy: {placement: {constraints: [node.labels.pick == yes]}}
    x-mlcompose: {role: job, retry: {attempts: 2, backoff: {initial: 1s}}}
"""


def cluster_start():
    cluster = tempfile.mkdtemp(prefix="mlc-bench-")
    os.rmdir(cluster)
    start = subprocess.run(["bash", os.path.join(ROOT, "scripts/swarm-cluster.sh"), "start", cluster, "3"],
                           capture_output=True, text=True)
    if start.returncode != 0:
        sys.exit(start.stderr)
    return cluster, start.stdout.strip().splitlines()[-1].split("=", 1)[1]


def cluster_stop(cluster):
    subprocess.run(["bash", os.path.join(ROOT, "scripts/swarm-cluster.sh"), "stop", cluster], capture_output=True)


def docker(env, *args):
    return subprocess.run([DOCKER, *args], env=env, capture_output=True, text=True).stdout


def running_on(env, service, node):
    rows = docker(env, "service", "ps", "--format", "{{.Node}} {{.CurrentState}}", service).splitlines()
    return any(r.startswith(node + " Running") for r in rows)


def node_death_once(work):
    """One run on a fresh cluster: the seconds from the kill to each of the four moments."""
    cluster, host = cluster_start()
    env = dict(os.environ, DOCKER_HOST=host, MLCOMPOSE_BACKEND="swarm")
    try:
        with open(os.path.join(work, "compose.yaml"), "w") as f:
            f.write(DEATH)
        docker(env, "node", "update", "--label-add", "pick=yes", "mlc-n3")
        up = subprocess.Popen(MLCOMPOSE + ["-p", "death", "up", "--wait"], cwd=work, env=env, text=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 120
        while not (running_on(env, "death_keeper", "mlc-n3") and running_on(env, "death_long", "mlc-n3")):
            if time.monotonic() > deadline:
                sys.exit("the job and the service did not run on mlc-n3 within 120 s")
            time.sleep(0.2)
        docker(env, "node", "update", "--label-add", "pick=yes", "mlc-n2")
        with open(os.path.join(cluster, "n3/run/docker.pid")) as f:
            pid = int(f.read().strip())
        killed = time.monotonic()
        os.kill(pid, 9)
        moments = {}
        retried = []

        def read_err():
            for line in up.stderr:
                if "Retrying" in line and not retried:
                    retried.append(time.monotonic() - killed)

        reader = threading.Thread(target=read_err, daemon=True)
        reader.start()
        while len(moments) < 3 or not retried:
            now = time.monotonic() - killed
            if now > 120:
                sys.exit(f"not all seen within 120 s after the kill: {moments}, retry {retried}")
            if "down" not in moments and "Down" in docker(env, "node", "ls", "--filter", "name=mlc-n3",
                                                            "--format", "{{.Status}}"):
                moments["down"] = now
            if "job" not in moments and running_on(env, "death_long", "mlc-n2"):
                moments["job"] = now
            if "service" not in moments and running_on(env, "death_keeper", "mlc-n2"):
                moments["service"] = now
            time.sleep(0.1)
        moments["retry"] = retried[0]
        up.kill()
        up.wait()
        return moments
    finally:
        cluster_stop(cluster)


def node_death(runs):
    results = {}
    with tempfile.TemporaryDirectory() as work:
        for _ in range(runs):
            for key, t in node_death_once(work).items():
                results.setdefault(key, []).append(t)
    names = {"down": "the manager lists the node Down", "retry": "mlcompose announces the job's retry",
             "job": "the job's retry runs on mlc-n2", "service": "Swarm's own: the service runs again on mlc-n2"}
    print(f"| from the kill of the node's dockerd to | median of {runs} (s) | runs (s) |")
    print("|---|---|---|")
    for key in ("down", "retry", "job", "service"):
        times = results[key]
        print(f"| {names[key]} | {statistics.median(times):.1f} | {', '.join(f'{t:.1f}' for t in times)} |")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--node-death", action="store_true")
    parser.add_argument("--before", metavar="DIR", help="another checkout (an older commit's worktree): its"
                        " ./mlcompose is measured too, in the same run, for a change's before and after")
    args = parser.parse_args()
    if args.node_death:
        node_death(args.runs)
        return
    cluster, host = cluster_start()
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
                    tools = [("mlcompose up --wait", MLCOMPOSE)]
                    if args.before:
                        tools.append(("mlcompose up --wait (before)", [os.path.join(args.before, "mlcompose")]))
                    for tool, cli in tools:
                        t = run(cli + ["-p", name, "up", "--wait"], env, work)
                        results.setdefault((label, tool), []).append(t)
                        run(cli + ["-p", name, "down"], env, work)
                        gone(env, name)
                    t = run([DOCKER, "stack", "deploy", "--detach=false", "--resolve-image", "never", "-c", listed, name],
                            env, work)
                    results.setdefault((label, "docker stack deploy --detach=false"), []).append(t)
                    run([DOCKER, "stack", "rm", name], env, work)
                    gone(env, name)
    finally:
        cluster_stop(cluster)
    print(f"| stack | tool | median of {args.runs} (s) | runs (s) |")
    print("|---|---|---|---|")
    for (label, tool), times in results.items():
        print(f"| {label} | {tool} | {statistics.median(times):.1f} | {', '.join(f'{t:.1f}' for t in times)} |")


if __name__ == "__main__":
    main()
