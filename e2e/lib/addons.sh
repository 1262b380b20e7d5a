# What the cluster runs beside the control plane: storage for PVCs, Tekton Pipelines (with its
# remote resolvers) and Tekton Triggers.

E2E_STORAGE_CLASS=e2e-local
E2E_PERSISTENT_VOLUMES=40

# No dynamic provisioner ships with Kubernetes (the built-in hostPath one makes directories only
# root can write): a default StorageClass with pre-made hostPath volumes, writable by any uid.
e2e_storage_up() {
  local i manifest="$E2E_STATE/storage.yaml"
  cat > "$manifest" <<YAML
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: $E2E_STORAGE_CLASS
  annotations:
    storageclass.kubernetes.io/is-default-class: "true"
provisioner: kubernetes.io/no-provisioner
reclaimPolicy: Retain
volumeBindingMode: Immediate
YAML
  for i in $(seq -w 1 "$E2E_PERSISTENT_VOLUMES"); do
    mkdir -p "$E2E_STATE/volumes/pv-$i" && chmod 1777 "$E2E_STATE/volumes/pv-$i"
    cat >> "$manifest" <<YAML
---
apiVersion: v1
kind: PersistentVolume
metadata:
  name: e2e-pv-$i
spec:
  storageClassName: $E2E_STORAGE_CLASS
  capacity:
    storage: 5Gi
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Retain
  hostPath:
    path: $E2E_STATE/volumes/pv-$i
    type: Directory
YAML
  done
  e2e_kubectl apply -f "$manifest" > /dev/null
}

