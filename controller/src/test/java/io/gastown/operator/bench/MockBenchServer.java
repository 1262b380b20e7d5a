package io.gastown.operator.bench;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** fabric8's mock API server in CRUD mode, on loopback in the benchmark's own JVM. */
final class MockBenchServer implements BenchServer {

  private final KubernetesMockServer server = new KubernetesMockServer(
      new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);

  MockBenchServer() {
    server.init(InetAddress.getLoopbackAddress(), 0);
  }

  @Override
  public KubernetesClient client(String userAgent) {
    return server.createClient(b -> b.withConfig(
        new ConfigBuilder(server.createClient().getConfiguration()).withUserAgent(userAgent).build()));
  }

  @Override
  public Path kubeconfig() {
    try {
      Path kubeconfig = Files.createTempFile("bench-kubeconfig", ".yaml");
      Files.writeString(kubeconfig, """
          apiVersion: v1
          kind: Config
          clusters: [{name: mock, cluster: {server: "%s"}}]
          users: [{name: bench, user: {token: bench}}]
          contexts: [{name: bench, context: {cluster: mock, user: bench, namespace: default}}]
          current-context: bench
          """.formatted(server.url("/").replaceAll("/$", "")));
      return kubeconfig;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public List<Request> drain() throws InterruptedException {
    List<Request> requests = new ArrayList<>();
    RecordedRequest r;
    while ((r = server.takeRequest(200, TimeUnit.MILLISECONDS)) != null) {
      String agent = r.getHeaders().get("User-Agent");
      requests.add(new Request(r.getMethod(), r.getPath().replaceAll("\\?.*", ""), agent == null ? "" : agent,
          r.getPath().contains("watch=true")));
    }
    return requests;
  }

  @Override
  public String describe() {
    return "fabric8 mock server (CRUD mode, in the benchmark's JVM)";
  }

  @Override
  public void close() {
    server.destroy();
  }
}
