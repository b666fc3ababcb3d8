#!/usr/bin/env bash
# Benchmark: `config` on a generated 200-service project, mlcompose vs docker compose v2, same machine,
# same run. Prints the in-JVM loader time and whole-process wall times (median of N runs each).
#   benchmarks/config.sh [SERVICES] [RUNS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
services="${1:-200}"; runs="${2:-10}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT

python3 - "$services" > "$work/compose.yaml" <<'PY'
import sys
n = int(sys.argv[1])
print("x-common: &common\n  restart: unless-stopped\n  labels: [team=ml]\n  environment: [LOG_LEVEL=info]")
print("services:")
for i in range(n):
    dep = f"\n    depends_on:\n      svc{i-1}:\n        condition: service_healthy" if i else ""
    print(f"""  svc{i}:
    <<: *common
    image: "registry.local/svc{i}:${{TAG:-1.0}}"
    ports: ["127.0.0.1:{20000+i}:8080"]
    volumes: ["data{i}:/data", "./conf:/conf:ro"]
    healthcheck: {{test: "wget -q -O- localhost:8080/health", interval: 5s, timeout: 2s, retries: 3}}
    deploy: {{resources: {{limits: {{cpus: "0.5", memory: 256m}}}}}}{dep}""")
print("volumes:")
for i in range(n):
    print(f"  data{i}:")
PY

(cd "$root" && ./mlcompose --version >/dev/null)   # builds the jar and the CDS archive if needed
[[ -d "$root/compose-schema/target/test-classes/dev/mlcompose/schema/bench" ]] \
  || (cd "$root" && mvn -q -B -Dstyle.color=never -pl compose-schema test-compile)

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
wall() { # command... -> median milliseconds
  for _ in $(seq "$runs"); do
    local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 ))
  done | median
}

echo "project: $services services; $runs runs each; $(nproc) cores"
java -cp "$root/runner/target/mlcompose.jar:$root/compose-schema/target/test-classes" \
  dev.mlcompose.schema.bench.LoadBenchmark "$work/compose.yaml" 20
echo "mlcompose config (whole process, launcher with AppCDS): $(cd "$work" && wall "$root/mlcompose" config --format json) ms"
uncached() { XDG_CACHE_HOME="$(mktemp -d -p "$work")" "$@"; } # as the first run after the file changed
echo "mlcompose config (the same, schema pass not remembered): $(cd "$work" && wall uncached "$root/mlcompose" config --format json) ms"
echo "mlcompose config (plain java -jar):                     $(cd "$work" && wall java -jar "$root/runner/target/mlcompose.jar" config --format json) ms"
compose="${COMPOSE_BIN:-}"
if [[ -z "$compose" && -x "$root/scripts/install-compose-v2.sh" ]]; then
  compose="$("$root/scripts/install-compose-v2.sh" 2>/dev/null || true)"
fi
if [[ -n "$compose" ]]; then
  echo "docker compose v2 config ($("$compose" version --short 2>/dev/null)):          $(cd "$work" && wall "$compose" config --format json) ms"
else
  echo "docker compose v2: not available (set COMPOSE_BIN or run scripts/install-compose-v2.sh)"
fi
