#!/usr/bin/env bash
# Build the tiny local image used by end-to-end tests, without any registry:
#   mlcompose-test/busybox:1  FROM scratch + Debian's static busybox
# The build is skipped when the image exists and carries the hash of the current
# Dockerfile (label mlcompose.dockerfile.sha256). The image is checked every run.
# Needs a running engine (scripts/engine.sh).
set -euo pipefail

IMAGE="mlcompose-test/busybox:1"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CTX="$HERE/images/busybox"
LABEL="mlcompose.dockerfile.sha256"
start=$SECONDS

log() { echo "test-images.sh: $*"; }

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

docker info >/dev/null 2>&1 || { log "no Docker Engine answers; run scripts/engine.sh first" >&2; exit 1; }

want="$(sha256sum "$CTX/Dockerfile" | cut -d' ' -f1)"
have="$(docker image inspect --format "{{ index .Config.Labels \"$LABEL\" }}" "$IMAGE" 2>/dev/null || true)"

if [ "$have" = "$want" ]; then
  log "$IMAGE is up to date (Dockerfile $want)"
else
  # A static busybox runs in an empty (scratch) image with no libc.
  # MLCOMPOSE_BUSYBOX may point at one on systems without apt.
  BUSYBOX="${MLCOMPOSE_BUSYBOX:-/bin/busybox}"
  if [ -z "${MLCOMPOSE_BUSYBOX:-}" ] && ! dpkg -s busybox-static >/dev/null 2>&1; then
    log "installing busybox-static"
    if ! apt-cache policy busybox-static 2>/dev/null | grep 'Candidate: [^(]' >/dev/null; then
      $SUDO apt-get update -qq
    fi
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends busybox-static >/dev/null
  fi
  # The binary is copied into the context at build time (git-ignored).
  install -m 0755 "$BUSYBOX" "$CTX/busybox"

  # Without the buildx plugin, use the classic builder explicitly (quiet, and
  # works with DOCKER_BUILDKIT=1 set in the environment).
  docker buildx version >/dev/null 2>&1 || export DOCKER_BUILDKIT=0

  old_id="$(docker image inspect --format '{{.Id}}' "$IMAGE" 2>/dev/null || true)"
  log "building $IMAGE (Dockerfile $want)"
  # Output only on failure (the classic builder warns that it is deprecated).
  if ! build_out="$(docker build --force-rm --label "$LABEL=$want" -t "$IMAGE" "$CTX" 2>&1)"; then
    echo "$build_out" >&2
    log "build failed" >&2
    exit 1
  fi
  # Drop the image the rebuild replaced, so no dangling layers pile up.
  new_id="$(docker image inspect --format '{{.Id}}' "$IMAGE")"
  if [ -n "$old_id" ] && [ "$old_id" != "$new_id" ]; then
    docker rmi "$old_id" >/dev/null 2>&1 || true
  fi
fi

# Smoke test: shell, users, /tmp, and the applets tests rely on
# (httpd -f -p 8080 as a server, wget -q -O- for health checks, nc).
out="$(docker run --rm "$IMAGE" sh -c \
  'echo ok; id; id app; ls -ld /tmp; for a in httpd nc wget; do command -v $a >/dev/null || echo "missing $a"; done')"
# shellcheck disable=SC2001
sed "s/^/  /" <<<"$out"
case "$out" in
  ok*) ;;
  *) log "smoke test failed" >&2; exit 1 ;;
esac
if grep -q missing <<<"$out"; then log "applets missing" >&2; exit 1; fi
grep -q 'uid=1000(app)' <<<"$out" || { log "user app (1000) missing" >&2; exit 1; }
grep -q '^drwxrwxrwt' <<<"$out" || { log "/tmp is not 1777" >&2; exit 1; }

log "$IMAGE ready ($(docker image inspect --format '{{.Size}}' "$IMAGE") bytes) in $((SECONDS - start))s"
