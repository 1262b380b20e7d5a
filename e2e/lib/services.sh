# What pods reach on this host besides the API server: an ssh git server (Debian's sshd on a
# high port, its own host key and client key, serving the bare repositories in GIT_REPOS_DIR
# through git-shell) and the scripted Messages API.

E2E_GIT_REPOS="$E2E_STATE/git"
E2E_GIT_USER=git

e2e_git_server_up() {
  command -v sshd > /dev/null || [ -x /usr/sbin/sshd ] || e2e_die "openssh-server is not installed"
  local dir="$E2E_STATE/sshd"
  mkdir -p "$dir" "$E2E_GIT_REPOS" /run/sshd
  if ! id "$E2E_GIT_USER" > /dev/null 2>&1; then
    useradd --system --home-dir "$E2E_GIT_REPOS" --no-create-home --shell /usr/bin/git-shell "$E2E_GIT_USER"
  fi
  # A locked account ("!") is refused by sshd without PAM; "*" only forbids password logins.
  usermod -p '*' "$E2E_GIT_USER"
  chown "$E2E_GIT_USER:" "$E2E_GIT_REPOS"
  ssh-keygen -q -t ed25519 -N '' -C gastown-e2e-host -f "$dir/host_ed25519"
  ssh-keygen -q -t ed25519 -N '' -C gastown-e2e-git -f "$E2E_STATE/git-ssh-key"
  cp "$E2E_STATE/git-ssh-key.pub" "$dir/authorized_keys"
  chmod 644 "$dir/authorized_keys"
  cat > "$dir/sshd_config" <<SSHD
Port $E2E_GIT_SSH_PORT
ListenAddress $E2E_NODE_IP
HostKey $dir/host_ed25519
PidFile $dir/sshd.pid
AuthorizedKeysFile $dir/authorized_keys
AllowUsers $E2E_GIT_USER
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin no
UsePAM no
StrictModes no
AllowTcpForwarding no
X11Forwarding no
PermitTTY no
LogLevel VERBOSE
SSHD
  e2e_start sshd /usr/sbin/sshd -D -e -f "$dir/sshd_config"
  # known_hosts line for the git secret: pods check the server's key like any other host's.
  printf '[%s]:%s %s\n' "$E2E_NODE_IP" "$E2E_GIT_SSH_PORT" "$(cut -d' ' -f1,2 "$dir/host_ed25519.pub")" > "$E2E_STATE/git-known-hosts"
  e2e_wait 20 "sshd on $E2E_NODE_IP:$E2E_GIT_SSH_PORT" bash -c "exec 3<>/dev/tcp/$E2E_NODE_IP/$E2E_GIT_SSH_PORT" \
    || e2e_die "sshd did not start (see $E2E_STATE/logs/sshd.log)"
}

# The scripted Messages API (controller/src/test/.../e2e/ScriptedMessagesApi.java) on NODE_IP. It
# accepts the API key and the OAuth access token written here and answers 401 to anything else.
e2e_messages_api_up() {
  local dir="$E2E_STATE/messages-api"
  mkdir -p "$dir"
  E2E_MESSAGES_API_KEY="sk-ant-api03-e2e-$(openssl rand -hex 16)"
  E2E_MESSAGES_API_OAUTH_TOKEN="sk-ant-oat01-e2e-$(openssl rand -hex 16)"
  printf '%s\n%s\n' "$E2E_MESSAGES_API_KEY" "$E2E_MESSAGES_API_OAUTH_TOKEN" > "$dir/credentials"
  chmod 600 "$dir/credentials"
  # What `claude /login` leaves in ~/.claude/.credentials.json, with the token above.
  printf '{"claudeAiOauth":{"accessToken":"%s","refreshToken":"sk-ant-ort01-e2e-unused","expiresAt":4102444800000,"scopes":["user:inference","user:profile"],"subscriptionType":"max"}}' \
    "$E2E_MESSAGES_API_OAUTH_TOKEN" > "$dir/credentials.json"
  E2E_MESSAGES_API_URL="http://$E2E_NODE_IP:$E2E_MESSAGES_API_PORT"
  e2e_start messages-api java -Xmx256m -cp "$(cat "$E2E_STATE/test.classpath")" io.gastown.operator.e2e.ScriptedMessagesApi \
    --listen "$E2E_NODE_IP:$E2E_MESSAGES_API_PORT" --credentials "$dir/credentials"
  e2e_wait 30 "the scripted Messages API" curl -s -o /dev/null "$E2E_MESSAGES_API_URL/" \
    || e2e_die "the scripted Messages API did not start (see $E2E_STATE/logs/messages-api.log)"
}

e2e_services_up() {
  e2e_log "starting the ssh git server and the scripted Messages API"
  e2e_git_server_up
  e2e_messages_api_up
}

e2e_services_down() {
  :
}
