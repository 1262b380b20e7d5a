# The cluster's certificates (one CA), the service-account signing key and the kubeconfigs, made
# with openssl on every `up` under .state/pki/.

E2E_PKI="$E2E_STATE/pki"

# e2e_cert NAME SUBJECT [SUBJECT_ALT_NAMES]: a key and a certificate signed by the cluster CA.
e2e_cert() {
  local name="$1" subject="$2" sans="${3:-}"
  local ext="$E2E_PKI/$name.ext"
  {
    echo "basicConstraints=CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=serverAuth,clientAuth"
    [ -n "$sans" ] && echo "subjectAltName=$sans"
  } > "$ext"
  openssl req -new -newkey rsa:2048 -nodes -keyout "$E2E_PKI/$name.key" -subj "$subject" \
    -out "$E2E_PKI/$name.csr" 2> /dev/null
  openssl x509 -req -in "$E2E_PKI/$name.csr" -CA "$E2E_PKI/ca.crt" -CAkey "$E2E_PKI/ca.key" \
    -CAcreateserial -days 30 -extfile "$ext" -out "$E2E_PKI/$name.crt" 2> /dev/null
  rm -f "$E2E_PKI/$name.csr" "$ext"
}

# e2e_kubeconfig NAME: a kubeconfig for the certificate NAME.
e2e_kubeconfig() {
  local name="$1"
  cat > "$E2E_STATE/$name.kubeconfig" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
  - name: gastown-e2e
    cluster:
      server: https://$E2E_NODE_IP:$E2E_APISERVER_PORT
      certificate-authority: $E2E_PKI/ca.crt
users:
  - name: $name
    user:
      client-certificate: $E2E_PKI/$name.crt
      client-key: $E2E_PKI/$name.key
contexts:
  - name: gastown-e2e
    context:
      cluster: gastown-e2e
      user: $name
current-context: gastown-e2e
KUBECONFIG
}

e2e_pki() {
  rm -rf "$E2E_PKI" && mkdir -p "$E2E_PKI"
  openssl req -x509 -new -newkey rsa:2048 -nodes -keyout "$E2E_PKI/ca.key" -days 30 \
    -subj "/CN=gastown-e2e-ca" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" -out "$E2E_PKI/ca.crt" 2> /dev/null
  openssl genrsa -out "$E2E_PKI/service-accounts.key" 2048 2> /dev/null
  openssl rsa -in "$E2E_PKI/service-accounts.key" -pubout -out "$E2E_PKI/service-accounts.pub" 2> /dev/null

  e2e_cert apiserver "/CN=kube-apiserver" \
    "IP:$E2E_NODE_IP,IP:$E2E_KUBERNETES_SERVICE_IP,IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
  e2e_cert apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client"
  e2e_cert kubelet "/CN=$E2E_NODE_NAME" "IP:$E2E_NODE_IP,DNS:$E2E_NODE_NAME"
  e2e_cert admin "/O=system:masters/CN=gastown-e2e-admin"
  e2e_cert node "/O=system:nodes/CN=system:node:$E2E_NODE_NAME"
  e2e_cert controller-manager "/CN=system:kube-controller-manager"
  e2e_cert scheduler "/CN=system:kube-scheduler"
  e2e_cert proxy "/CN=system:kube-proxy"
  local name
  for name in admin node controller-manager scheduler proxy; do
    e2e_kubeconfig "$name"
  done
}
