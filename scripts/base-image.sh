#!/usr/bin/env bash
# Make debian:bookworm-slim available to the local engine without a registry.
#   1. already present            -> nothing to do
#   2. `docker pull` works         -> use it
#   3. otherwise debootstrap a minbase bookworm from the apt mirror this host
#      already uses, slim it down like the official image, and `docker import` it.
# Usage: scripts/base-image.sh [--verify]
#   --verify  also check the image when it already exists (done after every import):
#             it runs, and `apt-get install python3-minimal` works in a docker build.
# Environment: MLCOMPOSE_DEBIAN_MIRROR (default: from this host's apt sources),
#              MLCOMPOSE_PULL_TIMEOUT (seconds, default 20).
# Needs a running engine (scripts/engine.sh) and root or sudo for debootstrap.
set -euo pipefail

IMAGE="debian:bookworm-slim"
SUITE="bookworm"
start=$SECONDS
VERIFY=""
[ "${1:-}" = "--verify" ] && VERIFY=1

log() { echo "base-image.sh: $*"; }
elapsed() { echo "$((SECONDS - start))s"; }

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

docker info >/dev/null 2>&1 || { log "no Docker Engine answers; run scripts/engine.sh first" >&2; exit 1; }

verify() {
  log "verifying $IMAGE"
  local v
  v="$(docker run --rm "$IMAGE" cat /etc/debian_version)"
  log "  /etc/debian_version: $v"
  # Later Dockerfiles install Debian packages FROM this image; prove apt works
  # inside a build step (network, DNS, keyring, mirror, clock settings).
  local ctx tag="mlcompose-verify-base:tmp"
  ctx="$(mktemp -d)"
  cat > "$ctx/Dockerfile" <<EOF
FROM $IMAGE
RUN apt-get update && apt-get install -y --no-install-recommends python3-minimal \\
 && python3 -c 'import sys; print("python", sys.version.split()[0])'
EOF
  docker buildx version >/dev/null 2>&1 || export DOCKER_BUILDKIT=0
  local out rc=0
  out="$(docker build --rm --force-rm --no-cache -t "$tag" "$ctx" 2>&1)" || rc=$?
  rm -rf "$ctx"
  docker rmi "$tag" >/dev/null 2>&1 || true
  if [ "$rc" -ne 0 ]; then
    echo "$out" | tail -n 30 >&2
    log "apt-get inside docker build failed" >&2
    return 1
  fi
  log "  docker build: $(echo "$out" | grep -m1 '^python ')"
  log "verified in $(elapsed)"
}

if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  log "$IMAGE already present"
  if [ -n "$VERIFY" ]; then verify; fi
  exit 0
fi

# A registry may exist elsewhere (a developer laptop); bounded, since here DNS/TCP just hang or fail.
if timeout "${MLCOMPOSE_PULL_TIMEOUT:-20}" docker pull -q "$IMAGE" >/dev/null 2>&1; then
  log "pulled $IMAGE in $(elapsed)"
  verify
  exit 0
fi
log "docker pull failed (no registry); building $IMAGE with debootstrap"

# --- mirror: the one this host's apt already reaches --------------------------
mirror="${MLCOMPOSE_DEBIAN_MIRROR:-}"
security=""
if [ -z "$mirror" ] && [ -r /etc/apt/sources.list.d/debian.sources ]; then
  # deb822: first URIs of a stanza whose Suites name the release itself / -security.
  mirror="$(awk -v s="$SUITE" '/^URIs:/{u=$2} /^Suites:/{for(i=2;i<=NF;i++) if($i==s){print u; exit}}' /etc/apt/sources.list.d/debian.sources)"
  security="$(awk -v s="$SUITE-security" '/^URIs:/{u=$2} /^Suites:/{for(i=2;i<=NF;i++) if($i==s){print u; exit}}' /etc/apt/sources.list.d/debian.sources)"
fi
if [ -z "$mirror" ] && [ -r /etc/apt/sources.list ]; then
  mirror="$(awk -v s="$SUITE" '$1=="deb" && $3==s {print $2; exit}' /etc/apt/sources.list)"
  security="$(awk -v s="$SUITE-security" '$1=="deb" && $3==s {print $2; exit}' /etc/apt/sources.list)"
fi
mirror="${mirror:-http://deb.debian.org/debian}"
security="${security:-http://deb.debian.org/debian-security}"
log "mirror $mirror (security $security)"

