#!/usr/bin/env bash
# A simulated GPU host for tests: a second, separate dockerd whose "nvidia" device driver and
# "nvidia" runtime are registered, so GPU requests (`--gpus`, compose
# `deploy.resources.reservations.devices`, `runtime: nvidia`) can be checked without GPUs.
#
#   scripts/gpu-host.sh start DIR    start it; the last stdout line is DOCKER_HOST=unix://DIR/run/docker.sock
#   scripts/gpu-host.sh stop DIR     stop it, its containers and containerd; unmount and remove DIR
#   scripts/gpu-host.sh status DIR   exit 0 and print DOCKER_HOST=... when it answers, else exit 1
#
# How: dockerd 20.10 registers its nvidia driver when an executable named
# nvidia-container-runtime-hook is on its PATH at start (moby daemon/nvidia_linux.go). For a device
# request it then sets NVIDIA_VISIBLE_DEVICES in the container (device IDs joined by commas, count N
# -> "0,...,N-1", count -1 -> "all") and adds that executable as an OCI prestart hook. Here the hook
# is a stand-in, DIR/hook/nvidia-container-runtime-hook, that writes one record per call into
# DIR/records/ (see write_hook) and exits 0. dockerd, containerd and runc are the first ones on PATH:
# Engine 20.10 in CI's first pass, 26.1 in the second (`scripts/engine-26.sh run` puts its binaries
# first), which registers its nvidia driver the same way.
#
# The nvidia runtime (`runtime: nvidia`, `docker run --runtime nvidia`) is registered in
# DIR/daemon.json ("runtimes": {"nvidia": {"path": ...}}) as a stand-in for nvidia-container-runtime,
# DIR/hook/nvidia-container-runtime: for each container it creates it writes one record into
# DIR/runtime-records/ (see write_runtime), then runs the runc that was first on PATH at start, so
# the container runs as on runc. The real runtime adds the hook above to the container, which gives
# it the GPUs NVIDIA_VISIBLE_DEVICES names; here the container only sees that variable.
#
# Isolation from the main engine: dockerd runs in its own network namespace (only `lo`; --bridge=none,
# no iptables rules; user-defined bridge networks work inside it) and its own mount namespace, where
# its overlay mounts stay and /run/containerd is hidden, so that it always starts its own managed
# containerd under DIR/exec instead of joining a system one. Own --data-root, --exec-root, socket,
# pidfile, config file, and a cgroup parent of its own. Published ports live in that network
# namespace, not on the host.
#
# Progress goes to stderr; stdout carries only the DOCKER_HOST line. Needs root (re-runs with sudo).
#
# Environment:
#   MLCOMPOSE_GPUHOST_WAIT     seconds to wait for the daemon (default 60)
#   MLCOMPOSE_GPUHOST_STORAGE  storage drivers to try, in order (default "overlay2 vfs": vfs where
#                              overlayfs does not work, e.g. DIR on an overlay filesystem)
#   MLCOMPOSE_GPUHOST_IMAGES   images copied from the main engine (default mlcompose-test/busybox:1,
#                              built with scripts/test-images.sh when missing)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WAIT_S="${MLCOMPOSE_GPUHOST_WAIT:-60}"
TEST_IMAGE="mlcompose-test/busybox:1"
IMAGES="${MLCOMPOSE_GPUHOST_IMAGES:-$TEST_IMAGE}"
STORAGE_DRIVERS="${MLCOMPOSE_GPUHOST_STORAGE:-overlay2 vfs}"
HOOK_NAME="nvidia-container-runtime-hook"
RUNTIME_NAME="nvidia-container-runtime"
# Unix socket paths hold 107 bytes; the longest one here is DIR/exec/containerd/containerd-debug.sock.
MAX_DIR_LEN=64

log() { echo "gpu-host.sh: $*" >&2; }
die() { log "$*"; exit 1; }

usage() {
  sed -n '/^#   scripts/s/^#   //p' "${BASH_SOURCE[0]}" >&2
  exit 2
}

