# etcd, the Kubernetes control plane and the node's kubelet and kube-proxy, each a process on
# this host started from the binaries e2e/lib/build.sh built.

e2e_control_plane_up() {
  e2e_start etcd "$E2E_BIN/etcd" --name e2e --data-dir "$E2E_STATE/etcd" \
    --listen-client-urls "http://127.0.0.1:$E2E_ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$E2E_ETCD_PORT" \
    --listen-peer-urls http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 \
    --initial-cluster e2e=http://127.0.0.1:2380 --listen-metrics-urls "" --log-level warn
  e2e_wait 30 etcd curl -sf "http://127.0.0.1:$E2E_ETCD_PORT/health" || e2e_die "etcd did not start"

  # The audit log records the operator's own requests (the verbs its ClusterRole must allow) and
  # the admin's (the tests and the benchmark, told apart by user agent).
  cat > "$E2E_STATE/audit-policy.yaml" <<POLICY
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: ["RequestReceived"]
rules:
  - level: Metadata
    users: ["system:serviceaccount:gastown-system:gastown-operator", "gastown-e2e-admin"]
  - level: None
POLICY
  e2e_start kube-apiserver "$E2E_BIN/kube-apiserver" \
    --etcd-servers "http://127.0.0.1:$E2E_ETCD_PORT" \
    --bind-address "$E2E_NODE_IP" --advertise-address "$E2E_NODE_IP" --secure-port "$E2E_APISERVER_PORT" \
    --service-cluster-ip-range "$E2E_SERVICE_CIDR" \
    --client-ca-file "$E2E_PKI/ca.crt" \
    --tls-cert-file "$E2E_PKI/apiserver.crt" --tls-private-key-file "$E2E_PKI/apiserver.key" \
    --kubelet-client-certificate "$E2E_PKI/apiserver-kubelet-client.crt" \
    --kubelet-client-key "$E2E_PKI/apiserver-kubelet-client.key" \
    --kubelet-certificate-authority "$E2E_PKI/ca.crt" \
    --kubelet-preferred-address-types InternalIP \
    --authorization-mode Node,RBAC --enable-admission-plugins NodeRestriction \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --service-account-key-file "$E2E_PKI/service-accounts.pub" \
    --service-account-signing-key-file "$E2E_PKI/service-accounts.key" \
    --audit-policy-file "$E2E_STATE/audit-policy.yaml" --audit-log-path "$E2E_STATE/logs/audit.log" \
    --audit-log-maxsize 10000 --profiling=false --v 1
  e2e_wait 90 "the API server" e2e_kubectl get --raw /readyz || e2e_die "kube-apiserver did not become ready (see $E2E_STATE/logs/kube-apiserver.log)"

  e2e_start kube-controller-manager "$E2E_BIN/kube-controller-manager" \
    --kubeconfig "$E2E_STATE/controller-manager.kubeconfig" \
    --authentication-kubeconfig "$E2E_STATE/controller-manager.kubeconfig" \
    --authorization-kubeconfig "$E2E_STATE/controller-manager.kubeconfig" \
    --bind-address 127.0.0.1 --leader-elect=false \
    --service-account-private-key-file "$E2E_PKI/service-accounts.key" --root-ca-file "$E2E_PKI/ca.crt" \
    --use-service-account-credentials \
    --cluster-signing-cert-file "$E2E_PKI/ca.crt" --cluster-signing-key-file "$E2E_PKI/ca.key" \
    --controllers '*' --v 1
  # Without a node (e2e/cluster up --control-plane) nothing is scheduled: the benchmark binds no
  # pod and writes their status itself, so no scheduler may write it too.
  [ "${1:-}" = --no-scheduler ] && return
  e2e_start kube-scheduler "$E2E_BIN/kube-scheduler" \
    --kubeconfig "$E2E_STATE/scheduler.kubeconfig" \
    --authentication-kubeconfig "$E2E_STATE/scheduler.kubeconfig" \
    --authorization-kubeconfig "$E2E_STATE/scheduler.kubeconfig" \
    --bind-address 127.0.0.1 --leader-elect=false --v 1
}

e2e_node_up() {
  mkdir -p "$E2E_STATE/kubelet" "$E2E_STATE/pod-logs"
  cat > "$E2E_STATE/kubelet.yaml" <<KUBELET
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $E2E_NODE_IP
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
authentication:
  anonymous:
    enabled: false
  webhook:
    enabled: true
  x509:
    clientCAFile: $E2E_PKI/ca.crt
authorization:
  mode: Webhook
tlsCertFile: $E2E_PKI/kubelet.crt
tlsPrivateKeyFile: $E2E_PKI/kubelet.key
containerRuntimeEndpoint: unix://$E2E_RUN/containerd.sock
cgroupDriver: cgroupfs
failSwapOn: false
resolvConf: $E2E_STATE/resolv.conf
clusterDomain: cluster.local
podLogsDir: $E2E_STATE/pod-logs
serializeImagePulls: false
# No CAP_SYS_RESOURCE here (see containerd.toml): keep the default score.
oomScoreAdj: 0
# The images were imported, not pulled: nothing may garbage-collect or evict them.
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
evictionHard:
  memory.available: 100Mi
  nodefs.available: 1%
  nodefs.inodesFree: 1%
  imagefs.available: 1%
KUBELET
  e2e_start kubelet "$E2E_BIN/kubelet" --config "$E2E_STATE/kubelet.yaml" \
    --kubeconfig "$E2E_STATE/node.kubeconfig" --root-dir "$E2E_STATE/kubelet" \
    --hostname-override "$E2E_NODE_NAME" --node-ip "$E2E_NODE_IP" --v 1

  cat > "$E2E_STATE/kube-proxy.yaml" <<PROXY
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection:
  kubeconfig: $E2E_STATE/proxy.kubeconfig
mode: iptables
clusterCIDR: $E2E_POD_CIDR
hostnameOverride: $E2E_NODE_NAME
bindAddress: 127.0.0.1
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
oomScoreAdj: 0
conntrack:
  maxPerCore: 0
PROXY
  e2e_start kube-proxy "$E2E_BIN/kube-proxy" --config "$E2E_STATE/kube-proxy.yaml" --v 1
  e2e_wait 120 "node $E2E_NODE_NAME to be Ready" \
    e2e_kubectl wait --for=condition=Ready "node/$E2E_NODE_NAME" --timeout 1s \
    || e2e_die "the node did not become Ready (see $E2E_STATE/logs/kubelet.log)"
}
