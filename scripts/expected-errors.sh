#!/usr/bin/env bash
# Rewrites compose-schema/src/test/resources/invalid/<case>/expected-errors.txt from mlcompose's own output,
# for review in the diff: each line is file:line:col: key.path: message, paths relative to the case.
#   scripts/expected-errors.sh [CASE...]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
res="$root/compose-schema/src/test/resources/invalid"
jar="$root/runner/target/mlcompose.jar"
[[ -f "$jar" ]] || (cd "$root" && mvn -q -B -DskipTests -pl runner -am package)
cases=("$@"); [[ ${#cases[@]} -gt 0 ]] || mapfile -t cases < <(cd "$res" && ls -d */ | tr -d /)
for c in "${cases[@]}"; do
  work="/tmp/mlcompose-golden/$c"; rm -rf "$work"; cp -a "$res/$c" "$work"
  args=(); [[ -f "$res/$c/args" ]] && mapfile -t args < "$res/$c/args"
  (cd "$work" && env -i PATH=/usr/bin:/bin HOME=/home/golden java -jar "$jar" --ansi never \
      -p "$(printf '%s' "$c" | tr -cd 'a-z0-9_-')" ${args[@]+"${args[@]}"} config -q 2>&1 || true) \
    | sed -n "s|^error: ||; s|$work/||gp" > "$res/$c/expected-errors.txt"
done