apt_install() {
  local p need_update=""
  # (grep without -q: under pipefail its early exit would SIGPIPE apt-cache)
  for p in "$@"; do
    apt-cache policy "$p" 2>/dev/null | grep 'Candidate: [^(]' >/dev/null || need_update=1
  done
  [ -z "$need_update" ] || $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
if ! command -v debootstrap >/dev/null 2>&1; then
  log "installing debootstrap"
  # debian-archive-keyring: debootstrap verifies the Release signature with it.
  apt_install debootstrap debian-archive-keyring
fi

# --- debootstrap ---------------------------------------------------------------
DIR="$($SUDO mktemp -d "${TMPDIR:-/var/tmp}/mlcompose-rootfs.XXXXXX")"
cleanup() {
  # Unmount anything debootstrap left mounted before deleting, and never cross filesystems.
  local m
  for m in proc sys dev/pts dev; do
    if mountpoint -q "$DIR/$m" 2>/dev/null; then $SUDO umount -l "$DIR/$m" || true; fi
  done
  $SUDO rm -rf --one-file-system "$DIR"
}
trap cleanup EXIT

log "debootstrap --variant=minbase $SUITE into $DIR"
if ! $SUDO debootstrap --variant=minbase "$SUITE" "$DIR" "$mirror" > "$DIR.log" 2>&1; then
  tail -n 30 "$DIR.log" >&2
  log "debootstrap failed (full log: $DIR.log)" >&2
  exit 1
fi
rm -f "$DIR.log"
log "debootstrap done after $(elapsed)"

# --- slim down, like the official -slim image ----------------------------------
$SUDO bash -euo pipefail -s "$DIR" "$SUITE" "$mirror" "$security" <<'ROOT'
R="$1"; suite="$2"; mirror="$3"; security="$4"
# Never delete through a mount debootstrap left behind (e.g. a bind of the host /dev).
if awk -v r="$R/" 'index($2, r) == 1 {found=1} END {exit !found}' /proc/mounts; then
  echo "base-image.sh: something is still mounted under $R" >&2; exit 1
fi
# Keep future package installs slim too (docs, man pages, locales are not unpacked).
cat > "$R/etc/dpkg/dpkg.cfg.d/docker" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/lintian/overrides/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
path-exclude /usr/share/man/*
EOF
# apt: no caches in image layers, no translations.
cat > "$R/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF
echo 'Acquire::Languages "none";' > "$R/etc/apt/apt.conf.d/docker-no-languages"
echo 'Apt::AutoRemove::SuggestsImportant "false";' > "$R/etc/apt/apt.conf.d/docker-autoremove-suggests"
# Snapshot mirrors serve Release files past Valid-Until; carry this host's
# apt clock settings over so apt-get update in the image behaves like here.
apt-config dump 2>/dev/null | grep -E '^Acquire::Check-(Valid-Until|Date) ' \
  > "$R/etc/apt/apt.conf.d/99mlcompose-mirror" || rm -f "$R/etc/apt/apt.conf.d/99mlcompose-mirror"
# Services must not start during `apt-get install` in a build (e.g. postgresql).
printf '#!/bin/sh\nexit 101\n' > "$R/usr/sbin/policy-rc.d"; chmod 755 "$R/usr/sbin/policy-rc.d"
# Same sources as the official image: release, -updates, -security.
rm -f "$R/etc/apt/sources.list"
cat > "$R/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $mirror
Suites: $suite $suite-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $security
Suites: $suite-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
# Drop docs, man pages, locales, apt lists/caches, logs; Docker provides
# /dev, /proc, /sys, hostname, hosts and resolv.conf at run time.
find "$R/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
find "$R/usr/share/doc" -mindepth 1 -type d -empty -delete
rm -rf "$R"/usr/share/man/* "$R"/usr/share/info/* "$R"/usr/share/groff/* "$R"/usr/share/lintian/*
find "$R/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} +
rm -rf "$R"/var/lib/apt/lists/* "$R"/var/cache/apt/*.bin "$R"/var/cache/apt/archives/*.deb "$R"/var/cache/debconf/*-old
find "$R/var/log" -type f -delete
rm -rf --one-file-system "$R"/dev/* "$R"/proc/* "$R"/sys/* "$R"/run/* "$R"/tmp/* "$R"/var/tmp/*
rm -f "$R/etc/hostname" "$R/etc/resolv.conf"; : > "$R/etc/hostname"
chmod 1777 "$R/tmp" "$R/var/tmp"
ROOT

log "importing ($($SUDO du -sh --one-file-system "$DIR" | cut -f1))"
$SUDO tar --numeric-owner --xattrs -C "$DIR" -c . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["bash"]' \
  --message "debootstrap --variant=minbase $SUITE $mirror (scripts/base-image.sh)" \
  - "$IMAGE" >/dev/null
log "imported $IMAGE in $(elapsed)"

verify
log "done in $(elapsed)"
