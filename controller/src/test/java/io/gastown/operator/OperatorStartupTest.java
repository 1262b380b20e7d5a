package io.gastown.operator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.gastown.operator.api.polecat.Polecat;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `gastown-operator` started the way a user starts it, against a mock API server or none. */
class OperatorStartupTest {

  private static final List<String> CRDS = List.of("polecats", "refineries", "rigs", "convoys", "witnesses", "beadstores");

  @TempDir
  Path dir;

  private KubernetesMockServer server;

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.destroy();
    }
  }

  @Test
  void withoutTheCrdsItNamesThemInOneLineAndExits() throws Exception {
    Path kubeconfig = mockServer(List.of("rigs"));

    OperatorProcess operator = OperatorProcess.run(Map.of("KUBECONFIG", kubeconfig.toString(), "GASTOWN_HEALTH_PORT", Integer.toString(freePort())));

    assertEquals(1, operator.exitCode());
    assertEquals("gastown-operator: CRDs not installed: polecats.gastown.gastown.io, refineries.gastown.gastown.io,"
        + " convoys.gastown.gastown.io, witnesses.gastown.gastown.io, beadstores.gastown.gastown.io: kubectl apply -f config/install.yaml\n",
        operator.stderr());
  }

  @Test
  void withTheCrdsItIsReadyAndItsLivenessFollowsTheInformers() throws Exception {
    Path kubeconfig = mockServer(CRDS);
    int port = freePort();

    try (OperatorProcess operator = OperatorProcess.start(Map.of("KUBECONFIG", kubeconfig.toString(),
        "GASTOWN_HEALTH_PORT", Integer.toString(port)))) {
      await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
        assertTrue(operator.isAlive(), operator::stderr);
        assertEquals("200 ok", OperatorProcess.probe(port, "/readyz"));
      });
      assertEquals("200 ok", OperatorProcess.probe(port, "/healthz"));

      server.destroy();

      await().atMost(Duration.ofMinutes(1)).untilAsserted(() ->
          assertTrue(OperatorProcess.probe(port, "/healthz").matches("503 unhealthy event sources: .*polecat/pods.*"),
              OperatorProcess.probe(port, "/healthz")));
      assertEquals("200 ok", OperatorProcess.probe(port, "/readyz"), "a lost watch is the liveness probe's business");
    }
  }

  /** The operator's log says what it does, one line each, and never a secret value or the task text. */
  @Test
  void itLogsEachPhaseChangeAndEachPodItCreatesButNoSecretAndNoTask() throws Exception {
    Path kubeconfig = mockServer(CRDS);
    Polecat polecat = Serialization.unmarshal(Fixtures.read("examples/polecat.yaml"), Polecat.class);
    polecat.getSpec().setTaskDescription("Rotate the staging database password");
    try (KubernetesClient client = server.createClient()) {
      Fixtures.createGuideSecrets(client);
      client.resource(polecat).create();
    }

    try (OperatorProcess operator = OperatorProcess.start(Map.of("KUBECONFIG", kubeconfig.toString(),
        "GASTOWN_HEALTH_PORT", Integer.toString(freePort())))) {
      await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
        assertTrue(operator.stderr().contains("created Pod gastown-workers/polecat-my-worker of Polecat my-worker"), operator::stderr);
        assertTrue(operator.stderr().contains("Polecat gastown-workers/my-worker: new -> Pending"), operator::stderr);
      });
      String log = operator.stderr();
      assertFalse(log.contains("value-of-"), "a secret value reached the log");
      assertFalse(log.contains("staging database"), "the task text reached the log");
    }
  }

  @Test
  void aRefusedConnectionNamesTheServer() throws Exception {
    int closed = freePort();
    Path kubeconfig = kubeconfig("http://127.0.0.1:" + closed);

    OperatorProcess operator = OperatorProcess.run(Map.of("KUBECONFIG", kubeconfig.toString(), "GASTOWN_HEALTH_PORT", Integer.toString(freePort())));

    assertEquals(1, operator.exitCode());
    assertEquals("gastown-operator: the Kubernetes API server at http://127.0.0.1:" + closed
        + "/ refused the connection; set KUBECONFIG or run the operator in a cluster\n", operator.stderr());
  }

  @Test
  void aKubeconfigThatDoesNotExistIsNamed() throws Exception {
    OperatorProcess operator = OperatorProcess.run(Map.of("KUBECONFIG", dir.resolve("nosuch").toString(), "GASTOWN_HEALTH_PORT", Integer.toString(freePort())));

    assertEquals(1, operator.exitCode());
    assertEquals("gastown-operator: KUBECONFIG names " + dir.resolve("nosuch") + ", which does not exist\n", operator.stderr());
  }

  @Test
  void aTakenHealthPortIsNamedWithItsSetting() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      OperatorProcess operator = OperatorProcess.run(Map.of("GASTOWN_HEALTH_PORT", Integer.toString(taken.getLocalPort())));

      assertEquals(1, operator.exitCode());
      assertEquals("gastown-operator: port " + taken.getLocalPort() + " (GASTOWN_HEALTH_PORT) is already in use: the health"
          + " probes cannot listen on it; stop what holds it or set GASTOWN_HEALTH_PORT to a free port\n", operator.stderr());
    }
  }

  @Test
  void aSettingThatIsNotANumberIsNamedWithItsValue() throws Exception {
    OperatorProcess operator = OperatorProcess.run(Map.of("GASTOWN_SECRET_RETRY_SECONDS", "30s"));

    assertEquals(1, operator.exitCode());
    assertEquals("gastown-operator: GASTOWN_SECRET_RETRY_SECONDS must be a whole number from 5 to 3600, not \"30s\"\n",
        operator.stderr());
  }

  @Test
  void versionPrintsTheVersion() throws Exception {
    OperatorProcess operator = OperatorProcess.run(Map.of(), "--version");

    assertEquals(0, operator.exitCode(), operator::stderr);
    assertTrue(operator.stdout().matches("gastown-operator \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\n"), operator.stdout());
  }

  @Test
  void renderOfBrokenYamlSaysWhereInOneLine() throws Exception {
    Path broken = dir.resolve("broken.yaml");
    Files.writeString(broken, "kind: Polecat\n  spec: [\n");

    OperatorProcess operator = OperatorProcess.run(Map.of(), "render", broken.toString());

    assertEquals(1, operator.exitCode());
    assertEquals("gastown-operator render: cannot read " + broken + ": mapping values are not allowed here (line 2, column 7)\n",
        operator.stderr());
    assertFalse(operator.stdout().contains("Exception"));
  }

  /** A CRUD mock API server that serves (in discovery too) the CRDs of {@code plurals}. */
  private Path mockServer(List<String> plurals) throws IOException {
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    try (KubernetesClient client = server.createClient()) {
      for (String plural : plurals) {
        client.resource(client.getKubernetesSerialization().unmarshal(
            Fixtures.read("config/crd/" + plural + ".gastown.gastown.io-v1.yml"), CustomResourceDefinition.class)).create();
      }
    }
    return kubeconfig(server.url("/").replaceAll("/$", ""));
  }

  private Path kubeconfig(String url) throws IOException {
    return OperatorProcess.kubeconfig(dir, url, "test");
  }

  private static int freePort() throws IOException {
    return OperatorProcess.freePort();
  }
}
