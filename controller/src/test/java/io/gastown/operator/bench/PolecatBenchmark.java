package io.gastown.operator.bench;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.gastown.operator.Fixtures;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatPhase;
import io.gastown.operator.api.polecat.PolecatStatus;
import io.gastown.operator.executor.pod.PolecatPodBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * N Polecats through their whole lifecycle against an API server, with the real operator jar as a
 * separate process, compared with a plain fabric8 client doing the minimum work (create the pod,
 * patch the status) on the same server in the same run. The server is fabric8's mock server, or
 * with {@code -Dbench.kubeconfig=FILE -Dbench.audit=AUDIT_LOG} a real kube-apiserver with etcd
 * ({@code e2e/benchmark}). See docs/benchmarks.md.
 *
 * <pre>mvn -B -q package -DskipTests && mvn -B -q -pl controller -Pbenchmark test-compile exec:java</pre>
 */
public final class PolecatBenchmark {

  private static final String OPERATOR_NS = "bench-operator";
  private static final String BASELINE_NS = "bench-baseline";
  private static final String HARNESS = "gastown-bench-harness";
  private static final String BASELINE = "gastown-bench-baseline";
  private static final String RESULT = "{\"branch\":\"feature/b\",\"commit\":\"3f2c1a9e\",\"pushed\":\"true\","
      + "\"outcome\":\"succeeded\",\"summary\":\"done\",\"cost-usd\":\"0.01\",\"num-turns\":\"3\",\"session-id\":\"s\"}";

  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(System.getProperty("polecats", "1000"));
    Path jar = Fixtures.repoRoot().resolve("controller/target/gastown-operator.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException("build the operator first: mvn -B -q package -DskipTests");
    }
    String kubeconfig = System.getProperty("bench.kubeconfig", "");
    try (BenchServer server = kubeconfig.isEmpty() ? new MockBenchServer()
            : new RealBenchServer(Path.of(kubeconfig), Path.of(System.getProperty("bench.audit")));
         KubernetesClient harness = server.client(HARNESS);
         KubernetesClient baseline = server.client(BASELINE)) {
      System.out.println("server                           " + server.describe());
      // The operator refuses to start without its CRDs; the mock server serves them once created.
      installCrds(harness, !kubeconfig.isEmpty());
      for (String ns : List.of(OPERATOR_NS, BASELINE_NS)) {
        harness.resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
        harness.resource(secret(ns, "git-ssh-key", "ssh-privatekey")).create();
        harness.resource(secret(ns, "claude-home", ".credentials.json")).create();
        if (!kubeconfig.isEmpty()) {
          awaitDefaultServiceAccount(harness, ns);
        }
      }
      startKubelet(harness);

      int healthPort = freePort();
      Process operator = startOperator(jar, server.kubeconfig(), healthPort);
      // The operator never outlives the benchmark, however it ends.
      Runtime.getRuntime().addShutdownHook(new Thread(operator::destroyForcibly));
      long started = System.nanoTime();
      awaitReady(healthPort, operator);
      double readySeconds = (System.nanoTime() - started) / 1e9;
      server.drain();

      double operatorSeconds = run(harness, OPERATOR_NS, n);
      long rssKb = rssKb(operator.pid());
      Map<String, Integer> operatorRequests = classify(server.drain(), "fabric8-kubernetes-client");
      operator.destroy();
      operator.waitFor(10, TimeUnit.SECONDS);

      try (AutoCloseable controller = startBaseline(baseline)) {
        double baselineSeconds = run(harness, BASELINE_NS, n);
        Map<String, Integer> baselineRequests = classify(server.drain(), BASELINE);
        report(n, readySeconds, operatorSeconds, baselineSeconds, rssKb, operatorRequests, baselineRequests);
      }
    }
    System.exit(0);
  }

  /** Creates n Polecats and waits until all are Done; returns the wall time. */
  private static double run(KubernetesClient harness, String namespace, int n) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(n);
    var informer = harness.resources(Polecat.class).inNamespace(namespace).inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Polecat p) {}

      @Override
      public void onUpdate(Polecat old, Polecat p) {
        if (phase(old) != PolecatPhase.Done && phase(p) == PolecatPhase.Done) {
          done.countDown();
        }
      }

      @Override
      public void onDelete(Polecat p, boolean unknown) {}
    });
    Polecat template = Serialization.unmarshal(Fixtures.read("examples/polecat.yaml"), Polecat.class);
    long start = System.nanoTime();
    ExecutorService users = daemonPool();
    for (int i = 0; i < n; i++) {
      Polecat polecat = Serialization.clone(template);
      polecat.getMetadata().setNamespace(namespace);
      polecat.getMetadata().setName("bench-" + i);
      polecat.getSpec().setBeadID("bead-" + i);
      users.submit(() -> harness.resource(polecat).create());
    }
    users.shutdown();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(Math.max(20, n / 100));
    while (!done.await(10, TimeUnit.SECONDS)) {
      System.out.printf("  %s: %d of %d Done after %.0f s%n", namespace, n - done.getCount(), n, (System.nanoTime() - start) / 1e9);
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(done.getCount() + " Polecats did not reach Done");
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    informer.close();
    return seconds;
  }

  private static PolecatPhase phase(Polecat p) {
    PolecatStatus status = p.getStatus();
    return status == null ? null : status.getPhase();
  }

  /** Plays kubelet: every new agent pod runs, then succeeds with a result. */
  private static void startKubelet(KubernetesClient harness) {
    ExecutorService nodes = daemonPool();
    harness.pods().inAnyNamespace().inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        nodes.submit(() -> {
          status(harness, pod, new PodStatusBuilder().withPhase("Running").withStartTime("2026-01-20T00:10:40Z").build());
          status(harness, pod, new PodStatusBuilder().withPhase("Succeeded").withStartTime("2026-01-20T00:10:40Z")
              // The agent's container ends; the push container reports the result (as in the real pod).
              .withContainerStatuses(new ContainerStatusBuilder().withName(PolecatPodBuilder.CLAUDE)
                  .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(0)
                      .withFinishedAt("2026-01-20T00:13:19Z").endTerminated().build()).build(),
                  new ContainerStatusBuilder().withName(PolecatPodBuilder.PUSH)
                  .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(0).withMessage(RESULT)
                      .withFinishedAt("2026-01-20T00:13:19Z").endTerminated().build()).build())
              .build());
        });
      }

      @Override
      public void onUpdate(Pod old, Pod pod) {}

      @Override
      public void onDelete(Pod pod, boolean unknown) {}
    });
  }

  /** Writes a pod's status as the kubelet would, again on a conflict (a real server has other writers). */
  private static void status(KubernetesClient client, Pod pod, io.fabric8.kubernetes.api.model.PodStatus status) {
    for (int attempt = 1; ; attempt++) {
      try {
        client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).editStatus(p -> {
          p.setStatus(status);
          return p;
        });
        return;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (attempt == 5) {
          System.out.println("  kubelet: could not write the status of " + pod.getMetadata().getName() + ": " + e.getMessage());
          return;
        }
      }
    }
  }

  /** The least a controller must do: create the pod on a new Polecat, write Done when it succeeded. */
  private static AutoCloseable startBaseline(KubernetesClient client) {
    ExecutorService workers = daemonPool();
    var polecats = client.resources(Polecat.class).inNamespace(BASELINE_NS).inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Polecat p) {
        workers.submit(() -> client.resource(new PolecatPodBuilder(io.gastown.operator.steps.StepScripts.bundled())
            .build(Fixtures.effective(p, io.gastown.operator.common.AgentDefaults.withImage("agent:bench")))).create());
      }

      @Override
      public void onUpdate(Polecat old, Polecat p) {}

      @Override
      public void onDelete(Polecat p, boolean unknown) {}
    });
    var pods = client.pods().inNamespace(BASELINE_NS).inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {}

      @Override
      public void onUpdate(Pod old, Pod pod) {
        if (!"Succeeded".equals(old.getStatus() == null ? null : old.getStatus().getPhase())
            && "Succeeded".equals(pod.getStatus().getPhase())) {
          String polecat = pod.getMetadata().getOwnerReferences().get(0).getName();
          workers.submit(() -> client.resources(Polecat.class).inNamespace(BASELINE_NS).withName(polecat)
              .patchStatus(Polecat.class.cast(statusDone(polecat))));
        }
      }

      @Override
      public void onDelete(Pod pod, boolean unknown) {}
    });
    return () -> {
      polecats.close();
      pods.close();
      workers.shutdownNow();
    };
  }

  private static Polecat statusDone(String name) {
    Polecat patch = new Polecat();
    patch.getMetadata().setName(name);
    patch.getMetadata().setNamespace(BASELINE_NS);
    PolecatStatus status = new PolecatStatus();
    status.setPhase(PolecatPhase.Done);
    patch.setStatus(status);
    return patch;
  }

  /** The CRDs as {@code config/install.yaml} ships them, established (on a real server) before anything uses them. */
  private static void installCrds(KubernetesClient harness, boolean awaitEstablished) throws IOException {
    try (var files = Files.list(Fixtures.repoRoot().resolve("config/crd"))) {
      for (Path file : files.sorted().toList()) {
        var crd = harness.getKubernetesSerialization().unmarshal(Files.readString(file),
            io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition.class);
        harness.apiextensions().v1().customResourceDefinitions().resource(crd).createOr(c -> c.update());
        if (awaitEstablished) {
          harness.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
              .waitUntilCondition(c -> c.getStatus() != null && c.getStatus().getConditions() != null
                  && c.getStatus().getConditions().stream()
                  .anyMatch(cond -> "Established".equals(cond.getType()) && "True".equals(cond.getStatus())), 1, TimeUnit.MINUTES);
        }
      }
    }
  }

  /** Pods are admitted only once the namespace's default ServiceAccount exists. */
  private static void awaitDefaultServiceAccount(KubernetesClient harness, String namespace) {
    harness.serviceAccounts().inNamespace(namespace).withName("default")
        .waitUntilCondition(java.util.Objects::nonNull, 1, TimeUnit.MINUTES);
  }

  private static Process startOperator(Path jar, Path kubeconfig, int healthPort) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(List.of(System.getProperty("operator.jvmArgs", "-XX:+ExitOnOutOfMemoryError -Xmx64m -Xss256k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=24m -XX:MaxMetaspaceSize=80m").split(" ")));
    command.addAll(List.of("-jar", jar.toString()));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("KUBECONFIG", kubeconfig.toString());
    pb.environment().put("GASTOWN_WATCH_NAMESPACES", OPERATOR_NS);
    pb.environment().put("GASTOWN_HEALTH_PORT", Integer.toString(healthPort));
    pb.redirectErrorStream(true).redirectOutput(Files.createTempFile("bench-operator", ".log").toFile());
    return pb.start();
  }

  private static void awaitReady(int port, Process operator) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).timeout(Duration.ofSeconds(1)).build();
    for (int i = 0; i < 6000; i++) {
      if (!operator.isAlive()) {
        throw new IllegalStateException("the operator exited with " + operator.exitValue());
      }
      try {
        if (http.send(ready, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
          return;
        }
      } catch (IOException notListeningYet) {
        // keep polling
      }
      Thread.sleep(10);
    }
    throw new IllegalStateException("the operator was not ready within 60 s");
  }

  /** Requests of one client (by User-Agent), by kind of request. */
  private static Map<String, Integer> classify(List<BenchServer.Request> requests, String userAgent) {
    Map<String, Integer> counts = new TreeMap<>();
    for (BenchServer.Request r : requests) {
      if (!r.userAgent().startsWith(userAgent)) {
        continue;
      }
      String path = r.path();
      String kind;
      if (path.endsWith("/events")) {
        kind = "events";
      } else if (r.watch()) {
        kind = "watch";
      } else if (path.contains("/secrets/")) {
        kind = "GET secret";
      } else if (path.endsWith("/status")) {
        kind = r.method() + " polecat status";
      } else if (path.contains("/pods")) {
        kind = r.method() + " pod";
      } else {
        kind = r.method() + " other";
      }
      counts.merge(kind, 1, Integer::sum);
    }
    return counts;
  }

  private static void report(int n, double ready, double operator, double baseline, long rssKb,
      Map<String, Integer> operatorRequests, Map<String, Integer> baselineRequests) {
    int events = operatorRequests.getOrDefault("events", 0);
    int lifecycle = operatorRequests.entrySet().stream()
        .filter(e -> !e.getKey().equals("events") && !e.getKey().equals("watch") && !e.getKey().equals("GET other"))
        .mapToInt(Map.Entry::getValue).sum();
    int baselineLifecycle = baselineRequests.entrySet().stream()
        .filter(e -> !e.getKey().equals("watch") && !e.getKey().equals("GET other"))
        .mapToInt(Map.Entry::getValue).sum();
    System.out.printf("polecats                         %d%n", n);
    System.out.printf("operator ready after start       %.2f s%n", ready);
    System.out.printf("wall time to all Done, operator  %.2f s%n", operator);
    System.out.printf("wall time to all Done, baseline  %.2f s (operator/baseline %.2fx)%n", baseline, operator / baseline);
    System.out.printf("API requests per lifecycle       %.2f operator, %.2f baseline (events excluded)%n",
        lifecycle / (double) n, baselineLifecycle / (double) n);
    System.out.printf("events per lifecycle             %.2f%n", events / (double) n);
    System.out.printf("operator RSS at the end          %d MB%n", rssKb / 1024);
    System.out.println("operator requests by kind        " + operatorRequests);
    System.out.println("baseline requests by kind        " + baselineRequests);
  }

  private static long rssKb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  private static ExecutorService daemonPool() {
    return Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r);
      t.setDaemon(true);
      return t;
    });
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static io.fabric8.kubernetes.api.model.Secret secret(String namespace, String name, String key) {
    var secret = Fixtures.secret(name, key);
    secret.getMetadata().setNamespace(namespace);
    return secret;
  }
}
