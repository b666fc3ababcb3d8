#!/usr/bin/env bash
# A real multi-node Docker Swarm on this one machine, for issue 17's backend and its tests.
#
#   scripts/swarm-cluster.sh start DIR N [--gpus NODE=COUNT]...   N nodes (node 1 the manager); prints DOCKER_HOST=... of the manager
#   scripts/swarm-cluster.sh stop DIR                              stop every node, remove the fabric and DIR
#   scripts/swarm-cluster.sh host DIR NODE                         print DOCKER_HOST=... of node NODE
#
# Each node is an Engine 26.1 started by scripts/engine-26.sh in DIR/nNODE (its own network, mount and UTS
# namespaces, hostname mlc-nNODE, data-root, exec-root, socket and cgroup parent), with "bridge": "none" and
# DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=1 (tasks use the node's own images: there is no registry here; images are
# loaded into each node from the main engine, MLCOMPOSE_ENGINE26_IMAGES). The nodes are joined by veths to a bridge
# in a network namespace of the script's own ("fabric", `ip netns` mlc-fabric-CKSUM), 10.231.0.1NODE/24, no route
# out, and into one Swarm: `swarm init --advertise-addr 10.231.0.11 --default-addr-pool 10.240.0.0/16` on node 1,
# `swarm join` on the others, with `--dispatcher-heartbeat 1s` so that a killed node is Down within a few seconds.
# What this kernel lacks (measured, ../shared/reference/swarm.md): IP_VS, so no VIP and no ingress routing mesh;
# use `endpoint_mode: dnsrr` and host-mode published ports.
#
# --gpus NODE=COUNT advertises COUNT fake GPUs on NODE as Swarm generic resources ("node-generic-resources":
# gpu=GPU-nNODE-0, ...): a service reserving gpu=1 gets DOCKER_RESOURCE_GPU=GPU-nNODE-I in its environment.
# Engine 20.10 managers reject running such tasks (moby/moby#44378); these nodes are 26.1.
#
# Progress goes to stderr; stdout carries only the DOCKER_HOST line. Needs root (re-runs with sudo).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
E26="$HERE/engine-26.sh"
BIN="$(dirname "$HERE")/.tools/engine-26/bin"
SUBNET=10.231.0
POOL=10.240.0.0/16
MAX_NODES=9

log() { echo "swarm-cluster.sh: $*" >&2; }
die() { log "$*"; exit 1; }
usage() { sed -n '/^#   scripts/s/^#   //p' "${BASH_SOURCE[0]}" >&2; exit 2; }

