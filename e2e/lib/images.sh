# The images the cluster runs, built without a container engine and imported into containerd
# under exactly the names config/install.yaml and the operator's defaults use, so that
# imagePullPolicy IfNotPresent finds them with no registry:
#   agent     Debian rootfs (debootstrap) + the pinned Claude Code from npm, user 65532
#   operator  the same rootfs + a jlink'ed Java runtime + the operator jar
#   Tekton    the binaries built from e2e/modules/tekton-pipeline and e2e/modules/tekton-triggers,
#             laid out as ko lays them out
#   shell     Debian's busybox-static (Tekton's place-scripts init container needs sh)
#   pause     e2e/images/pause.c, the pod sandbox image containerd's CRI starts every pod with
# Each image is an OCI image layout (uncompressed tar layers, hard links to the cached layers)
# written by e2e_oci_image and streamed into `ctr images import` as an archive.

E2E_IMAGES="$E2E_CACHE/images"
E2E_DEBIAN_MIRROR="${GASTOWN_E2E_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
E2E_DEBIAN_SUITE=bookworm
E2E_AGENT_PACKAGES=bash,ca-certificates,git,openssh-client,nodejs,make
E2E_AGENT_IMAGE=ghcr.io/gastown-operator/agent:0.1.0
E2E_OPERATOR_IMAGE=ghcr.io/gastown-operator/operator:0.1.0
E2E_PAUSE_IMAGE=registry.k8s.io/pause:3.10
E2E_LOCAL_REGISTRY=gastown-e2e.local
E2E_TEKTON_IMAGES="controller webhook entrypoint nop workingdirinit sidecarlogresults resolvers"
E2E_TRIGGERS_IMAGES="controller webhook eventlistenersink interceptors"

# e2e_layer DIRECTORY OUT.tar: a reproducible layer of DIRECTORY's contents (owners kept).
e2e_layer() {
  tar --sort=name --mtime=@0 --numeric-owner --xattrs -C "$1" -cf "$2.tmp" . && mv "$2.tmp" "$2"
}

e2e_sha256() { sha256sum "$1" | cut -d' ' -f1; }

# e2e_blob LAYOUT FILE: moves FILE into the layout's blobs and prints its digest.
e2e_blob() {
  local digest
  digest="$(e2e_sha256 "$2")"
  mkdir -p "$1/blobs/sha256"
  mv "$2" "$1/blobs/sha256/$digest"
  echo "$digest"
}

# e2e_oci_image NAME LAYOUT_DIR CONFIG_JSON LAYER.tar...: an OCI image layout of the layers, with
# CONFIG_JSON as the image's "config" object (Entrypoint, Env, User, WorkingDir).
e2e_oci_image() {
  local name="$1" layout="$2" config="$3"; shift 3
  rm -rf "$layout" && mkdir -p "$layout"
  local layers="" diff_ids="" layer digest size
  for layer in "$@"; do
    digest="$(e2e_sha256 "$layer")"
    size="$(stat -c %s "$layer")"
    mkdir -p "$layout/blobs/sha256"
    ln "$layer" "$layout/blobs/sha256/$digest" 2> /dev/null || cp "$layer" "$layout/blobs/sha256/$digest"
    layers="$layers${layers:+,}{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"sha256:$digest\",\"size\":$size}"
    diff_ids="$diff_ids${diff_ids:+,}\"sha256:$digest\""
  done
  printf '{"architecture":"amd64","os":"linux","config":%s,"rootfs":{"type":"layers","diff_ids":[%s]}}' \
    "$config" "$diff_ids" > "$layout/config.json"
  local config_size config_digest
  config_size="$(stat -c %s "$layout/config.json")"
  config_digest="$(e2e_blob "$layout" "$layout/config.json")"
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[%s]}' \
    "$config_digest" "$config_size" "$layers" > "$layout/manifest.json"
  local manifest_size manifest_digest
  manifest_size="$(stat -c %s "$layout/manifest.json")"
  manifest_digest="$(e2e_blob "$layout" "$layout/manifest.json")"
  printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"io.containerd.image.name":"%s","org.opencontainers.image.ref.name":"%s"}}]}' \
    "$manifest_digest" "$manifest_size" "$name" "${name##*:}" > "$layout/index.json"
  printf '{"imageLayoutVersion":"1.0.0"}' > "$layout/oci-layout"
}

