# Shared settings of the e2e tier: paths, addresses, logging and process bookkeeping.
# Sourced by e2e/cluster and e2e/run; everything it defines is prefixed E2E_ or e2e_.

E2E_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
E2E_REPO="$(cd "$E2E_DIR/.." && pwd)"
E2E_STATE="$E2E_DIR/.state"
E2E_CACHE="${GASTOWN_E2E_CACHE:-$HOME/.cache/gastown-e2e}"
# Unix sockets have a 108-byte path limit, so they live under /run whatever the checkout path.
E2E_RUN=/run/gastown-e2e
# The binaries this checkout pins (links into the build cache, made by e2e/lib/build.sh).
E2E_BIN="$E2E_STATE/bin"

# The node: one bridge, its address is where pods reach this host (NODE_IP).
E2E_BRIDGE=gastown0
E2E_NODE_IP=10.244.0.1
E2E_POD_CIDR=10.244.0.0/24
E2E_SERVICE_CIDR=10.96.0.0/16
E2E_KUBERNETES_SERVICE_IP=10.96.0.1
E2E_NODE_NAME=e2e-node
E2E_APISERVER_PORT=6443
E2E_ETCD_PORT=2379
E2E_GIT_SSH_PORT=2222
E2E_MESSAGES_API_PORT=8089

e2e_log() { printf '[e2e %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
e2e_die() { e2e_log "error: $*"; exit 1; }

# e2e_version MODULE_DIR MODULE: the version a wrapper go.mod requires.
e2e_version() {
  awk -v m="$2" '($1 == "require" && $2 == m) { print $3 } ($1 == m && $2 ~ /^v/) { print $2 }' "$1/go.mod" | head -1
}

# e2e_start NAME COMMAND...: starts a long-running process in the background, its output in
# .state/logs/NAME.log, its PID in .state/pids/NAME (what e2e/cluster down stops).
e2e_start() {
  local name="$1"; shift
  mkdir -p "$E2E_STATE/logs" "$E2E_STATE/pids"
  setsid "$@" > "$E2E_STATE/logs/$name.log" 2>&1 < /dev/null &
  echo $! > "$E2E_STATE/pids/$name"
}

# e2e_wait SECONDS DESCRIPTION COMMAND...: retries COMMAND every second until it succeeds.
e2e_wait() {
  local seconds="$1" what="$2"; shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" > /dev/null 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      e2e_log "timed out after ${seconds}s waiting for $what"
      return 1
    fi
    sleep 1
  done
}

e2e_kubectl() { "$E2E_BIN/kubectl" --kubeconfig "$E2E_STATE/admin.kubeconfig" "$@"; }

# What a stopped cluster must not leave: listeners on its ports, mounts, its bridge, processes.
e2e_leftovers() {
  local port
  for port in "$E2E_APISERVER_PORT" "$E2E_ETCD_PORT" "$E2E_GIT_SSH_PORT" "$E2E_MESSAGES_API_PORT" 10250; do
    ss -Hltn "sport = :$port" | sed "s/^/listening: /"
  done
  findmnt -rn -o TARGET | grep -E "^($E2E_STATE|$E2E_RUN|/run/netns/cni-)" | sed 's/^/mounted: /'
  ip link show "$E2E_BRIDGE" > /dev/null 2>&1 && echo "bridge: $E2E_BRIDGE"
  pgrep -l -f "$E2E_STATE|$E2E_RUN" | sed 's/^/process: /'
  return 0
}
