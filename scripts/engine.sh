#!/usr/bin/env bash
# Ensure a Docker Engine answers `docker info`, for CI and for local use.
#
# - If an engine already answers (any DOCKER_HOST / context), report it and stop.
# - Otherwise install Debian's docker.io (Engine 20.10, API 1.41) when dockerd is
#   missing, then start dockerd in the background and wait for it.
# - dockerd is tried with the defaults first (overlay2, iptables NAT) and, only if
#   that fails, with fallbacks (vfs storage, no iptables), so it comes up in
#   sandboxes and VMs whose kernels lack some feature.
#
# Environment:
#   MLCOMPOSE_DOCKERD_FLAGS  extra dockerd flags; when set, no fallbacks are tried
#   MLCOMPOSE_DOCKERD_LOG    log file (default /var/log/mlcompose-dockerd.log,
#                            or $TMPDIR/mlcompose-dockerd.log if /var/log is not writable)
#   MLCOMPOSE_ENGINE_WAIT    seconds to wait for the engine (default 60)
set -euo pipefail

WAIT_S="${MLCOMPOSE_ENGINE_WAIT:-60}"

# Root is needed to install packages and run dockerd; use sudo for a normal user.
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "engine.sh: need root or sudo" >&2; exit 1; }
  SUDO="sudo"
fi

log() { echo "engine.sh: $*"; }

engine_answers() { docker info >/dev/null 2>&1; }

endpoint() {
  if [ -n "${DOCKER_HOST:-}" ]; then echo "$DOCKER_HOST"; return; fi
  docker context inspect --format '{{.Endpoints.docker.Host}}' 2>/dev/null \
    || echo "unix:///var/run/docker.sock"
}

summary() {
  local v api drv cg
  v="$(docker version --format '{{.Server.Version}}' 2>/dev/null || echo '?')"
  api="$(docker version --format '{{.Server.APIVersion}}' 2>/dev/null || echo '?')"
  drv="$(docker info --format '{{.Driver}}' 2>/dev/null || echo '?')"
  cg="$(docker info --format '{{.CgroupVersion}}' 2>/dev/null || echo '?')"
  log "engine $v, API $api, storage driver $drv, cgroup v$cg at $(endpoint)"
}

if engine_answers; then
  summary
  exit 0
fi

# The client may lack access to a running root daemon (socket group); say so
# instead of starting a second daemon.
if [ -n "$SUDO" ] && $SUDO docker info >/dev/null 2>&1; then
  log "an engine runs but $(id -un) cannot reach it; add yourself to the 'docker' group:"
  log "  sudo usermod -aG docker $(id -un) && newgrp docker"
  exit 1
fi

if [ -n "${DOCKER_HOST:-}" ]; then
  log "DOCKER_HOST=$DOCKER_HOST does not answer; unset it to use a local dockerd" >&2
  exit 1
fi