[ $# -ge 2 ] || usage
CMD="$1"
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || die "need root or sudo"
  exec sudo --preserve-env "${BASH_SOURCE[0]}" "$@"
fi
DIR="$(realpath -m "$2")"
[ "$DIR" != / ] || die "DIR must not be /"
shift 2
STATE="$DIR/swarm-cluster.env"
FABRIC="mlc-fabric-$(printf '%s' "$DIR" | cksum | cut -d' ' -f1)"

node_dir() { echo "$DIR/n$1"; }
node_host() { echo "unix://$(node_dir "$1")/run/docker.sock"; }
node_docker() { local n="$1"; shift; "$BIN/docker" -H "$(node_host "$n")" "$@"; }
node_pid() { sed -n 's/^PID=//p' "$(node_dir "$1")/engine-26.env" | tail -n 1; }
nodes() { sed -n 's/^NODES=//p' "$STATE" 2>/dev/null | tail -n 1; }

start_node() {
  # $1: node number, $2: daemon.json members
  local n="$1" line
  line="$(DOCKER_SERVICE_PREFER_OFFLINE_IMAGE=1 MLCOMPOSE_ENGINE26_HOSTNAME="mlc-n$n" \
    MLCOMPOSE_ENGINE26_DAEMON="$2" "$E26" start "$(node_dir "$n")" | tail -n 1)"
  [ "$line" = "DOCKER_HOST=$(node_host "$n")" ] || die "node $n did not start (engine-26.sh said: $line)"
}

wire_node() {
  # A veth from node $1's network namespace to the fabric's bridge.
  local n="$1" pid
  pid="$(node_pid "$n")"
  ip link add "mlc-n$n-$$" type veth peer name eth0 netns "$pid"
  ip link set "mlc-n$n-$$" netns "$FABRIC"
  ip netns exec "$FABRIC" ip link set "mlc-n$n-$$" master br0 up
  nsenter --target "$pid" --net ip addr add "$SUBNET.1$n/24" dev eth0
  nsenter --target "$pid" --net ip link set eth0 up
}

cmd_start() {
  [ $# -ge 1 ] || usage
  local count="$1" n gpus=() spec token start=$SECONDS; shift
  [[ "$count" =~ ^[1-9]$ ]] && (( count <= MAX_NODES )) || die "N must be 1 to $MAX_NODES"
  while [ $# -gt 0 ]; do
    case "$1" in
      --gpus) [[ "${2:-}" =~ ^[1-9]=[1-9]$ ]] || die "--gpus takes NODE=COUNT (1-9)"; gpus+=("$2"); shift 2 ;;
      *) usage ;;
    esac
  done
  [ ! -e "$DIR" ] || [ -z "$(ls -A "$DIR")" ] || die "$DIR exists and is not empty (\`$0 stop $DIR\` removes a cluster)"
  mkdir -p "$DIR"
  echo "NODES=$count" >"$STATE"
  ip netns add "$FABRIC"
  ip netns exec "$FABRIC" ip link add br0 type bridge
  ip netns exec "$FABRIC" ip link set br0 up
  ip netns exec "$FABRIC" ip link set lo up
  for ((n = 1; n <= count; n++)); do
    spec='"bridge": "none"'
    for g in "${gpus[@]}"; do
      if [ "${g%%=*}" = "$n" ]; then
        local resources="" i
        for ((i = 0; i < ${g#*=}; i++)); do resources+="${resources:+, }\"gpu=GPU-n$n-$i\""; done
        spec+=", \"node-generic-resources\": [$resources]"
      fi
    done
    start_node "$n" "$spec"
    wire_node "$n"
  done
  node_docker 1 swarm init --advertise-addr "$SUBNET.11" --default-addr-pool "$POOL" \
    --dispatcher-heartbeat 1s >/dev/null
  token="$(node_docker 1 swarm join-token -q worker)"
  for ((n = 2; n <= count; n++)); do
    node_docker "$n" swarm join --advertise-addr "$SUBNET.1$n" --token "$token" "$SUBNET.11:2377" >/dev/null
  done
  for ((i = 0; i < 300; i++)); do
    [ "$(node_docker 1 node ls --format '{{.Status}}' | grep -c '^Ready$')" -eq "$count" ] && break
    sleep 0.1
  done
  [ "$(node_docker 1 node ls --format '{{.Status}}' | grep -c '^Ready$')" -eq "$count" ] \
    || die "not every node is Ready: $(node_docker 1 node ls --format '{{.Hostname}} {{.Status}}' | tr '\n' ' ')"
  log "$count nodes Ready in $((SECONDS - start))s${gpus:+ (GPUs: ${gpus[*]})}"
  echo "DOCKER_HOST=$(node_host 1)"
}

cmd_stop() {
  local n count
  if [ ! -e "$DIR" ]; then log "nothing at $DIR"; return 0; fi
  [ -f "$STATE" ] || die "$DIR is not a swarm-cluster directory (no $STATE); not touching it"
  count="$(nodes)"
  for ((n = count; n >= 1; n--)); do
    [ -e "$(node_dir "$n")" ] && "$E26" stop "$(node_dir "$n")" || true
  done
  ip netns del "$FABRIC" 2>/dev/null || true
  rm -rf --one-file-system "$DIR"
  log "stopped; removed $DIR"
}

cmd_host() {
  [ $# -eq 1 ] && [ -f "$STATE" ] || usage
  (( $1 >= 1 && $1 <= $(nodes) )) || die "no node $1"
  echo "DOCKER_HOST=$(node_host "$1")"
}

case "$CMD" in start|stop|host) "cmd_$CMD" "$@" ;; *) usage ;; esac
