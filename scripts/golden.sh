#!/usr/bin/env bash
# Regenerates the docker compose v2 golden files under
# compose-schema/src/test/resources/{golden,invalid}/<case>/.
#
#   scripts/golden.sh            # all cases
#   scripts/golden.sh CASE...    # only these cases (names under golden/ or invalid/)
#
# For each case the case directory is copied (fresh) to /tmp/mlcompose-golden/<case>
# and, with that directory as cwd, we run
#   env -i PATH=/usr/bin:/bin HOME=/home/golden <compose> -p <project> [args...] config --format json
# golden/<case>/expected.json      <- stdout            (the command must exit 0)
# invalid/<case>/compose-v2-error.txt <- stdout+stderr + "exit=N"
# COMPOSE_BIN may point at a docker-compose binary; otherwise
# scripts/install-compose-v2.sh provides one.
set -euo pipefail
shopt -s nullglob

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RES="$REPO_ROOT/compose-schema/src/test/resources"
WORK=/tmp/mlcompose-golden
COMPOSE_BIN="${COMPOSE_BIN:-$("$REPO_ROOT/scripts/install-compose-v2.sh")}"

mkdir -p "$WORK"
failures=0
count_ok=0; count_inv=0

run_case() { # kind dir
  local kind="$1" src="$2" name project dst
  name="$(basename "$src")"
  project="$(printf '%s' "$name" | tr -cd 'a-z0-9_-')"
  dst="$WORK/$name"
  rm -rf "$dst"
  cp -a "$src" "$dst"
  rm -f "$dst/expected.json" "$dst/compose-v2-error.txt"
  local args=()
  if [[ -f "$src/args" ]]; then
    mapfile -t args < "$src/args"
  fi
  local out err rc=0
  out="$(mktemp)"; err="$(mktemp)"
  ( cd "$dst" && env -i PATH=/usr/bin:/bin HOME=/home/golden \
      "$COMPOSE_BIN" -p "$project" ${args[@]+"${args[@]}"} config --format json ) \
      >"$out" 2>"$err" || rc=$?
  if [[ "$kind" == golden ]]; then
    if [[ $rc -ne 0 ]]; then
      echo "FAIL golden/$name: exit=$rc" >&2; cat "$err" >&2
      failures=$((failures + 1))
    else
      cp "$out" "$src/expected.json"
      count_ok=$((count_ok + 1))
    fi
  else
    { cat "$out"; [[ -s "$out" && -n "$(tail -c1 "$out")" ]] && echo
      # logrus warnings: drop the timestamp, and sort them (compose emits some in Go map order)
      sed -E 's/^time="[^"]*" //' "$err" | grep '^level=' | LC_ALL=C sort || true
      sed -E 's/^time="[^"]*" //' "$err" | grep -v '^level=' || true
      echo "exit=$rc"; } > "$src/compose-v2-error.txt"
    [[ $rc -eq 0 ]] && echo "WARN invalid/$name: compose exited 0" >&2
    count_inv=$((count_inv + 1))
  fi
  rm -f "$out" "$err"
}

if [[ $# -gt 0 ]]; then
  for c in "$@"; do
    if [[ -d "$RES/golden/$c" ]]; then run_case golden "$RES/golden/$c"
    elif [[ -d "$RES/invalid/$c" ]]; then run_case invalid "$RES/invalid/$c"
    else echo "no such case: $c" >&2; failures=$((failures + 1)); fi
  done
else
  for d in "$RES"/golden/*/; do run_case golden "${d%/}"; done
  for d in "$RES"/invalid/*/; do run_case invalid "${d%/}"; done
fi

echo "golden: $count_ok written, invalid: $count_inv written, failures: $failures" >&2
[[ $failures -eq 0 ]]