# e2e_image_config ENTRYPOINT_JSON USER [ENV_JSON_ITEMS] [WORKDIR]
e2e_image_config() {
  local env='"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"'
  printf '{"Entrypoint":%s,"User":"%s","Env":[%s%s],"WorkingDir":"%s"}' "$1" "$2" "$env" "${3:+,$3}" "${4:-/}"
}

# The Debian rootfs shared by the agent and operator images (one layer), with user 65532.
e2e_base_layer() {
  local key
  key="$(printf '%s %s %s' "$E2E_DEBIAN_SUITE" "$E2E_AGENT_PACKAGES" v1 | sha256sum | cut -c1-12)"
  E2E_BASE_LAYER="$E2E_IMAGES/debian-$E2E_DEBIAN_SUITE-$key.tar"
  [ -f "$E2E_BASE_LAYER" ] && return
  command -v debootstrap > /dev/null || e2e_die "debootstrap is not installed"
  e2e_log "debootstrap $E2E_DEBIAN_SUITE rootfs with $E2E_AGENT_PACKAGES (first time only)"
  local rootfs="$E2E_IMAGES/rootfs.tmp"
  rm -rf "$rootfs"
  # npm is not in --include: it breaks debootstrap's configure step. The CLI comes from the
  # host's npm below.
  debootstrap --variant=minbase --include="$E2E_AGENT_PACKAGES" "$E2E_DEBIAN_SUITE" "$rootfs" "$E2E_DEBIAN_MIRROR" \
    > "$E2E_IMAGES/debootstrap.log" 2>&1 || e2e_die "debootstrap failed (see $E2E_IMAGES/debootstrap.log)"
  # ssh refuses a uid without a passwd entry.
  echo 'nonroot:x:65532:65532:nonroot:/home/nonroot:/bin/bash' >> "$rootfs/etc/passwd"
  echo 'nonroot:x:65532:' >> "$rootfs/etc/group"
  mkdir -p "$rootfs/home/nonroot" "$rootfs/workspace"
  chown 65532:65532 "$rootfs/home/nonroot" "$rootfs/workspace"
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/dev/*
  e2e_layer "$rootfs" "$E2E_BASE_LAYER"
  rm -rf "$rootfs"
}

e2e_agent_image() {
  local version
  version="$(sed -n 's/^ *CLAUDE_CODE_VERSION=\([0-9.]*\).*/\1/p' "$E2E_REPO/tekton/tasks/claude.yaml" | head -1)"
  [ -n "$version" ] || e2e_die "no CLAUDE_CODE_VERSION= in tekton/tasks/claude.yaml"
  local layer="$E2E_IMAGES/claude-code-$version.tar"
  if [ ! -f "$layer" ]; then
    e2e_log "npm install @anthropic-ai/claude-code@$version (first time only)"
    local dir="$E2E_IMAGES/claude-code.tmp"
    rm -rf "$dir" && mkdir -p "$dir/opt/claude-code" "$dir/usr/local/bin"
    npm install --no-audit --no-fund --prefix "$dir/opt/claude-code" "@anthropic-ai/claude-code@$version" \
      > "$E2E_IMAGES/npm.log" 2>&1 || e2e_die "npm install of Claude Code failed (see $E2E_IMAGES/npm.log)"
    ln -s /opt/claude-code/node_modules/.bin/claude "$dir/usr/local/bin/claude"
    e2e_layer "$dir" "$layer"
    rm -rf "$dir"
  fi
  e2e_oci_image "$E2E_AGENT_IMAGE" "$E2E_IMAGES/agent.oci" \
    "$(e2e_image_config '["/bin/bash"]' 65532:65532 '"HOME=/home/nonroot","DISABLE_AUTOUPDATER=1"' /workspace)" \
    "$E2E_BASE_LAYER" "$layer"
}

