package io.gastown.operator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatPhase;
import io.gastown.operator.polecat.PolecatAssertions;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas of the operator, started as users start them, against one API server: the one
 * holding the Lease reconciles, the other only watches until the leader dies.
 */
class LeaderElectionTest {

  private static final String NS = Fixtures.NAMESPACE;
  private static final List<String> CRDS = List.of("polecats", "refineries", "rigs", "convoys", "witnesses", "beadstores");

  @TempDir
  Path dir;

  private final WriteRecordingDispatcher api = new WriteRecordingDispatcher();
  private KubernetesMockServer server;
  private KubernetesClient client;
  private final Map<String, OperatorProcess> replicas = new HashMap<>();
  private final Map<String, Integer> ports = new HashMap<>();

  @BeforeEach
  void startServer() {
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), api, false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    client = server.createClient();
    for (String plural : CRDS) {
      client.resource(client.getKubernetesSerialization().unmarshal(
          Fixtures.read("config/crd/" + plural + ".gastown.gastown.io-v1.yml"), CustomResourceDefinition.class)).create();
    }
    Fixtures.createGuideSecrets(client);
  }

  @AfterEach
  void stopAll() throws InterruptedException {
    for (OperatorProcess replica : replicas.values()) {
      replica.close();
    }
    client.close();
    server.destroy();
  }

  @Test
  void onlyTheLeaseHolderReconcilesAndTheOtherTakesOverWhenItDies() throws Exception {
    start("replica-a");
    start("replica-b");
    String leader = await().atMost(Duration.ofMinutes(1)).until(this::leaseHolder, Optional::isPresent).orElseThrow();
    String follower = leader.equals("replica-a") ? "replica-b" : "replica-a";
    await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
      assertEquals("200 ok: leader " + leader, probe(leader, "/readyz"));
      assertEquals("200 ok: standby " + follower + ", the leader is " + leader, probe(follower, "/readyz"));
    });

    client.resource(guidePolecat("my-worker")).create();
    PolecatAssertions.awaitStatus(client, "my-worker", s -> assertEquals(PolecatPhase.Pending, s.getPhase()));
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertEquals(List.of("polecat-my-worker"), agentPods()));
    assertTrue(api.writesBy(leader).contains("POST /api/v1/namespaces/" + NS + "/pods"), () -> api.writesBy(leader).toString());
    assertEquals(List.of(), api.writesBy(follower), "a replica standing by writes nothing but its bid for the Lease");
    assertTrue(metric(leader, "gastown_reconciliations_total{controller=\"polecat\"}") > 0);
    assertEquals(1, metric(leader, "gastown_leader"));
    assertEquals(0, metric(follower, "gastown_reconciliations_total{controller=\"polecat\"}"));
    assertEquals(0, metric(follower, "gastown_leader"));
    // Its cache is as warm as the leader's: it counts the Polecat too.
    assertEquals(1, metric(follower, "gastown_polecats{phase=\"Pending\",rig=\"my-project\"}"));

    replicas.remove(leader).close();

    await().atMost(Duration.ofSeconds(30)).until(() -> leaseHolder().equals(Optional.of(follower)));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertEquals("200 ok: leader " + follower, probe(follower, "/readyz")));
    client.resource(guidePolecat("second-worker")).create();
    PolecatAssertions.awaitStatus(client, "second-worker", s -> assertEquals(PolecatPhase.Pending, s.getPhase()));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertEquals(List.of("polecat-my-worker", "polecat-second-worker"), agentPods()));
    assertTrue(api.writesBy(follower).contains("POST /api/v1/namespaces/" + NS + "/pods"), () -> api.writesBy(follower).toString());
    assertEquals(1, metric(follower, "gastown_leader"));
    assertTrue(replicas.get(follower).isAlive(), replicas.get(follower)::stderr);
  }

  private void start(String name) throws Exception {
    int port = OperatorProcess.freePort();
    Path kubeconfig = OperatorProcess.kubeconfig(dir, server.url("/").replaceAll("/$", ""), name);
    replicas.put(name, OperatorProcess.start(Map.of("KUBECONFIG", kubeconfig.toString(),
        "GASTOWN_HEALTH_PORT", Integer.toString(port),
        "GASTOWN_LEADER_ELECTION_NAMESPACE", "gastown-system",
        "GASTOWN_LEADER_ELECTION_LEASE_SECONDS", "6",
        "POD_NAME", name)));
    ports.put(name, port);
  }

  private Optional<String> leaseHolder() {
    Lease lease = client.leases().inNamespace("gastown-system").withName("gastown-operator").get();
    return Optional.ofNullable(lease).map(l -> l.getSpec().getHolderIdentity());
  }

  private String probe(String replica, String path) throws InterruptedException {
    assertTrue(replicas.get(replica).isAlive(), replicas.get(replica)::stderr);
    return OperatorProcess.probe(ports.get(replica), path);
  }

  /** The value of one sample of the replica's /metrics. */
  private double metric(String replica, String sample) throws InterruptedException {
    String text = probe(replica, "/metrics");
    assertTrue(text.startsWith("200 "), text);
    return text.lines().filter(l -> l.startsWith(sample + " ")).map(l -> Double.parseDouble(l.substring(sample.length() + 1)))
        .findFirst().orElseThrow(() -> new AssertionError(sample + " not in\n" + text));
  }

  private List<String> agentPods() {
    return client.pods().inNamespace(NS).list().getItems().stream().map(Pod::getMetadata).map(m -> m.getName()).sorted()
        .toList();
  }

  private static Polecat guidePolecat(String name) {
    Polecat polecat = Serialization.unmarshal(Fixtures.read("examples/polecat.yaml"), Polecat.class);
    polecat.getMetadata().setName(name);
    return polecat;
  }

  /**
   * The CRUD API server, recording who wrote what (each replica has its own token), and answering
   * the replicas' SelfSubjectRulesReview, with which JOSDK checks that it may use Leases.
   */
  private static final class WriteRecordingDispatcher extends KubernetesCrudDispatcher {

    private final List<String[]> writes = new CopyOnWriteArrayList<>();

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      String method = request.getMethod();
      String path = request.getPath().replaceAll("\\?.*", "");
      String token = Optional.ofNullable(request.getHeader("Authorization")).orElse("").replace("Bearer ", "");
      if (!method.equals("GET")) {
        writes.add(new String[] {token, method + " " + path});
      }
      if (method.equals("POST") && path.equals("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")) {
        return new MockResponse().setResponseCode(201).setBody("""
            {"apiVersion": "authorization.k8s.io/v1", "kind": "SelfSubjectRulesReview",
             "status": {"incomplete": false, "nonResourceRules": [], "resourceRules": [
               {"apiGroups": ["coordination.k8s.io"], "resources": ["leases"], "verbs": ["get", "create", "update"]}]}}
            """);
      }
      return super.dispatch(request);
    }

    /** What {@code replica} wrote, besides its rights check and the Lease. */
    List<String> writesBy(String replica) {
      return writes.stream().filter(w -> w[0].equals(replica)).map(w -> w[1])
          .filter(w -> !w.contains("/selfsubjectrulesreviews") && !w.contains("/leases"))
          .toList();
    }
  }
}