# Tekton Pipelines from the module's own config/: its CRDs, RBAC, ConfigMaps, controller, webhook
# and remote resolvers (config/resolvers/, namespace tekton-pipelines-resolvers), with the ko://
# image references replaced by the images e2e/lib/images.sh imported.
e2e_tekton_up() {
  local config
  config="$(cd "$E2E_DIR/modules/tekton-pipeline" && go list -m -f '{{.Dir}}' github.com/tektoncd/pipeline)/config"
  [ -d "$config" ] || e2e_die "no config/ in the Tekton module ($config)"
  local manifest="$E2E_STATE/tekton.yaml" file name
  : > "$manifest"
  for file in "$config"/100-namespace/*.yaml "$config"/300-crds/*.yaml "$config"/*.yaml "$config"/resolvers/*.yaml; do
    case "$(basename "$file")" in
      # The optional CloudEvents controller and the webhook's autoscaler (no metrics server here).
      events.yaml|webhook-hpa.yaml|config-leader-election-events.yaml) continue ;;
    esac
    printf -- '---\n' >> "$manifest"
    cat "$file" >> "$manifest"
    printf '\n' >> "$manifest"
  done
  local sed_args=(-e "s|cgr.dev/chainguard/busybox@sha256:[0-9a-f]*|$E2E_SHELL_IMAGE|")
  sed_args+=(-e "s|\"devel\"|\"$E2E_TEKTON_VERSION\"|g")
  # ko's base for the resolvers image is tini-git; this one is the static base, so the resolvers
  # run as PID 1 themselves (the cluster resolver starts no git processes to reap).
  sed_args+=(-e '/^ *- \/sbin\/tini$/{N;/\n *- --$/d}')
  for name in $E2E_TEKTON_IMAGES; do
    sed_args+=(-e "s|ko://github.com/tektoncd/pipeline/cmd/$name\\b|$(e2e_tekton_image "$name")|g")
  done
  sed -i "${sed_args[@]}" "$manifest"
  if grep -q 'ko://' "$manifest"; then
    e2e_die "Tekton's config/ names an image this tier does not build: $(grep -o 'ko://[^"]*' "$manifest" | sort -u | tr '\n' ' ')"
  fi
  e2e_kubectl apply -f "$manifest" > "$E2E_STATE/logs/tekton-apply.log" \
    || e2e_die "kubectl apply of Tekton failed (see $E2E_STATE/logs/tekton-apply.log)"
  e2e_kubectl -n tekton-pipelines rollout status deployment/tekton-pipelines-controller deployment/tekton-pipelines-webhook \
    --timeout 180s > /dev/null || e2e_die "Tekton did not start: $(e2e_kubectl -n tekton-pipelines get pods 2>&1 | tr '\n' ' ')"
  e2e_kubectl -n tekton-pipelines-resolvers rollout status deployment/tekton-pipelines-remote-resolvers --timeout 180s > /dev/null \
    || e2e_die "Tekton's resolvers did not start: $(e2e_kubectl -n tekton-pipelines-resolvers get pods 2>&1 | tr '\n' ' ')"
  # The webhook must answer before the first run can be created.
  cat > "$E2E_STATE/tekton-probe.yaml" <<YAML
apiVersion: tekton.dev/v1
kind: TaskRun
metadata:
  name: webhook-probe
  namespace: default
spec:
  taskSpec:
    steps:
      - name: probe
        image: $E2E_SHELL_IMAGE
        script: "true"
YAML
  e2e_wait 120 "Tekton's webhook" e2e_kubectl create --dry-run=server -f "$E2E_STATE/tekton-probe.yaml" \
    || e2e_die "Tekton's webhook does not answer (see kubectl -n tekton-pipelines logs deploy/tekton-pipelines-webhook)"
}

# The core interceptors' Service gets a fixed ClusterIP, and the ClusterInterceptors its address
# instead of its DNS name: pods here have no nameserver (NodeNetworkE2E), and the EventListener
# calls its interceptors at clientConfig's address. The interceptors serve the certificate made
# here (their own would name only the DNS names), which the ClusterInterceptors' caBundle trusts.
E2E_INTERCEPTORS_IP=10.96.0.20

# Tekton Triggers from its module's config/: CRDs, RBAC, ConfigMaps, controller (its -el-image
# flag names the EventListener sink image), webhook, then the core interceptors
# (config/interceptors/) once the webhook answers.
e2e_triggers_up() {
  local config
  config="$(cd "$E2E_DIR/modules/tekton-triggers" && go list -m -f '{{.Dir}}' github.com/tektoncd/triggers)/config"
  [ -d "$config" ] || e2e_die "no config/ in the Triggers module ($config)"
  local core="$E2E_STATE/triggers.yaml" interceptors="$E2E_STATE/triggers-interceptors.yaml" file name
  : > "$core"
  for file in "$config"/*.yaml; do
    printf -- '---\n' >> "$core" && cat "$file" >> "$core" && printf '\n' >> "$core"
  done
  local service=tekton-triggers-core-interceptors
  e2e_cert core-interceptors "/CN=$service.tekton-pipelines.svc" \
    "IP:$E2E_INTERCEPTORS_IP,DNS:$service,DNS:$service.tekton-pipelines,DNS:$service.tekton-pipelines.svc,DNS:$service.tekton-pipelines.svc.cluster.local"
  local ca_bundle
  ca_bundle="$(base64 -w0 < "$E2E_PKI/ca.crt")"
  cat > "$interceptors" <<YAML
apiVersion: v1
kind: Secret
metadata:
  name: $service-certs
  namespace: tekton-pipelines
  labels:
    app.kubernetes.io/name: core-interceptors
    app.kubernetes.io/component: interceptors
    app.kubernetes.io/instance: default
    app.kubernetes.io/part-of: tekton-triggers
data:
  server-key.pem: $(base64 -w0 < "$E2E_PKI/core-interceptors.key")
  server-cert.pem: $(base64 -w0 < "$E2E_PKI/core-interceptors.crt")
  ca-cert.pem: $ca_bundle
YAML
  for file in "$config"/interceptors/*.yaml; do
    # The Secret above replaces the empty one Triggers would fill with its own certificate.
    [ "$(basename "$file")" = 00-interceptor-secrets.yaml ] && continue
    printf -- '\n---\n' >> "$interceptors"
    awk -v ip="$E2E_INTERCEPTORS_IP" -v service="$service" -v ca="$ca_bundle" '
      function address() { printf "    url: https://%s:8443/%s\n    caBundle: %s\n", ip, path, ca; in_service = 0 }
      in_service && !/^      / { address() }
      /^---/ { kind = ""; name = "" }
      /^kind: / { kind = $2 }
      /^  name: / && name == "" { name = $2 }
      kind == "ClusterInterceptor" && /^    service:$/ { in_service = 1; next }
      in_service && /^      path: / { path = $2; gsub(/"/, "", path); next }
      in_service { next }
      { print }
      kind == "Service" && name == service && /^spec:$/ { print "  clusterIP: " ip }
      END { if (in_service) address() }
    ' "$file" >> "$interceptors"
  done
  local sed_args=(-e "s|\"devel\"|\"$E2E_TRIGGERS_VERSION\"|g")
  for name in $E2E_TRIGGERS_IMAGES; do
    sed_args+=(-e "s|ko://github.com/tektoncd/triggers/cmd/$name\\b|$(e2e_triggers_image "$name")|g")
  done
  sed -i "${sed_args[@]}" "$core" "$interceptors"
  if grep -q 'ko://' "$core" "$interceptors"; then
    e2e_die "Triggers' config/ names an image this tier does not build: $(grep -ho 'ko://[^"]*' "$core" "$interceptors" | sort -u | tr '\n' ' ')"
  fi
  grep -q "url: https://$E2E_INTERCEPTORS_IP:8443/github" "$interceptors" && grep -q "clusterIP: $E2E_INTERCEPTORS_IP" "$interceptors" \
    || e2e_die "Triggers' config/interceptors/ changed shape: no ClusterInterceptor address or Service IP set in $interceptors"
  e2e_kubectl apply -f "$core" > "$E2E_STATE/logs/triggers-apply.log" \
    || e2e_die "kubectl apply of Triggers failed (see $E2E_STATE/logs/triggers-apply.log)"
  e2e_kubectl -n tekton-pipelines rollout status deployment/tekton-triggers-controller deployment/tekton-triggers-webhook \
    --timeout 180s > /dev/null || e2e_die "Triggers did not start: $(e2e_kubectl -n tekton-pipelines get pods 2>&1 | tr '\n' ' ')"
  cat > "$E2E_STATE/triggers-probe.yaml" <<YAML
apiVersion: triggers.tekton.dev/v1beta1
kind: TriggerBinding
metadata:
  name: webhook-probe
  namespace: default
spec:
  params:
    - name: probe
      value: \$(body.probe)
YAML
  e2e_wait 120 "Triggers' webhook" e2e_kubectl create --dry-run=server -f "$E2E_STATE/triggers-probe.yaml" \
    || e2e_die "Triggers' webhook does not answer (see kubectl -n tekton-pipelines logs deploy/tekton-triggers-webhook)"
  e2e_kubectl apply -f "$interceptors" >> "$E2E_STATE/logs/triggers-apply.log" \
    || e2e_die "kubectl apply of Triggers' interceptors failed (see $E2E_STATE/logs/triggers-apply.log)"
  e2e_kubectl -n tekton-pipelines rollout status deployment/tekton-triggers-core-interceptors --timeout 180s > /dev/null \
    || e2e_die "Triggers' interceptors did not start: $(e2e_kubectl -n tekton-pipelines get pods 2>&1 | tr '\n' ' ')"
}

e2e_addons_up() {
  e2e_log "storage: default StorageClass $E2E_STORAGE_CLASS with $E2E_PERSISTENT_VOLUMES volumes"
  e2e_storage_up
  e2e_log "installing Tekton Pipelines $E2E_TEKTON_VERSION"
  e2e_tekton_up
  e2e_log "installing Tekton Triggers $E2E_TRIGGERS_VERSION"
  e2e_triggers_up
}

e2e_write_env() {
  cat > "$E2E_STATE/env" <<ENV
KUBECONFIG=$E2E_STATE/admin.kubeconfig
NODE_IP=$E2E_NODE_IP
GIT_REPOS_DIR=$E2E_GIT_REPOS
GIT_SSH_URL=ssh://$E2E_GIT_USER@$E2E_NODE_IP:$E2E_GIT_SSH_PORT$E2E_GIT_REPOS/
GIT_SSH_KEY=$E2E_STATE/git-ssh-key
GIT_KNOWN_HOSTS=$E2E_STATE/git-known-hosts
E2E_BIN=$E2E_BIN
TEKTON_VERSION=$E2E_TEKTON_VERSION
TRIGGERS_VERSION=$E2E_TRIGGERS_VERSION
MESSAGES_API_URL=$E2E_MESSAGES_API_URL
MESSAGES_API_KEY=$E2E_MESSAGES_API_KEY
MESSAGES_API_OAUTH_TOKEN=$E2E_MESSAGES_API_OAUTH_TOKEN
CLAUDE_CREDENTIALS_JSON=$E2E_STATE/messages-api/credentials.json
AUDIT_LOG=$E2E_STATE/logs/audit.log
ENV
  chmod 600 "$E2E_STATE/env"
}