# The operator jar (and the test classes the scripted Messages API runs from), built from this
# checkout so the image is what the source says.
e2e_operator_jar() {
  e2e_log "mvn package (the operator jar and the e2e test classes)"
  (cd "$E2E_REPO" && mvn -B -q -DskipTests package dependency:build-classpath -pl controller \
      -Dmdep.includeScope=test -Dmdep.outputFile="$E2E_STATE/dependencies.classpath") > "$E2E_STATE/logs/mvn.log" 2>&1 \
    || e2e_die "mvn package failed (see $E2E_STATE/logs/mvn.log)"
  printf '%s:%s:%s' "$E2E_REPO/controller/target/test-classes" "$E2E_REPO/controller/target/classes" \
    "$(cat "$E2E_STATE/dependencies.classpath")" > "$E2E_STATE/test.classpath"
}

# The operator: a Java runtime made with jlink from the host's JDK (Debian's, like the rootfs)
# and the jar with its lib/ from mvn package.
e2e_operator_image() {
  local jar="$E2E_REPO/controller/target/gastown-operator.jar"
  [ -f "$jar" ] || e2e_die "no $jar after mvn package"
  local modules=java.base,java.logging,java.management,java.naming,java.net.http,java.security.jgss,java.sql,java.xml,java.desktop,jdk.crypto.ec,jdk.unsupported,jdk.httpserver,jdk.management
  local java_version
  java_version="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.runtime.version = //p')"
  local jre="$E2E_IMAGES/jre-$(printf '%s %s' "$java_version" "$modules" | sha256sum | cut -c1-12).tar"
  if [ ! -f "$jre" ]; then
    local dir="$E2E_IMAGES/jre.tmp"
    rm -rf "$dir" && mkdir -p "$dir/opt"
    jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --output "$dir/opt/java" \
      || e2e_die "jlink failed"
    e2e_layer "$dir" "$jre"
    rm -rf "$dir"
  fi
  local app="$E2E_IMAGES/operator-app.tmp"
  rm -rf "$app" && mkdir -p "$app/app"
  cp "$jar" "$app/app/" && cp -r "$E2E_REPO/controller/target/lib" "$app/app/lib"
  e2e_layer "$app" "$E2E_IMAGES/operator-app.tar"
  rm -rf "$app"
  e2e_oci_image "$E2E_OPERATOR_IMAGE" "$E2E_IMAGES/operator.oci" \
    "$(e2e_image_config '["/opt/java/bin/java","-jar","/app/gastown-operator.jar"]' 65532:65532 '"JAVA_HOME=/opt/java"' /app)" \
    "$E2E_BASE_LAYER" "$jre" "$E2E_IMAGES/operator-app.tar"
}

