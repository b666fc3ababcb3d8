#!/usr/bin/env bash
# A second, newer Docker Engine next to the main one: Debian trixie's Engine 26.1 (API 1.45) with
# containerd 1.7, for the end-to-end suite's second CI pass and for what only a newer engine has
# (CDI devices, healthcheck.start_interval, annotations).
#
#   scripts/engine-26.sh start DIR        fetch it when missing, start it; the last stdout line is DOCKER_HOST=unix://DIR/run/docker.sock
#   scripts/engine-26.sh stop DIR         stop it, its containers and containerd; unmount and remove DIR
#   scripts/engine-26.sh status DIR       exit 0 and print DOCKER_HOST=... when it answers, else exit 1
#   scripts/engine-26.sh check DIR        check CDI and healthcheck.start_interval on it (below); exit 1 if either fails
#   scripts/engine-26.sh run DIR CMD...   run CMD in its network namespace, with DOCKER_HOST set and its binaries first on PATH
#
# The packages (as scripts/install-compose-v2.sh fetches compose): trixie's docker.io (dockerd,
# docker-proxy), docker-cli and containerd, and bookworm's runc and tini (docker-init), through a private
# apt list (Dir::Etc::SourceList=/dev/null, Dir::Etc::SourceParts and Dir::State::Lists in a temporary
# directory): `apt-get download`, `dpkg-deb -x` into .tools/engine-26/root, links in .tools/engine-26/bin.
# The system's apt sources and packages stay as they are. trixie's binaries need glibc 2.34 (Debian 12
# has 2.36); trixie's runc needs 2.38, hence bookworm's. Idempotent: tools that are there and report the
# expected versions (dockerd and docker 26.1, containerd 1.7, runc 1.1, tini 0.19) are only verified.
#
# Isolation from the main engine (/var/run/docker.sock) and from scripts/gpu-host.sh's hosts, as
# gpu-host.sh does it: dockerd runs in its own network namespace and its own mount namespace (propagation
# slave), with its own --data-root, --exec-root, socket, pidfile, config file, managed containerd (under
# DIR/exec) and cgroup parent. In that mount namespace DIR/containerd is bound over /run/containerd, where
# containerd 1.7 puts its shims' sockets (/run/containerd/s/) whatever its own state directory: they stay
# under DIR, out of the host's /run/containerd, and go with it. A directory rather than gpu-host.sh's tmpfs:
# with a tmpfs a restarted dockerd lost its shims and they leaked (measured with three such engines).
# Unlike gpu-host.sh's hosts it keeps a default bridge network and iptables, as any engine has them: the
# bridge and the NAT rules live in its own network namespace, so the host's are untouched.
#
# Ports: a published port is bound in that network namespace, on its 127.0.0.1, not on the host's. The
# namespace has only `lo` and the engine's bridges, so no route out: what reaches the engine's containers
# runs inside it: `run DIR CMD...` (nsenter --net). Unix sockets are files, so the main engine and other
# hosts still answer there. Images are not pulled (no registry, no route): `start` copies them from the
# main engine (docker save | docker load).
#
# CDI: daemon.json has "features": {"cdi": true} (Engine 25.0 to 28.1 need it; moby
# cmd/dockerd/config.go) and "cdi-spec-dirs": [DIR/cdi], where start writes a fake GPU vendor,
# DIR/cdi/mlcompose-fake-gpu.json: kind nvidia.com/gpu, devices 0, 1 and all. A CDI name reaches the
# engine as a device request with driver "cdi" (compose `devices:`, docker run --device
# nvidia.com/gpu=0); the engine edits the container's OCI spec. Measured on 26.1.5 (`check`), for
# `docker run --device nvidia.com/gpu=0`, the container sees
#   env  MLCOMPOSE_FAKE_CDI=nvidia.com/gpu  (spec-wide edit: any device of the spec)
#        MLCOMPOSE_FAKE_GPU_0=1             (device 0's edit; gpu=1 gives MLCOMPOSE_FAKE_GPU_1=1, gpu=all both)
#   dev  /dev/nvidiactl  char 1,5 (host's /dev/zero)   /dev/nvidia0  char 1,3 (host's /dev/null)
#        (gpu=1: /dev/nvidia1; gpu=all: /dev/nvidia0 and /dev/nvidia1)
# The edits are not in `docker inspect` (Config.Env stays the image's); HostConfig.DeviceRequests shows
# [{"Driver":"cdi","DeviceIDs":["nvidia.com/gpu=0"],...}]. An unknown name (nvidia.com/gpu=2) fails at
# start: "CDI device injection failed: unresolvable CDI devices nvidia.com/gpu=2". This engine has no
# nvidia driver: `--gpus 1` is refused, 'could not select device driver "" with capabilities: [[gpu]]'.
#
# healthcheck.start_interval (API 1.44): measured on 26.1.5 (`check`), interval 30s, start_period 30s,
# start_interval 1s and a probe that passes on its 3rd run: healthy ~3 s after start, three probes ~1 s
# apart (without start_interval the first probe alone comes after 30 s). The engine keeps StartInterval
# only from clients speaking API 1.44 or newer: a create at /v1.41/ (what mlcompose's docker-java client
# pins) loses StartInterval and HostConfig.Annotations without a warning.
#
# Progress goes to stderr; stdout carries only the DOCKER_HOST line. Needs root (re-runs with sudo).
#
# Environment:
#   MLCOMPOSE_ENGINE26_WAIT     seconds to wait for the daemon (default 60)
#   MLCOMPOSE_ENGINE26_STORAGE  storage drivers to try, in order (default "overlay2 vfs")
#   MLCOMPOSE_ENGINE26_IMAGES   images copied from the main engine (default mlcompose-test/busybox:1,
#                               built with scripts/test-images.sh when missing, and debian:bookworm-slim)
#   MLCOMPOSE_ENGINE26_HOSTNAME a hostname of its own, in a UTS namespace of its own (scripts/swarm-cluster.sh's nodes)
#   MLCOMPOSE_ENGINE26_DAEMON   more daemon.json members, as JSON text ("bridge": "none", "node-generic-resources": [...])
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(dirname "$HERE")"
TOOLS="$REPO_ROOT/.tools/engine-26"
BIN="$TOOLS/bin"
WAIT_S="${MLCOMPOSE_ENGINE26_WAIT:-60}"
TEST_IMAGE="mlcompose-test/busybox:1"
IMAGES="${MLCOMPOSE_ENGINE26_IMAGES:-$TEST_IMAGE debian:bookworm-slim}"
STORAGE_DRIVERS="${MLCOMPOSE_ENGINE26_STORAGE:-overlay2 vfs}"
# What is fetched: package/suite, and for each linked binary (path in the package) the version it must
# report (a regular expression on the first line of `BINARY --version`, or - for none).
PACKAGES="docker.io/trixie docker-cli/trixie containerd/trixie runc/bookworm tini/bookworm"
BINARIES=(
  "usr/sbin/dockerd                ^Docker version 26\.1\."
  "usr/bin/docker                  ^Docker version 26\.1\."
  "usr/bin/containerd              [[:space:]]1\.7\."
  "usr/bin/containerd-shim-runc-v2 -"
  "usr/sbin/runc                   ^runc version 1\.1\."
  "usr/sbin/docker-proxy           -"
  "usr/bin/tini-static             ^tini version 0\.19\."
)
# Unix socket paths hold 107 bytes; the longest one here is DIR/exec/containerd/containerd-debug.sock.
MAX_DIR_LEN=64