[ $# -eq 2 ] || usage
CMD="$1"
case "$CMD" in start|stop|status) ;; *) usage ;; esac

if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || die "need root or sudo"
  exec sudo --preserve-env "${BASH_SOURCE[0]}" "$@"
fi

DIR="$(realpath -m "$2")"
[ "$DIR" != / ] || die "DIR must not be /"
STATE="$DIR/gpu-host.env"     # marks DIR as ours; key=value lines
SOCK="$DIR/run/docker.sock"
HOST="unix://$SOCK"

state_get() { sed -n "s/^$1=//p" "$STATE" 2>/dev/null | tail -n 1; }
state_put() { echo "$1=$2" >>"$STATE"; }

gpu_docker() { docker -H "$HOST" "$@"; }
answers() { [ -S "$SOCK" ] && timeout 10 docker -H "$HOST" info >/dev/null 2>&1; }

# A pid is our dockerd only while its command line names our socket (pids are reused).
is_our_dockerd() {
  [ -n "$1" ] && [ -r "/proc/$1/cmdline" ] && tr '\0' ' ' 2>/dev/null <"/proc/$1/cmdline" | grep -F -- "$HOST" >/dev/null
}

# --- the stand-in hook ---------------------------------------------------------------------------
# One file per call, DIR/records/<epoch ns>-<hook pid>.properties, written whole (tmp + rename), in
# java.util.Properties / key=value form; a key is left out when the value is absent:
#   args=prestart                      the hook's arguments
#   container_id=<64 hex>              the OCI id, which is the Docker container id
#   pid=<container init pid>
#   bundle=<OCI bundle dir>
#   NVIDIA_VISIBLE_DEVICES=0,1         from the bundle's config.json (the last one, which dockerd adds)
#   NVIDIA_DRIVER_CAPABILITIES=utility present only when capabilities beyond "gpu" were requested
write_hook() {
  cat >"$DIR/hook/$HOOK_NAME" <<EOF
#!/bin/sh
# Stand-in for $HOOK_NAME, written by scripts/gpu-host.sh: records this call and exits 0.
records='$DIR/records'
EOF
  cat >>"$DIR/hook/$HOOK_NAME" <<'EOF'
# stdin: the OCI state JSON, e.g. {"ociVersion":..,"id":"..","status":"created","pid":123,"bundle":"/.."}
state="$(cat)"
field() { printf '%s\n' "$state" | sed -n "s/.*\"$1\" *: *\"\{0,1\}\([^\",}]*\).*/\1/p" | head -n 1; }
id="$(field id)"; pid="$(field pid)"; bundle="$(field bundle)"
file="$records/$(date +%s%N)-$$.properties"
{
  echo "args=$*"
  [ -z "$id" ] || echo "container_id=$id"
  [ -z "$pid" ] || echo "pid=$pid"
  [ -z "$bundle" ] || echo "bundle=$bundle"
  for var in NVIDIA_VISIBLE_DEVICES NVIDIA_DRIVER_CAPABILITIES; do
    # "VAR=value" strings are process.env entries only (see launch_dockerd); the last one is what
    # the container sees (dockerd appends its own after the image's and the user's).
    value="$(grep -o "\"$var=[^\"]*\"" "$bundle/config.json" 2>/dev/null | tail -n 1)"
    [ -z "$value" ] || echo "$var=$(printf '%s' "$value" | sed "s/^\"$var=//; s/\"\$//")"
  done
} >"$file.tmp" && mv "$file.tmp" "$file"
exit 0
EOF
  chmod 0755 "$DIR/hook/$HOOK_NAME"
}

