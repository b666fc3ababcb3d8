#!/usr/bin/env bash
# Installs Docker Compose v2 (Debian trixie's docker-compose package, 2.26.x)
# into <repo>/.tools/compose-v2/ without touching the system's apt sources.
# Idempotent: if the binary is already there it is only verified.
# Prints the path of the docker-compose binary on stdout.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$REPO_ROOT/.tools/compose-v2"
BIN_LINK="$DEST/docker-compose"

if [[ -x "$BIN_LINK" ]] && "$BIN_LINK" version >/dev/null 2>&1; then
  echo "$BIN_LINK"
  exit 0
fi

SRC_FILE=/etc/apt/sources.list.d/debian.sources
[[ -r "$SRC_FILE" ]] || { echo "cannot read $SRC_FILE" >&2; exit 1; }

# first URIs / Signed-By of the main (non-security) stanza
URIS="$(awk '/^URIs:/ && $2 !~ /security/ {print $2; exit}' "$SRC_FILE")"
SIGNED_BY="$(awk '/^Signed-By:/ {print $2; exit}' "$SRC_FILE")"
[[ -n "$URIS" ]] || { echo "no URIs found in $SRC_FILE" >&2; exit 1; }

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
chmod 0755 "$TMP"
SRCDIR="$TMP/sources"; LISTS="$TMP/lists"; DL="$TMP/download"
mkdir -p "$SRCDIR" "$LISTS/partial" "$DL"
chmod -R a+rwx "$LISTS" "$DL"

{
  echo "Types: deb"
  echo "URIs: $URIS"
  echo "Suites: trixie"
  echo "Components: main"
  [[ -n "$SIGNED_BY" ]] && echo "Signed-By: $SIGNED_BY"
} > "$SRCDIR/trixie.sources"

APT_OPTS=(
  -oDir::Etc::SourceList=/dev/null
  -oDir::Etc::SourceParts="$SRCDIR"
  -oDir::State::Lists="$LISTS"
  -oDir::Cache::pkgcache= -oDir::Cache::srcpkgcache=
)

apt-get "${APT_OPTS[@]}" -qq update >&2
( cd "$DL" && apt-get "${APT_OPTS[@]}" -qq download docker-compose >&2 )

debs=("$DL"/docker-compose_*.deb)
DEB="${debs[0]}"
[[ -f "$DEB" ]] || { echo "apt-get download produced no docker-compose .deb" >&2; exit 1; }
EXTRACT="$TMP/extract"
dpkg-deb -x "$DEB" "$EXTRACT"

FOUND=""
for cand in usr/libexec/docker/cli-plugins/docker-compose usr/bin/docker-compose; do
  if [[ -f "$EXTRACT/$cand" && ! -L "$EXTRACT/$cand" ]]; then FOUND="$EXTRACT/$cand"; break; fi
done
if [[ -z "$FOUND" ]]; then
  FOUND="$(find "$EXTRACT" -type f -name docker-compose | head -n1)"
fi
[[ -n "$FOUND" ]] || { echo "docker-compose binary not found in $DEB" >&2; exit 1; }

mkdir -p "$DEST"
install -m 0755 "$FOUND" "$BIN_LINK"
basename "$DEB" > "$DEST/PACKAGE"

# verify it runs standalone (no engine needed)
"$BIN_LINK" version >&2
printf 'services:\n  t:\n    image: busybox\n' > "$TMP/verify.yaml"
"$BIN_LINK" -f "$TMP/verify.yaml" -p verify config --format json >/dev/null

echo "$BIN_LINK"
