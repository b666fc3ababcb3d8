#!/usr/bin/env bash
# Benchmark: `up -d --wait` and `down` for mlcompose and docker compose v2 on the same engine, same run:
# a chain of 10 and of 30 health-gated services, and 50 independent services.
#   benchmarks/up-down.sh [RUNS]        (needs an engine: scripts/engine.sh, scripts/test-images.sh)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-3}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
compose="${COMPOSE_BIN:-$("$root/scripts/install-compose-v2.sh")}"
(cd "$root" && ./mlcompose --version >/dev/null)

chain() { # N -> compose file: s0 <- s1 <- ... each waits for the previous one to be healthy
  python3 - "$1" <<'PY'
import sys
n = int(sys.argv[1])
print("services:")
for i in range(n):
    print(f"""  s{i}:
    image: mlcompose-test/busybox:1
    init: true
    command: sh -c 'sleep 1; touch /tmp/ready; exec sleep 3600'
    healthcheck: {{test: ["CMD-SHELL", "test -f /tmp/ready"], interval: 1s, timeout: 1s, retries: 30}}""")
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

measure() { # label file
  local label="$1" file="$2" tool up down
  for tool in mlcompose compose; do
    local ups=() downs=()
    for _ in $(seq "$runs"); do
      if [[ $tool == mlcompose ]]; then
        ups+=("$(ms "$root/mlcompose" -f "$file" -p bench up -d --wait)")
        downs+=("$(ms "$root/mlcompose" -f "$file" -p bench down -t 1)")
      else
        ups+=("$(ms "$compose" -f "$file" -p bench up -d --wait)")
        downs+=("$(ms "$compose" -f "$file" -p bench down -t 1)")
      fi
    done
    up="$(printf '%s\n' "${ups[@]}" | median)"; down="$(printf '%s\n' "${downs[@]}" | median)"
    printf '| %-34s | %-17s | %8s ms | %8s ms |\n' "$label" "$tool" "$up" "$down"
  done
}

chain 10 > "$work/chain10.yaml"; chain 30 > "$work/chain30.yaml"; independent 50 > "$work/indep50.yaml"
echo "median of $runs runs; $(nproc) cores; $("$compose" version --short)"
echo "| project | tool | up -d --wait | down |"
echo "|---|---|---|---|"
measure "chain of 10, health-gated" "$work/chain10.yaml"
measure "chain of 30, health-gated" "$work/chain30.yaml"
measure "50 independent services" "$work/indep50.yaml"