# --- the stand-in nvidia runtime --------------------------------------------------------------------
# One file per container created, DIR/runtime-records/<epoch ns>-<pid>.properties, written whole:
#   container_id=<64 hex>              the last argument of `runc ... create --bundle BUNDLE ID`
#   bundle=<OCI bundle dir>
#   NVIDIA_VISIBLE_DEVICES=0,1         the last one in the bundle's config.json (what the real runtime
#                                      reads); absent when the container does not set it
write_runtime() {
  local runc
  runc="$(command -v runc)" || die "no runc on PATH for the stand-in nvidia runtime"
  cat >"$DIR/hook/$RUNTIME_NAME" <<EOF
#!/bin/sh
# Stand-in for $RUNTIME_NAME, written by scripts/gpu-host.sh: records each create, then is runc.
records='$DIR/runtime-records'
runc='$runc'
EOF
  cat >>"$DIR/hook/$RUNTIME_NAME" <<'EOF'
create=""; bundle=""; id=""; previous=""
for arg in "$@"; do
  [ "$previous" != --bundle ] || bundle="$arg"
  [ "$arg" != create ] || create=1
  previous="$arg"; id="$arg"
done
if [ -n "$create" ] && [ -n "$bundle" ]; then
  file="$records/$(date +%s%N)-$$.properties"
  {
    echo "container_id=$id"
    echo "bundle=$bundle"
    value="$(grep -o '"NVIDIA_VISIBLE_DEVICES=[^"]*"' "$bundle/config.json" 2>/dev/null | tail -n 1)"
    [ -z "$value" ] || echo "NVIDIA_VISIBLE_DEVICES=$(printf '%s' "$value" | sed 's/^"NVIDIA_VISIBLE_DEVICES=//; s/"$//')"
  } >"$file.tmp" && mv "$file.tmp" "$file"
fi
exec "$runc" "$@"
EOF
  chmod 0755 "$DIR/hook/$RUNTIME_NAME"
  # not /etc/docker/daemon.json: its settings would clash with ours
  printf '{"runtimes": {"nvidia": {"path": "%s"}}}\n' "$DIR/hook/$RUNTIME_NAME" >"$DIR/daemon.json"
}

# --- stop ----------------------------------------------------------------------------------------
# Pids in namespace $1 (its link text, e.g. "mnt:[4026532255]"), sorted; one find, no fork per process.
ns_pids() {
  find /proc/[0-9]*/ns -maxdepth 1 -name "${1%%:*}" -lname "$(printf '%s' "$1" | sed 's/[][]/\\&/g')" 2>/dev/null \
    | cut -d/ -f3 | sort
}

# Pids of every process of this host: daemons (in our mount and network namespaces) and containers
# (in our cgroup parent).
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

stop_host() {
  local pid cg left ids i m
  pid="$(state_get PID)"
  if answers; then
    # Remove containers first: dockerd's shutdown would wait out each one's stop timeout.
    ids="$(timeout 30 docker -H "$HOST" ps -aq 2>/dev/null || true)"
    # shellcheck disable=SC2086
    [ -z "$ids" ] || timeout 60 docker -H "$HOST" rm -f $ids >/dev/null 2>&1 || true
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
  [ -f "$STATE" ] || die "$DIR is not a gpu-host directory (no $STATE); not touching it"
  stop_host
  rm -rf --one-file-system "$DIR"
  log "stopped; removed $DIR"
}

# --- start ---------------------------------------------------------------------------------------
cgroup_parent() {
  # One per DIR, so that two simulated hosts can run side by side.
  echo "mlcompose-gpuhost-$(printf '%s' "$DIR" | cksum | cut -d' ' -f1)"
}

launch_dockerd() {
  # $1: storage driver. Prints dockerd's pid. nohup + setsid: it outlives this script; unshare execs,
  # so the pid is dockerd's own.
  local cmd
  # In the new namespaces: lo up, and /run/containerd hidden (dockerd would use a system containerd
  # whose socket is there instead of starting its own).
  cmd='ip link set lo up && { [ ! -d /run/containerd ] || mount -t tmpfs -o mode=0711 gpuhost /run/containerd; } && exec "$@"'
  # dockerd hands its own environment to the hook (in config.json): keep NVIDIA_* of a real GPU
  # machine out of it, so that the records show only what dockerd set for the container.
  env -u NVIDIA_VISIBLE_DEVICES -u NVIDIA_DRIVER_CAPABILITIES PATH="$DIR/hook:$PATH" nohup setsid unshare --net --mount --propagation slave sh -c "$cmd" gpu-host \
    dockerd \
    --config-file "$DIR/daemon.json" \
    --data-root "$DIR/data" --exec-root "$DIR/exec" --pidfile "$DIR/run/docker.pid" \
    -H "$HOST" \
    --bridge=none --iptables=false --ip-masq=false \
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

ensure_images() {
  local img
  for img in $IMAGES; do
    if ! docker image inspect "$img" >/dev/null 2>&1; then
      [ "$img" = "$TEST_IMAGE" ] || die "$img is not on the main engine"
      "$HERE/test-images.sh" >&2
    fi
  done
}

load_images() {
  local img
  for img in $IMAGES; do
    docker save "$img" | gpu_docker load -q >/dev/null
  done
  log "loaded $IMAGES"
}

cmd_start() {
  local start=$SECONDS launched pid="" storage
  (( ${#DIR} <= MAX_DIR_LEN )) || die "DIR is ${#DIR} characters; at most $MAX_DIR_LEN (unix socket paths under it)"
  docker info >/dev/null 2>&1 || die "the main engine does not answer (images come from it); run scripts/engine.sh"
  ensure_images
  if [ -f "$STATE" ]; then
    if is_our_dockerd "$(state_get PID)" && answers; then
      log "already running"
      echo "DOCKER_HOST=$HOST"
      return 0
    fi
    log "cleaning up a stopped one at $DIR"
    stop_host
    rm -rf --one-file-system "$DIR"
  elif [ -e "$DIR" ] && [ -n "$(ls -A "$DIR")" ]; then
    die "$DIR exists and is not empty"
  fi

  mkdir -p "$DIR"/{data,exec,run,hook,records,runtime-records}
  chmod 0755 "$DIR" "$DIR/run" "$DIR/records" "$DIR/runtime-records"
  state_put CGROUP_PARENT "$(cgroup_parent)"
  state_put DOCKER_HOST "$HOST"
  write_hook
  write_runtime   # and DIR/daemon.json, which registers it

  launched=$SECONDS
  for storage in $STORAGE_DRIVERS; do
    echo "=== $(date -u +%FT%TZ) gpu-host.sh: dockerd --storage-driver $storage" >>"$DIR/dockerd.log"
    pid="$(launch_dockerd "$storage")"
    state_put PID "$pid"   # now, so that `stop` finds it even if this script is interrupted
    if wait_daemon "$pid"; then break; fi
    log "dockerd with $storage failed; last lines of $DIR/dockerd.log (without grpc's):"
    grep -v 'module=grpc' "$DIR/dockerd.log" | tail -n 10 >&2 || true
    stop_host
    rm -rf --one-file-system "$DIR/data" "$DIR/exec" && mkdir -p "$DIR/data" "$DIR/exec"
    pid=""
  done
  [ -n "$pid" ] || die "could not start dockerd; log: $DIR/dockerd.log (\`$0 stop $DIR\` removes it)"
  state_put MNTNS "$(readlink "/proc/$pid/ns/mnt")"
  state_put NETNS "$(readlink "/proc/$pid/ns/net")"
  state_put STORAGE "$storage"
  log "dockerd (pid $pid, $storage) answers at $HOST after $((SECONDS - launched))s"

  load_images
  log "ready in $((SECONDS - start))s; nvidia hook records in $DIR/records, nvidia runtime records in $DIR/runtime-records; log $DIR/dockerd.log"
  echo "DOCKER_HOST=$HOST"
}

cmd_status() {
  if [ -f "$STATE" ] && is_our_dockerd "$(state_get PID)" && answers; then
    log "running (pid $(state_get PID), $(state_get STORAGE))"
    echo "DOCKER_HOST=$HOST"
    return 0
  fi
  log "not running at $DIR"
  return 1
}

"cmd_$CMD"
