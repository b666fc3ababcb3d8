#!/usr/bin/env bash
# Installs Debian's docker-registry (the CNCF distribution registry) into <repo>/.tools/registry/ for the push
# tests, which start their own on 127.0.0.1; nothing is installed system-wide and no service is started.
# Idempotent. Prints the path of the binary on stdout.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$REPO_ROOT/.tools/registry"
BIN="$DEST/usr/bin/docker-registry"

if [[ -x "$BIN" ]] && "$BIN" --version >/dev/null 2>&1; then
  echo "$BIN"
  exit 0
fi

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
chmod 0755 "$TMP"
(cd "$TMP" && apt-get download docker-registry >/dev/null 2>&1) || {
  apt-get update -qq >/dev/null
  (cd "$TMP" && apt-get download docker-registry >/dev/null)
}
mkdir -p "$DEST"
dpkg-deb -x "$TMP"/docker-registry_*.deb "$DEST"
"$BIN" --version >&2
echo "$BIN"