# --- install -----------------------------------------------------------------
apt_install() {
  # Refresh package lists only when one of the packages has no candidate.
  local p need_update=""
  # (grep without -q: under pipefail its early exit would SIGPIPE apt-cache)
  for p in "$@"; do
    if ! apt-cache policy "$p" 2>/dev/null | grep 'Candidate: [^(]' >/dev/null; then need_update=1; fi
  done
  if [ -n "$need_update" ]; then
    log "apt-get update"
    $SUDO apt-get update -qq
  fi
  log "apt-get install $*"
  # --no-install-recommends: skip needrestart, apparmor, git etc.; not needed here.
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

if ! command -v dockerd >/dev/null 2>&1 && [ ! -x /usr/sbin/dockerd ]; then
  command -v apt-get >/dev/null 2>&1 || { log "dockerd missing and no apt-get; install Docker Engine manually" >&2; exit 1; }
  # docker.io depends on containerd, runc, tini and iptables.
  apt_install docker.io iptables
fi
DOCKERD="$(command -v dockerd || echo /usr/sbin/dockerd)"
# A client is needed too (docker.io brings /usr/bin/docker; a newer one may exist already).
command -v docker >/dev/null 2>&1 || { log "docker client missing" >&2; exit 1; }

# --- start dockerd -----------------------------------------------------------
LOG="${MLCOMPOSE_DOCKERD_LOG:-}"
if [ -z "$LOG" ]; then
  if $SUDO sh -c 'touch /var/log/mlcompose-dockerd.log' 2>/dev/null; then
    LOG=/var/log/mlcompose-dockerd.log
  else
    LOG="${TMPDIR:-/tmp}/mlcompose-dockerd.log"
  fi
fi

# dockerd needs a cgroup hierarchy; bare containers/VMs sometimes lack the mount.
if [ -z "$(ls -A /sys/fs/cgroup 2>/dev/null)" ]; then
  log "mounting cgroup2 on /sys/fs/cgroup"
  $SUDO mount -t cgroup2 none /sys/fs/cgroup || true
fi

# Docker writes NAT rules through `iptables`. Debian defaults to iptables-nft;
# on kernels without nf_tables use the legacy backend, for dockerd only
# (a PATH shim instead of changing the system-wide alternative).
SHIM_PATH=""
if command -v iptables >/dev/null 2>&1 && ! $SUDO iptables -t nat -L -n >/dev/null 2>&1 \
   && command -v iptables-legacy >/dev/null 2>&1 && $SUDO iptables-legacy -t nat -L -n >/dev/null 2>&1; then
  SHIM_PATH="$(mktemp -d "${TMPDIR:-/tmp}/mlcompose-iptables.XXXXXX")"
  for t in iptables iptables-save iptables-restore ip6tables ip6tables-save ip6tables-restore; do
    command -v "$t-legacy" >/dev/null 2>&1 && ln -sf "$(command -v "$t-legacy")" "$SHIM_PATH/$t"
  done
  log "iptables-nft does not work here; dockerd uses iptables-legacy"
fi

dockerd_pid() { $SUDO cat /var/run/docker.pid 2>/dev/null || true; }
alive() { [ -n "$1" ] && $SUDO kill -0 "$1" 2>/dev/null; }

# Wait for `docker info`; return 1 early if dockerd exits.
wait_engine() {
  local pid="$1" start=$SECONDS next=5
  while (( SECONDS - start < WAIT_S )); do
    if engine_answers; then log "engine answered after $((SECONDS - start))s"; return 0; fi
    if [ -n "$pid" ] && ! alive "$pid"; then log "dockerd (pid $pid) exited"; return 1; fi
    if (( SECONDS - start >= next )); then log "waiting for dockerd... $((SECONDS - start))s"; next=$((next + 5)); fi
    sleep 1
  done
  log "no answer after ${WAIT_S}s"
  return 1
}

# A dockerd from an earlier run may still be starting: wait for it, don't start another.
pid="$(dockerd_pid)"
if alive "$pid"; then
  log "dockerd (pid $pid) already running; waiting for it"
  if wait_engine "$pid"; then summary; exit 0; fi
  log "last 30 lines of $LOG:"; $SUDO tail -n 30 "$LOG" || true
  exit 1
fi

start_dockerd() {
  # $1: flags. nohup + setsid: the daemon outlives this script and its terminal.
  log "starting dockerd ${1:-(default flags)}; log: $LOG" >&2
  $SUDO env ${SHIM_PATH:+PATH="$SHIM_PATH:$PATH"} sh -c \
    "nohup setsid '$DOCKERD' $1 >>'$LOG' 2>&1 </dev/null & echo \$!"
}

stop_dockerd() {
  local pid="$1" i
  alive "$pid" || return 0
  $SUDO kill "$pid" 2>/dev/null || true
  for ((i = 0; i < 15; i++)); do alive "$pid" || return 0; sleep 1; done
  $SUDO kill -9 "$pid" 2>/dev/null || true
}

if [ -n "${MLCOMPOSE_DOCKERD_FLAGS+x}" ]; then
  attempts=("$MLCOMPOSE_DOCKERD_FLAGS")
else
  # Default first; vfs if overlayfs is unusable (e.g. overlay on overlay);
  # then without iptables (docker-proxy still publishes ports on the host).
  attempts=("" "--storage-driver=vfs" "--storage-driver=vfs --iptables=false")
fi

for flags in "${attempts[@]}"; do
  echo "=== $(date -u +%FT%TZ) engine.sh: dockerd $flags" | $SUDO tee -a "$LOG" >/dev/null
  pid="$(start_dockerd "$flags")"
  if wait_engine "$pid"; then
    [ -n "$flags" ] && log "dockerd needed: $flags"
    summary
    exit 0
  fi
  log "dockerd $flags failed; last 30 lines of $LOG:"
  $SUDO tail -n 30 "$LOG" || true
  stop_dockerd "$pid"
done

log "could not start a Docker Engine" >&2
exit 1
