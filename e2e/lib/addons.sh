# What the cluster runs beside the control plane: storage for PVCs and Tekton Pipelines.

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

# Tekton Pipelines from the module's own config/: its CRDs, RBAC, ConfigMaps, controller and
# webhook, with the ko:// image references replaced by the images e2e/lib/images.sh imported.
e2e_tekton_up() {
  local config
  config="$(cd "$E2E_DIR/modules/tekton-pipeline" && go list -m -f '{{.Dir}}' github.com/tektoncd/pipeline)/config"
  [ -d "$config" ] || e2e_die "no config/ in the Tekton module ($config)"
  local manifest="$E2E_STATE/tekton.yaml" file name
  : > "$manifest"
  for file in "$config"/100-namespace/*.yaml "$config"/300-crds/*.yaml "$config"/*.yaml; do
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

e2e_addons_up() {
  e2e_log "storage: default StorageClass $E2E_STORAGE_CLASS with $E2E_PERSISTENT_VOLUMES volumes"
  e2e_storage_up
  e2e_log "installing Tekton Pipelines $E2E_TEKTON_VERSION"
  e2e_tekton_up
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
MESSAGES_API_URL=$E2E_MESSAGES_API_URL
MESSAGES_API_KEY=$E2E_MESSAGES_API_KEY
MESSAGES_API_OAUTH_TOKEN=$E2E_MESSAGES_API_OAUTH_TOKEN
CLAUDE_CREDENTIALS_JSON=$E2E_STATE/messages-api/credentials.json
AUDIT_LOG=$E2E_STATE/logs/audit.log
ENV
  chmod 600 "$E2E_STATE/env"
}
