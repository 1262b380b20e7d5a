# The node's network and container runtime: a bridge on this host (its address is NODE_IP),
# the CNI bridge plugin giving each pod an address on it, iptables rules that keep every pod on
# this machine, and containerd (Debian's, CRI v1) with runc.

e2e_sysctl_set() {
  local key="$1" value="$2" file="/proc/sys/${1//.//}"
  mkdir -p "$E2E_STATE/sysctl"
  [ -f "$E2E_STATE/sysctl/$key" ] || cat "$file" > "$E2E_STATE/sysctl/$key"
  echo "$value" > "$file"
}

e2e_network_up() {
  ip link show "$E2E_BRIDGE" > /dev/null 2>&1 || ip link add "$E2E_BRIDGE" type bridge
  ip addr replace "$E2E_NODE_IP/${E2E_POD_CIDR#*/}" dev "$E2E_BRIDGE"
  ip link set "$E2E_BRIDGE" up
  # Service addresses are rewritten on this host (kube-proxy) and bridged traffic must pass
  # through iptables for that; forwarding stays closed to everything but the bridge itself.
  e2e_sysctl_set net.ipv4.ip_forward 1
  e2e_sysctl_set net.bridge.bridge-nf-call-iptables 1
  iptables -N GASTOWN-E2E 2> /dev/null || iptables -F GASTOWN-E2E
  iptables -A GASTOWN-E2E -i "$E2E_BRIDGE" -o "$E2E_BRIDGE" -j ACCEPT
  iptables -A GASTOWN-E2E -i "$E2E_BRIDGE" -j DROP
  iptables -A GASTOWN-E2E -o "$E2E_BRIDGE" -j DROP
  iptables -C FORWARD -j GASTOWN-E2E 2> /dev/null || iptables -I FORWARD 1 -j GASTOWN-E2E

  mkdir -p "$E2E_STATE/cni/net.d" "$E2E_STATE/cni/ipam"
  cat > "$E2E_STATE/cni/net.d/10-gastown-e2e.conflist" <<CNI
{
  "cniVersion": "1.0.0",
  "name": "gastown-e2e",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$E2E_BRIDGE",
      "isGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "dataDir": "$E2E_STATE/cni/ipam",
        "ranges": [[{"subnet": "$E2E_POD_CIDR", "gateway": "$E2E_NODE_IP"}]],
        "routes": [{"dst": "0.0.0.0/0"}]
      }
    }
  ]
}
CNI
  # Pods resolve no names: no nameserver at all, so nothing is asked outside this machine.
  printf '# gastown e2e: pods have no nameserver\noptions ndots:1\n' > "$E2E_STATE/resolv.conf"
}

# Removes the KUBE-* chains the kubelet and kube-proxy add (kube-proxy --cleanup leaves the
# kubelet's) and every jump to them.
e2e_kube_chains_down() {
  local tool table rule chain
  for tool in iptables ip6tables; do
    for table in filter nat mangle; do
      { "$tool" -t "$table" -S 2> /dev/null | grep -E '^-A [A-Z]+ .*-j KUBE-' | grep -vE '^-A KUBE-' || true; } | while read -r rule; do
        eval "$tool -t $table ${rule/-A/-D}" 2> /dev/null || true
      done
      for chain in $("$tool" -t "$table" -S 2> /dev/null | awk '$1 == "-N" && $2 ~ /^KUBE-/ { print $2 }'); do
        "$tool" -t "$table" -F "$chain" 2> /dev/null || true
      done
      for chain in $("$tool" -t "$table" -S 2> /dev/null | awk '$1 == "-N" && $2 ~ /^KUBE-/ { print $2 }'); do
        "$tool" -t "$table" -X "$chain" 2> /dev/null || true
      done
    done
  done
}

e2e_network_down() {
  e2e_kube_chains_down
  while iptables -D FORWARD -j GASTOWN-E2E 2> /dev/null; do :; done
  iptables -F GASTOWN-E2E 2> /dev/null && iptables -X GASTOWN-E2E 2> /dev/null
  ip link del "$E2E_BRIDGE" 2> /dev/null || true
  local saved
  for saved in "$E2E_STATE"/sysctl/*; do
    [ -f "$saved" ] || continue
    cat "$saved" > "/proc/sys/$(basename "$saved" | tr . /)" && rm -f "$saved"
  done
}

e2e_containerd_up() {
  command -v containerd > /dev/null || e2e_die "containerd is not installed"
  mkdir -p "$E2E_RUN" "$E2E_STATE/containerd"
  cat > "$E2E_STATE/containerd.toml" <<TOML
version = 2
root = "$E2E_STATE/containerd/root"
state = "$E2E_STATE/containerd/state"
disabled_plugins = ["io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.zfs"]

[grpc]
  address = "$E2E_RUN/containerd.sock"

[ttrpc]
  address = "$E2E_RUN/containerd.sock.ttrpc"

[plugins."io.containerd.internal.v1.opt"]
  path = "$E2E_STATE/containerd/opt"

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$E2E_PAUSE_IMAGE"
  # Root on these machines lacks CAP_SYS_RESOURCE: a negative oom_score_adj (the kubelet asks -998
  # for every sandbox) is refused, so no container may ask for less than containerd's own.
  restrict_oom_score_adj = true
  stream_server_address = "127.0.0.1"
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$E2E_STATE/cni/net.d"
TOML
  e2e_start containerd containerd --config "$E2E_STATE/containerd.toml"
  e2e_wait 30 containerd ctr --address "$E2E_RUN/containerd.sock" version || e2e_die "containerd did not start (see $E2E_STATE/logs/containerd.log)"
}

# Ends every container of the node: the shims of this containerd and what runs under them.
e2e_containers_down() {
  local shims
  shims="$(pgrep -f "containerd-shim-runc-v2 .*-address $E2E_RUN/containerd.sock" || true)"
  if [ -n "$shims" ]; then
    local shim
    for shim in $shims; do
      pkill -KILL -P "$shim" 2> /dev/null || true
    done
    kill -KILL $shims 2> /dev/null || true
  fi
  # Container processes re-parented elsewhere still sit in the kubelet's cgroups.
  local procs
  for procs in $(find /sys/fs/cgroup/pids/kubepods* -name cgroup.procs 2> /dev/null); do
    { xargs -r kill -KILL < "$procs"; } 2> /dev/null || true
  done
}

# Unmounts whatever the node left mounted (secret and emptyDir volumes, container root
# filesystems, shm, network namespaces), deepest first, and removes its cgroups.
e2e_node_unmount() {
  local target
  { findmnt -rn -o TARGET | grep -E "^($E2E_STATE|$E2E_RUN|/run/netns/cni-|/var/run/netns/cni-|/run/containerd/)" || true; } \
    | sort -r | while read -r target; do
      umount "$target" 2> /dev/null || umount -l "$target" 2> /dev/null || true
    done
  rm -f /run/netns/cni-* 2> /dev/null || true
  local dir
  for dir in $(find /sys/fs/cgroup/*/kubepods* -depth -type d 2> /dev/null); do
    rmdir "$dir" 2> /dev/null || true
  done
}