# A root filesystem like ko's default base (distroless static): passwd with nonroot 65532, CA
# certificates, /tmp, and the binary at /ko-app/NAME.
e2e_tekton_images() {
  local dir="$E2E_IMAGES/static.tmp"
  rm -rf "$dir" && mkdir -p "$dir/etc/ssl/certs" "$dir/tmp" "$dir/home/nonroot" "$dir/var/run/ko"
  printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' > "$dir/etc/passwd"
  printf 'root:x:0:\nnonroot:x:65532:\n' > "$dir/etc/group"
  cp /etc/ssl/certs/ca-certificates.crt "$dir/etc/ssl/certs/"
  chmod 1777 "$dir/tmp"
  chown 65532:65532 "$dir/home/nonroot"
  e2e_layer "$dir" "$E2E_IMAGES/static-base.tar"
  rm -rf "$dir"
  local name
  for name in $E2E_TEKTON_IMAGES; do
    e2e_ko_image "$E2E_TEKTON_BIN/$name" "$(e2e_tekton_image "$name")" "$E2E_IMAGES/tekton-$name.oci"
  done
  for name in $E2E_TRIGGERS_IMAGES; do
    e2e_ko_image "$E2E_TRIGGERS_BIN/$name" "$(e2e_triggers_image "$name")" "$E2E_IMAGES/triggers-$name.oci"
  done
  dir="$E2E_IMAGES/busybox.tmp"
  rm -rf "$dir" && mkdir -p "$dir/bin" "$dir/tmp"
  cp /bin/busybox "$dir/bin/busybox"
  chmod 1777 "$dir/tmp"
  for name in $(/bin/busybox --list); do
    [ "$name" = busybox ] || ln -s busybox "$dir/bin/$name"
  done
  e2e_layer "$dir" "$E2E_IMAGES/busybox.tar"
  rm -rf "$dir"
  e2e_oci_image "$E2E_SHELL_IMAGE" "$E2E_IMAGES/shell.oci" \
    "$(e2e_image_config '["/bin/sh"]' 0 '' /)" "$E2E_IMAGES/static-base.tar" "$E2E_IMAGES/busybox.tar"
}

# e2e_ko_image BINARY IMAGE LAYOUT: the static base and the binary at /ko-app/<its name>.
e2e_ko_image() {
  local name dir
  name="$(basename "$1")"
  dir="$E2E_IMAGES/ko-$name.tmp"
  rm -rf "$dir" && mkdir -p "$dir/ko-app"
  cp "$1" "$dir/ko-app/$name"
  e2e_layer "$dir" "$E2E_IMAGES/ko-$name.tar"
  rm -rf "$dir"
  e2e_oci_image "$2" "$3" \
    "$(e2e_image_config "[\"/ko-app/$name\"]" 65532 '"KO_DATA_PATH=/var/run/ko","SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt"')" \
    "$E2E_IMAGES/static-base.tar" "$E2E_IMAGES/ko-$name.tar"
  rm -f "$E2E_IMAGES/ko-$name.tar"
}

e2e_tekton_image() { echo "$E2E_LOCAL_REGISTRY/tektoncd/pipeline/$1:$E2E_TEKTON_VERSION"; }
e2e_triggers_image() { echo "$E2E_LOCAL_REGISTRY/tektoncd/triggers/$1:$E2E_TRIGGERS_VERSION"; }

e2e_pause_image() {
  local dir="$E2E_IMAGES/pause.tmp"
  rm -rf "$dir" && mkdir -p "$dir"
  gcc -static -O2 -o "$dir/pause" "$E2E_DIR/images/pause.c" || e2e_die "gcc -static of e2e/images/pause.c failed"
  e2e_layer "$dir" "$E2E_IMAGES/pause.tar"
  rm -rf "$dir"
  e2e_oci_image "$E2E_PAUSE_IMAGE" "$E2E_IMAGES/pause.oci" "$(e2e_image_config '["/pause"]' 65535 '' /)" \
    "$E2E_IMAGES/pause.tar"
}

e2e_images() {
  mkdir -p "$E2E_IMAGES"
  [ -x /bin/busybox ] || e2e_die "busybox-static is not installed"
  E2E_SHELL_IMAGE="$E2E_LOCAL_REGISTRY/busybox:$(dpkg-query -W -f '${Version}' busybox-static | tr -c 'A-Za-z0-9._\n-' '-')"
  e2e_base_layer
  e2e_agent_image
  e2e_operator_jar
  e2e_operator_image
  e2e_tekton_images
  e2e_pause_image
}

# Imports every image into containerd's k8s.io namespace (the one the CRI plugin serves).
e2e_import_images() {
  local layout
  for layout in "$E2E_IMAGES"/*.oci; do
    tar -C "$layout" -cf - oci-layout index.json blobs \
      | ctr --address "$E2E_RUN/containerd.sock" -n k8s.io images import - > /dev/null \
      || e2e_die "ctr images import of $layout failed"
  done
}