log() { echo "engine-26.sh: $*" >&2; }
die() { log "$*"; exit 1; }

usage() {
  sed -n '/^#   scripts/s/^#   //p' "${BASH_SOURCE[0]}" >&2
  exit 2
}

[ $# -ge 2 ] || usage
CMD="$1"
case "$CMD" in start|stop|status|check) [ $# -eq 2 ] || usage ;; run) [ $# -ge 3 ] || usage ;; *) usage ;; esac

if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || die "need root or sudo"
  exec sudo --preserve-env "${BASH_SOURCE[0]}" "$@"
fi

DIR="$(realpath -m "$2")"
[ "$DIR" != / ] || die "DIR must not be /"
shift 2
STATE="$DIR/engine-26.env"     # marks DIR as ours; key=value lines
SOCK="$DIR/run/docker.sock"
HOST="unix://$SOCK"

state_get() { sed -n "s/^$1=//p" "$STATE" 2>/dev/null | tail -n 1; }
state_put() { echo "$1=$2" >>"$STATE"; }

e26_docker() { "$BIN/docker" -H "$HOST" "$@"; }
answers() { [ -S "$SOCK" ] && timeout 10 "$BIN/docker" -H "$HOST" info >/dev/null 2>&1; }

# A pid is our dockerd only while its command line names our socket (pids are reused).
is_our_dockerd() {
  [ -n "$1" ] && [ -r "/proc/$1/cmdline" ] && tr '\0' ' ' 2>/dev/null <"/proc/$1/cmdline" | grep -F -- "$HOST" >/dev/null
}

# --- the packages --------------------------------------------------------------------------------
# Prints nothing; returns 1 (saying why) unless every binary is linked and reports its version.
tools_ok() {
  local entry path want name first
  for entry in "${BINARIES[@]}"; do
    read -r path want <<<"$entry"
    name="$(basename "$path")"; [ "$name" != tini-static ] || name=docker-init
    [ -x "$BIN/$name" ] || { log "missing: $BIN/$name"; return 1; }
    [ "$want" != - ] || continue
    first="$("$BIN/$name" --version 2>&1 | sed -n 1p)" || true
    [[ "$first" =~ $want ]] || { log "$BIN/$name reports '$first', not /$want/"; return 1; }
  done
}

apt_sources() {
  # $1: directory for the private list: the host's Debian mirror and key, trixie and bookworm.
  local src=/etc/apt/sources.list.d/debian.sources uris signed suite
  [ -r "$src" ] || die "cannot read $src (the Debian mirror to fetch from)"
  uris="$(awk '/^URIs:/ && $2 !~ /security/ {print $2; exit}' "$src")"
  signed="$(awk '/^Signed-By:/ {print $2; exit}' "$src")"
  [ -n "$uris" ] || die "no URIs in $src"
  for suite in trixie bookworm; do
    printf 'Types: deb\nURIs: %s\nSuites: %s\nComponents: main\n%s\n\n' "$uris" "$suite" \
      "${signed:+Signed-By: $signed}"
  done >"$1/engine-26.sources"
}

install_tools() {
  local tmp deb entry path want name
  tools_ok 2>/dev/null && return 0
  log "fetching $PACKAGES into $TOOLS"
  mkdir -p "$(dirname "$TOOLS")"
  tmp="$(mktemp -d "$(dirname "$TOOLS")/.engine-26.XXXXXX")"
  # shellcheck disable=SC2064
  trap "rm -rf '$tmp'" EXIT
  mkdir -p "$tmp"/{sources,lists/partial,download,new/root,new/bin}
  chmod -R a+rwx "$tmp/lists" "$tmp/download"   # apt downloads as _apt
  chmod 0755 "$tmp"
  apt_sources "$tmp/sources"
  local apt=(-oDir::Etc::SourceList=/dev/null -oDir::Etc::SourceParts="$tmp/sources"
    -oDir::State::Lists="$tmp/lists" -oDir::Cache::pkgcache= -oDir::Cache::srcpkgcache=)
  apt-get "${apt[@]}" -qq update >&2
  # shellcheck disable=SC2086
  (cd "$tmp/download" && apt-get "${apt[@]}" -qq download $PACKAGES >&2)
  for deb in "$tmp"/download/*.deb; do
    dpkg-deb -x "$deb" "$tmp/new/root"
    basename "$deb" >>"$tmp/new/PACKAGES"
  done
  for entry in "${BINARIES[@]}"; do
    read -r path want <<<"$entry"
    name="$(basename "$path")"; [ "$name" != tini-static ] || name=docker-init
    [ -f "$tmp/new/root/$path" ] || die "$path is not in the packages ($(tr '\n' ' ' <"$tmp/new/PACKAGES"))"
    ln -s "../root/$path" "$tmp/new/bin/$name"
  done
  rm -rf "$TOOLS" && mv "$tmp/new" "$TOOLS"
  tools_ok || die "the fetched binaries do not run as expected (packages: $(tr '\n' ' ' <"$TOOLS/PACKAGES"))"
  log "installed $(tr '\n' ' ' <"$TOOLS/PACKAGES")($(du -sh "$TOOLS" | cut -f1))"
}

# --- the fake CDI vendor -------------------------------------------------------------------------
write_cdi_spec() {
  # Harmless device nodes: the host's /dev/null (char 1,3) as /dev/nvidiaN, /dev/zero as /dev/nvidiactl.
  cat >"$DIR/cdi/mlcompose-fake-gpu.json" <<'EOF'
{
  "cdiVersion": "0.5.0",
  "kind": "nvidia.com/gpu",
  "containerEdits": {
    "env": ["MLCOMPOSE_FAKE_CDI=nvidia.com/gpu"],
    "deviceNodes": [{"path": "/dev/nvidiactl", "hostPath": "/dev/zero"}]
  },
  "devices": [
    {"name": "0", "containerEdits": {"env": ["MLCOMPOSE_FAKE_GPU_0=1"],
      "deviceNodes": [{"path": "/dev/nvidia0", "hostPath": "/dev/null"}]}},
    {"name": "1", "containerEdits": {"env": ["MLCOMPOSE_FAKE_GPU_1=1"],
      "deviceNodes": [{"path": "/dev/nvidia1", "hostPath": "/dev/null"}]}},
    {"name": "all", "containerEdits": {"env": ["MLCOMPOSE_FAKE_GPU_0=1", "MLCOMPOSE_FAKE_GPU_1=1"],
      "deviceNodes": [{"path": "/dev/nvidia0", "hostPath": "/dev/null"}, {"path": "/dev/nvidia1", "hostPath": "/dev/null"}]}}
  ]
}
EOF
}

write_daemon_json() {
  # Not /etc/docker/daemon.json: its settings would clash with ours.
  cat >"$DIR/daemon.json" <<EOF
{${MLCOMPOSE_ENGINE26_DAEMON:+
  $MLCOMPOSE_ENGINE26_DAEMON,}
  "features": {"cdi": true},
  "cdi-spec-dirs": ["$DIR/cdi"],
  "userland-proxy-path": "$BIN/docker-proxy",
  "init-path": "$BIN/docker-init"
}
EOF
}

# --- stop ----------------------------------------------------------------------------------------
# Pids in namespace $1 (its link text, e.g. "mnt:[4026532255]"), sorted; one find, no fork per process.
ns_pids() {
  find /proc/[0-9]*/ns -maxdepth 1 -name "${1%%:*}" -lname "$(printf '%s' "$1" | sed 's/[][]/\\&/g')" 2>/dev/null \
    | cut -d/ -f3 | sort
}

# Pids of every process of this engine: daemons (in our mount and network namespaces) and containers
# (in our cgroup parent). Not those of `run`: they are only in the network namespace.
our_pids() {
  local mnt net cg p f
  mnt="$(state_get MNTNS)"; net="$(state_get NETNS)"; cg="$(state_get CGROUP_PARENT)"
  # Both namespaces must match: an inode number may be reused once a namespace is gone.
  if [ -n "$mnt" ] && [ -n "$net" ]; then comm -12 <(ns_pids "$mnt") <(ns_pids "$net"); fi
  # A dockerd that died early leaves no namespace to match; its containerd says where it is.
  p="$(cat "$DIR/exec/containerd/containerd.pid" 2>/dev/null || true)"
  if [ -n "$p" ] && tr '\0' ' ' 2>/dev/null <"/proc/$p/cmdline" | grep -F -- "$DIR/exec/" >/dev/null; then echo "$p"; fi
  if [ -n "$cg" ]; then
    find /sys/fs/cgroup -path "*/$cg/*" -name cgroup.procs 2>/dev/null | while read -r f; do cat "$f" 2>/dev/null; done
  fi
  return 0
}

kill_and_wait() {
  # $1: seconds; then the pids. TERM, and KILL what is still alive after $1 seconds.
  local wait_s="$1" i p alive; shift
  [ $# -gt 0 ] || return 0
  kill -TERM "$@" 2>/dev/null || true
  for ((i = 0; i < wait_s * 10; i++)); do
    alive=""; for p in "$@"; do kill -0 "$p" 2>/dev/null && alive=1; done
    [ -n "$alive" ] || return 0
    sleep 0.1
  done
  kill -KILL "$@" 2>/dev/null || true
}

stop_engine() {
  local pid cg left ids i m
  pid="$(state_get PID)"
  if answers; then
    # Remove containers first: dockerd's shutdown would wait out each one's stop timeout.
    ids="$(timeout 30 "$BIN/docker" -H "$HOST" ps -aq 2>/dev/null || true)"
    # shellcheck disable=SC2086
    [ -z "$ids" ] || timeout 60 "$BIN/docker" -H "$HOST" rm -f $ids >/dev/null 2>&1 || true
  fi
  if is_our_dockerd "$pid"; then
    log "stopping dockerd (pid $pid)"
    kill_and_wait 30 "$pid"  # dockerd stops its managed containerd itself
  fi
  # Whatever outlived dockerd (containerd, shims, containers, after a crash): nothing to save there.
  for ((i = 0; i < 50; i++)); do
    mapfile -t left < <(our_pids | sort -u)
    [ ${#left[@]} -gt 0 ] || break
    (( i > 0 )) || log "killing leftover processes: ${left[*]}"
    kill -KILL "${left[@]}" 2>/dev/null || true
    sleep 0.1
  done
  cg="$(state_get CGROUP_PARENT)"
  [ -z "$cg" ] || find /sys/fs/cgroup -depth -type d \( -path "*/$cg" -o -path "*/$cg/*" \) 2>/dev/null \
    | while read -r m; do rmdir "$m" 2>/dev/null || true; done
  # Mounts of our own namespace ended with it; this catches any made in the host's namespace.
  awk -v dir="$DIR/" 'index($2, dir) == 1 {print $2}' /proc/mounts | sort -r | while read -r m; do
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || log "cannot unmount $m"
  done
  return 0
}

cmd_stop() {
  if [ ! -e "$DIR" ]; then log "nothing at $DIR"; return 0; fi
  [ -f "$STATE" ] || die "$DIR is not an engine-26 directory (no $STATE); not touching it"
  stop_engine
  rm -rf --one-file-system "$DIR"
  log "stopped; removed $DIR"
}

# --- start ---------------------------------------------------------------------------------------
cgroup_parent() {
  # One per DIR, so that two such engines can run side by side.
  echo "mlcompose-engine26-$(printf '%s' "$DIR" | cksum | cut -d' ' -f1)"
}

launch_dockerd() {
  # $1: storage driver. Prints dockerd's pid. nohup + setsid: it outlives this script; unshare execs,
  # so the pid is dockerd's own. In the new namespaces: lo up, and DIR/containerd over /run/containerd.
  # shellcheck disable=SC2016  # expanded by that sh
  local cmd='ip link set lo up && mount --bind "$0" /run/containerd && exec "$@"' uts=()
  if [ -n "${MLCOMPOSE_ENGINE26_HOSTNAME:-}" ]; then
    uts=(--uts)
    cmd="hostname '$MLCOMPOSE_ENGINE26_HOSTNAME' && $cmd"
  fi
  PATH="$BIN:$PATH" nohup setsid unshare --net --mount "${uts[@]}" --propagation slave sh -c "$cmd" "$DIR/containerd" \
    "$BIN/dockerd" \
    --config-file "$DIR/daemon.json" \
    --data-root "$DIR/data" --exec-root "$DIR/exec" --pidfile "$DIR/run/docker.pid" \
    -H "$HOST" \
    --cgroup-parent "/$(state_get CGROUP_PARENT)" \
    --storage-driver "$1" \
    >>"$DIR/dockerd.log" 2>&1 </dev/null &
  echo $!
}

wait_daemon() {
  local pid="$1" start=$SECONDS
  while (( SECONDS - start < WAIT_S )); do
    if answers; then return 0; fi
    kill -0 "$pid" 2>/dev/null || { log "dockerd (pid $pid) exited"; return 1; }
    sleep 0.2
  done
  log "no answer after ${WAIT_S}s"
  return 1
}

verify_engine() {
  local version
  version="$(e26_docker version --format '{{.Server.Version}} API {{.Server.APIVersion}}')"
  [[ "$version" =~ ^26\.1\..*\ API\ 1\.45$ ]] || die "the engine at $HOST is $version, not 26.1 with API 1.45"
  e26_docker info --format '{{json .CDISpecDirs}}' | grep -F -- "\"$DIR/cdi\"" >/dev/null \
    || die "the engine at $HOST does not read CDI specs from $DIR/cdi; log: $DIR/dockerd.log"
  echo "$version"
}

ensure_images() {
  local img
  for img in $IMAGES; do
    docker image inspect "$img" >/dev/null 2>&1 && continue
    case "$img" in
      "$TEST_IMAGE") "$HERE/test-images.sh" >&2 ;;
      debian:bookworm-slim) die "$img is not on the main engine; scripts/base-image.sh builds it" ;;
      *) die "$img is not on the main engine" ;;
    esac
  done
}

load_images() {
  # One stream: layers the images share are sent once.
  # shellcheck disable=SC2086
  docker save $IMAGES | e26_docker load -q >/dev/null
  log "loaded $IMAGES"
}

cmd_start() {
  local start=$SECONDS launched pid="" storage version
  (( ${#DIR} <= MAX_DIR_LEN )) || die "DIR is ${#DIR} characters; at most $MAX_DIR_LEN (unix socket paths under it)"
  # The main engine, wherever the caller's DOCKER_HOST says, is where the images come from.
  docker info >/dev/null 2>&1 || die "the main engine does not answer (images come from it); run scripts/engine.sh"
  install_tools
  ensure_images
  if [ -f "$STATE" ]; then
    if is_our_dockerd "$(state_get PID)" && answers; then
      log "already running"
      echo "DOCKER_HOST=$HOST"
      return 0
    fi
    log "cleaning up a stopped one at $DIR"
    stop_engine
    rm -rf --one-file-system "$DIR"
  elif [ -e "$DIR" ] && [ -n "$(ls -A "$DIR")" ]; then
    die "$DIR exists and is not empty"
  fi

  mkdir -p "$DIR"/{data,exec,run,cdi,containerd}
  chmod 0755 "$DIR" "$DIR/run"
  chmod 0700 "$DIR/containerd"
  # The mount point only: an empty directory where no containerd runs on the host.
  [ -d /run/containerd ] || mkdir -m 0700 /run/containerd
  state_put CGROUP_PARENT "$(cgroup_parent)"
  state_put DOCKER_HOST "$HOST"
  write_daemon_json
  write_cdi_spec

  launched=$SECONDS
  for storage in $STORAGE_DRIVERS; do
    echo "=== $(date -u +%FT%TZ) engine-26.sh: dockerd --storage-driver $storage" >>"$DIR/dockerd.log"
    pid="$(launch_dockerd "$storage")"
    state_put PID "$pid"   # now, so that `stop` finds it even if this script is interrupted
    if wait_daemon "$pid"; then break; fi
    log "dockerd with $storage failed; last lines of $DIR/dockerd.log (without grpc's):"
    grep -v 'module=grpc' "$DIR/dockerd.log" | tail -n 10 >&2 || true
    stop_engine
    rm -rf --one-file-system "$DIR/data" "$DIR/exec" "$DIR/containerd"
    mkdir -p "$DIR/data" "$DIR/exec" "$DIR/containerd"
    pid=""
  done
  [ -n "$pid" ] || die "could not start dockerd; log: $DIR/dockerd.log (\`$0 stop $DIR\` removes it)"
  state_put MNTNS "$(readlink "/proc/$pid/ns/mnt")"
  state_put NETNS "$(readlink "/proc/$pid/ns/net")"
  state_put STORAGE "$storage"
  version="$(verify_engine)"
  log "dockerd $version (pid $pid, $storage) answers at $HOST after $((SECONDS - launched))s"

  load_images
  log "ready in $((SECONDS - start))s; log $DIR/dockerd.log"
  echo "DOCKER_HOST=$HOST"
}

running() { [ -f "$STATE" ] && is_our_dockerd "$(state_get PID)" && answers; }

cmd_status() {
  if running; then
    log "running (pid $(state_get PID), $(state_get STORAGE))"
    echo "DOCKER_HOST=$HOST"
    return 0
  fi
  log "not running at $DIR"
  return 1
}

# --- run -----------------------------------------------------------------------------------------
cmd_run() {
  running || die "not running at $DIR (scripts/engine-26.sh start $DIR)"
  # Only the network namespace: the command sees the host's files, as dockerd does (its mount
  # namespace is a slave copy of the host's).
  exec nsenter --target "$(state_get PID)" --net -- env DOCKER_HOST="$HOST" PATH="$BIN:$PATH" "$@"
}

# --- check ---------------------------------------------------------------------------------------
check_cdi() {
  local seen want
  # shellcheck disable=SC2016  # expanded in the container
  seen="$(e26_docker run --rm --device nvidia.com/gpu=0 "$TEST_IMAGE" sh -c \
    'env | grep ^MLCOMPOSE_ | sort; for d in /dev/nvidia*; do echo "$d $(stat -c %t,%T "$d")"; done')"
  want=$'MLCOMPOSE_FAKE_CDI=nvidia.com/gpu\nMLCOMPOSE_FAKE_GPU_0=1\n/dev/nvidia0 1,3\n/dev/nvidiactl 1,5'
  if [ "$seen" != "$want" ]; then
    log "CDI: a container with --device nvidia.com/gpu=0 sees:"; printf '%s\n' "$seen" >&2
    return 1
  fi
  log "CDI: --device nvidia.com/gpu=0 gives $(printf '%s' "$seen" | tr '\n' ' ')"
}

check_start_interval() {
  # The probe passes on its 3rd run: with start_interval 1s that is ~3 s after start; at interval 30s
  # the first run alone would come after 30 s.
  local name="engine-26-check-$$" started=$SECONDS status="" probes
  # shellcheck disable=SC2016  # expanded in the container
  e26_docker run -d --name "$name" --health-cmd 'n=$(($(cat /tmp/n 2>/dev/null || echo 0) + 1)); echo $n >/tmp/n; [ $n -ge 3 ]' \
    --health-interval 30s --health-start-period 30s --health-start-interval 1s --health-retries 5 \
    "$TEST_IMAGE" sleep 60 >/dev/null
  while (( SECONDS - started < 15 )); do
    status="$(e26_docker inspect --format '{{.State.Health.Status}}' "$name")"
    [ "$status" != healthy ] || break
    sleep 0.2
  done
  probes="$(e26_docker inspect --format '{{range .State.Health.Log}}{{.ExitCode}} {{end}}' "$name")"
  e26_docker rm -f "$name" >/dev/null
  if [ "$status" != healthy ]; then
    log "start_interval: not healthy after 15 s (status $status, probe exit codes: $probes)"
    return 1
  fi
  log "start_interval: healthy after ~$((SECONDS - started)) s, probe exit codes $probes(interval 30s, start_interval 1s)"
}

cmd_check() {
  running || die "not running at $DIR (scripts/engine-26.sh start $DIR)"
  local failed=""
  check_cdi || failed=1
  check_start_interval || failed=1
  [ -z "$failed" ]
}

"cmd_$CMD" "$@"
