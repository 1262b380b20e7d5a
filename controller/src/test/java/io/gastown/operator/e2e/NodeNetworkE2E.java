package io.gastown.operator.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The tier's own promise: a pod reaches this host (API server, git server, model API) and
 * nothing beyond it, and has no nameserver to ask. "Beyond" is a host of the test's own: a network
 * namespace routed from this machine, with a listener this machine reaches and a route back to
 * the pods, so only the tier's forwarding rules stand between a pod and it.
 */
@Order(8)
class NodeNetworkE2E {

  private final E2eCluster cluster = E2eCluster.get();

  private static final String OUTSIDE_IP = "10.99.0.2";

  @Test
  void podsReachThisHostAndNothingElse() throws Exception {
    // A network namespace held by a process of the test's own, not one under /run/netns: nothing
    // of it outlives the test.
    Process namespace = new ProcessBuilder("unshare", "--net", "sleep", "infinity").start();
    Process listener = null;
    try {
      listener = outsideHost(namespace.pid());
      probe();
    } finally {
      if (listener != null) {
        listener.destroyForcibly().waitFor();
      }
      namespace.destroyForcibly().waitFor();
      sh("ip link del gastown-e2e-out 2> /dev/null || true");
    }
  }

  /** 10.99.0.2:8080 in the namespace of {@code pid}, one veth away from this host. */
  private Process outsideHost(long pid) throws Exception {
    String in = "nsenter --net=/proc/" + pid + "/ns/net ";
    await().atMost(Duration.ofSeconds(10)).until(() -> sh("test -e /proc/" + pid + "/ns/net") == 0);
    assertEquals(0, sh("ip link add gastown-e2e-out type veth peer name eth0 netns " + pid
        + " && ip addr add 10.99.0.1/30 dev gastown-e2e-out && ip link set gastown-e2e-out up"
        + " && " + in + "ip addr add " + OUTSIDE_IP + "/30 dev eth0 && " + in + "ip link set eth0 up"
        + " && " + in + "ip link set lo up && " + in + "ip route add default via 10.99.0.1"), "could not make the outside host");
    Process listener = new ProcessBuilder("nsenter", "--net=/proc/" + pid + "/ns/net",
        "python3", "-m", "http.server", "--bind", OUTSIDE_IP, "8080")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    await().atMost(Duration.ofSeconds(20)).until(() -> sh("curl -s -o /dev/null --max-time 2 http://" + OUTSIDE_IP + ":8080/") == 0);
    return listener;
  }

  private void probe() {
    String nodeIp = cluster.env("NODE_IP");
    String probe = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: network-probe
          namespace: default
        spec:
          restartPolicy: Never
          automountServiceAccountToken: false
          securityContext: {runAsNonRoot: true, runAsUser: 65532, seccompProfile: {type: RuntimeDefault}}
          containers:
            - name: probe
              image: ghcr.io/gastown-operator/agent:0.1.0
              imagePullPolicy: IfNotPresent
              securityContext: {readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
              env:
                - {name: NODE_IP, value: "%s"}
              command: [bash, -c]
              args:
                - |
                  reach() { timeout 3 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null && echo "reached $1:$2" || echo "blocked $1:$2"; }
                  reach "$NODE_IP" 2222
                  reach 10.96.0.1 443
                  reach %s 8080
                  grep -c '^nameserver' /etc/resolv.conf || true
        """.formatted(nodeIp, OUTSIDE_IP);
    cluster.kubectlWithInput(probe, "apply", "-f", "-").expectSuccess();
    await().atMost(Duration.ofMinutes(2)).until(() -> "Succeeded".equals(
        cluster.kubectl("get", "pod", "network-probe", "-n", "default", "-o", "jsonpath={.status.phase}")));

    String out = cluster.kubectl("logs", "network-probe", "-n", "default");
    assertTrue(out.contains("reached " + nodeIp + ":2222"), out);
    assertTrue(out.contains("reached 10.96.0.1:443"), "the kubernetes Service (kube-proxy): " + out);
    assertTrue(out.contains("blocked " + OUTSIDE_IP + ":8080"), "a host beyond this machine, which this machine reaches: " + out);
    assertEquals("0", out.strip().lines().reduce((a, b) -> b).orElse(""), "nameserver lines in the pod's resolv.conf: " + out);
    cluster.kubectl("delete", "pod", "network-probe", "-n", "default", "--wait=false");
  }

  private static int sh(String command) throws Exception {
    Process process = new ProcessBuilder("bash", "-c", command).inheritIO().start();
    return process.waitFor();
  }
}
