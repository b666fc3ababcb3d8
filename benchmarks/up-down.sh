#!/usr/bin/env bash
# Benchmark: `up -d --wait` and `down` for mlcompose and docker compose v2 on the same engine, same run:
# a chain of 10 and of 30 health-gated services, and 50 independent services.
#   benchmarks/up-down.sh [RUNS] [--start-interval | --only-start-interval]   (needs an engine: scripts/engine.sh, scripts/test-images.sh)
# --start-interval adds a chain of 10 whose healthchecks probe every 30s after a start_period of 30s, with
# start_interval: 1s (RUNS runs) and without it (one run: about 5 minutes per tool). On an engine older than
# API 1.44 mlcompose emulates start_interval and compose 2.26 refuses the file: its message is the row.
# Another engine: scripts/engine-26.sh run DIR benchmarks/up-down.sh ... (DOCKER_HOST is set there).
# MLCOMPOSE_BEFORE=DIR (another checkout, e.g. a git worktree of an older commit) measures its ./mlcompose too, in
# the same run, between this checkout's and compose: a change's before and after on the same engine and load.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-3}"
start_interval="${2:-}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
compose="${COMPOSE_BIN:-$("$root/scripts/install-compose-v2.sh")}"
before="${MLCOMPOSE_BEFORE:-}"
(cd "$root" && ./mlcompose --version >/dev/null)
[[ -z $before ]] || (cd "$before" && ./mlcompose --version >/dev/null)
tools=(mlcompose ${before:+before} compose)

chain() { # N [HEALTHCHECK TIMING] -> compose file: s0 <- s1 <- ... each waits for the previous one to be healthy
  python3 - "$1" "${2:-interval: 1s, timeout: 1s, retries: 30}" <<'PY'
import sys
n, timing = int(sys.argv[1]), sys.argv[2]
print("services:")
for i in range(n):
    print(f"""  s{i}:
    image: mlcompose-test/busybox:1
    init: true
    command: sh -c 'sleep 1; touch /tmp/ready; exec sleep 3600'
    healthcheck: {{test: ["CMD-SHELL", "test -f /tmp/ready"], {timing}}}""")
    if i:
        print(f"    depends_on: {{s{i-1}: {{condition: service_healthy}}}}")
PY
}
independent() {
  python3 - "$1" <<'PY'
import sys
print("services:")
for i in range(int(sys.argv[1])):
    print(f"  s{i}:\n    image: mlcompose-test/busybox:1\n    init: true\n    command: sleep 3600")
PY
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
ms() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 )); }

measure() { # label file [RUNS]
  local label="$1" file="$2" n="${3:-$runs}" tool cli up down
  for tool in "${tools[@]}"; do
    local ups=() downs=()
    case $tool in
      mlcompose) cli="$root/mlcompose" ;;
      before) cli="$before/mlcompose"; tool="mlcompose (before)" ;;
      *) cli="$compose" ;;
    esac
    for _ in $(seq "$n"); do
      local t0 t1
      t0=$(date +%s%N)
      if ! "$cli" -f "$file" -p bench up -d --wait >"$work/out" 2>&1; then
        # A tool that refuses the file (compose 2.26 and start_interval before API 1.44) gets its message as the row.
        printf '| %-34s | %-17s | refused: %s |\n' "$label" "$tool" "$(grep -m1 -iE 'error|refus|requires' "$work/out" || tail -1 "$work/out")"
        "$cli" -f "$file" -p bench down -t 1 >/dev/null 2>&1 || true
        continue 2
      fi
      t1=$(date +%s%N); ups+=($(( (t1 - t0) / 1000000 )))
      downs+=("$(ms "$cli" -f "$file" -p bench down -t 1)")
    done
    up="$(printf '%s\n' "${ups[@]}" | median)"; down="$(printf '%s\n' "${downs[@]}" | median)"
    printf '| %-34s | %-17s | %8s ms | %8s ms |\n' "$label" "$tool" "$up" "$down"
  done
}

chain 10 > "$work/chain10.yaml"; chain 30 > "$work/chain30.yaml"; independent 50 > "$work/indep50.yaml"
echo "median of $runs runs; $(nproc) cores; compose $("$compose" version --short); engine $(docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})' 2>/dev/null || echo '?')"
echo "| project | tool | up -d --wait | down |"
echo "|---|---|---|---|"
if [[ $start_interval != --only-start-interval ]]; then
  measure "chain of 10, health-gated" "$work/chain10.yaml"
  measure "chain of 30, health-gated" "$work/chain30.yaml"
  measure "50 independent services" "$work/indep50.yaml"
fi
if [[ $start_interval == --start-interval || $start_interval == --only-start-interval ]]; then
  # the first probe comes 30 s after start unless start_interval says otherwise
  slow="interval: 30s, timeout: 1s, retries: 3, start_period: 30s"
  chain 10 "$slow, start_interval: 1s" > "$work/probe10-fast.yaml"; chain 10 "$slow" > "$work/probe10-slow.yaml"
  measure "chain of 10, start_interval: 1s" "$work/probe10-fast.yaml"
  measure "chain of 10, no start_interval" "$work/probe10-slow.yaml" 1
fi
