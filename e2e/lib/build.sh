# Builds the cluster's upstream binaries from the pinned wrapper modules in e2e/modules/, once:
# each lands in ~/.cache/gastown-e2e/bin/<module>-<version>-<hash of go.mod and go.sum>/, and
# .state/bin/ links to the ones this checkout pins. The Go module and build caches are Go's own.

# e2e_build_module MODULE VERSION LDFLAGS: builds every tool the module's go.mod lists; sets
# E2E_BUILT to the directory that holds them.
e2e_build_module() {
  local module="$1" version="$2" ldflags="$3"
  local dir="$E2E_DIR/modules/$module"
  local key
  key="$(cat "$dir/go.mod" "$dir/go.sum" | sha256sum | cut -c1-12)"
  local out="$E2E_CACHE/bin/$module-$version-$key"
  if [ ! -f "$out/.complete" ]; then
    e2e_log "building $module $version (first time only; cached in $out)"
    rm -rf "$out" && mkdir -p "$out"
    # tektoncd/cli v0.43.0 is missing from sum.golang.org (404); go.sum pins its hash instead.
    (cd "$dir" && CGO_ENABLED=0 GOFLAGS=-mod=readonly GONOSUMDB=github.com/tektoncd/cli go build -trimpath -ldflags "-s -w $ldflags" -o "$out/" tool) \
      || e2e_die "go build of e2e/modules/$module failed"
    touch "$out/.complete"
  fi
  E2E_BUILT="$out"
}

# e2e_link DIRECTORY BINARY [NAME]: puts a built binary on .state/bin.
e2e_link() {
  mkdir -p "$E2E_BIN"
  ln -sfn "$1/$2" "$E2E_BIN/${3:-$2}"
}

e2e_build_all() {
  command -v go > /dev/null || e2e_die "go is not installed (the tier builds its cluster from Go modules)"
  local k8s etcd tekton tkn triggers
  k8s="$(e2e_version "$E2E_DIR/modules/kubernetes" k8s.io/kubernetes)"
  etcd="$(e2e_version "$E2E_DIR/modules/etcd" go.etcd.io/etcd/server/v3)"
  tekton="$(e2e_version "$E2E_DIR/modules/tekton-pipeline" github.com/tektoncd/pipeline)"
  tkn="$(e2e_version "$E2E_DIR/modules/tekton-cli" github.com/tektoncd/cli)"
  triggers="$(e2e_version "$E2E_DIR/modules/tekton-triggers" github.com/tektoncd/triggers)"
  local minor="${k8s#v1.}"; minor="${minor%%.*}"
  local v=k8s.io/component-base/version
  # The version ldflags of Kubernetes' own build, so /version is truthful (Tekton checks it).
  e2e_build_module kubernetes "$k8s" "-X $v.gitVersion=$k8s -X $v.gitMajor=1 -X $v.gitMinor=$minor -X $v.gitTreeState=clean"
  local binary
  for binary in kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl; do
    e2e_link "$E2E_BUILT" "$binary"
  done
  e2e_build_module etcd "$etcd" "-X go.etcd.io/etcd/api/v3/version.GitSHA=$etcd"
  e2e_link "$E2E_BUILT" server etcd
  e2e_build_module tekton-cli "$tkn" "-X github.com/tektoncd/cli/pkg/cmd/version.clientVersion=${tkn#v}"
  e2e_link "$E2E_BUILT" tkn
  # Tekton's binaries go into images (e2e_images), not on the host's PATH.
  e2e_build_module tekton-pipeline "$tekton" ""
  E2E_TEKTON_BIN="$E2E_BUILT"
  E2E_TEKTON_VERSION="$tekton"
  e2e_build_module tekton-triggers "$triggers" ""
  E2E_TRIGGERS_BIN="$E2E_BUILT"
  E2E_TRIGGERS_VERSION="$triggers"
}
