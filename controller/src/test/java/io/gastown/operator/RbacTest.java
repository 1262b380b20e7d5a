package io.gastown.operator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.knative.pkg.apis.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.tekton.v1.ParamValue;
import io.fabric8.tekton.v1.PipelineRun;
import io.fabric8.tekton.v1.PipelineRunResultBuilder;
import io.fabric8.tekton.v1.PipelineRunStatus;
import io.fabric8.tekton.v1.TaskRun;
import io.gastown.operator.api.beadstore.BeadStore;
import io.gastown.operator.api.beadstore.BeadStorePhase;
import io.gastown.operator.api.convoy.Convoy;
import io.gastown.operator.api.polecat.ExecutionMode;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatPhase;
import io.gastown.operator.api.refinery.Refinery;
import io.gastown.operator.api.rig.Rig;
import io.gastown.operator.api.witness.Witness;
import io.gastown.operator.common.OperatorConfig;
import io.gastown.operator.common.Timestamps;
import io.gastown.operator.polecat.FakeKubelet;
import io.gastown.operator.polecat.FakeTekton;
import io.gastown.operator.polecat.PolecatAssertions;
import io.javaoperatorsdk.operator.Operator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The RBAC the operator ships is exactly what it uses. The operator runs a story that drives every
 * controller through what it does in a cluster (pod and tekton Polecats to Done and their TTL
 * cleanup, a cancelled TaskRun, a Refinery merge and the deletion of its finished PipelineRun, a
 * Rig, a Convoy creating its Polecat, a Witness retry, a BeadStore sync, a repeated Event, Warnings
 * of a bad Rig); every request it sends is recorded and mapped to the RBAC verb the API server
 * checks for it. The cluster-wide install's ClusterRole must grant all of them and nothing more,
 * and the namespaced install must be enough for an operator limited by GASTOWN_WATCH_NAMESPACES,
 * which must never list or watch a namespaced kind across all namespaces.
 */
@EnableKubernetesMockClient(crud = true)
class RbacTest {

  static final String NS = Fixtures.NAMESPACE;
  static final String OTHER_NS = "other-team";
  /** The operator's requests carry it; the test's own (playing the user, kubelet and Tekton) do not. */
  static final String OPERATOR_AGENT = "gastown-operator-under-rbac-test";
  static final String REPO = "git@github.com:myorg/myrepo.git";
  /** Polecats of another repository than the Refinery's: not merged. */
  static final String OTHER_REPO = "git@github.com:myorg/other.git";

  /**
   * Granted but not reached by the story, each with the reason it is still needed: reads after a
   * create or a status write answered 409, because the object exists already (an operator
   * restarted between create and cache, a name taken) or the cached copy was stale. A race in the
   * story may reach one of them; that is allowed.
   */
  static final Map<String, String> NOT_EXERCISED = Map.ofEntries(
      Map.entry("core pods get", "CreateOnly reads the existing agent or sync pod when its create answers 409"),
      Map.entry("core persistentvolumeclaims get", "CreateOnly reads the existing workspace claim when its create answers 409"),
      Map.entry("tekton.dev pipelineruns get", "CreateOnly reads the existing merge PipelineRun when its create answers 409"),
      Map.entry("gastown.gastown.io rigs get", "StatusPatch reads the Rig again when its status update answers 409"),
      Map.entry("gastown.gastown.io convoys get", "StatusPatch reads the Convoy again when its status update answers 409"),
      Map.entry("gastown.gastown.io witnesses get", "StatusPatch reads the Witness again when its status update answers 409"),
      Map.entry("gastown.gastown.io refineries get", "StatusPatch reads the Refinery again when its status update answers 409"),
      Map.entry("gastown.gastown.io beadstores get", "StatusPatch reads the BeadStore again when its status update answers 409"),
      Map.entry("gastown.gastown.io refineries/status patch", "ApiErrors: a reconcile that failed leaves Reconciled=False on its Refinery"),
      Map.entry("gastown.gastown.io rigs/status patch", "ApiErrors: a reconcile that failed leaves Reconciled=False on its Rig"),
      Map.entry("gastown.gastown.io convoys/status patch", "ApiErrors: a reconcile that failed leaves Reconciled=False on its Convoy"),
      Map.entry("gastown.gastown.io witnesses/status patch", "ApiErrors: a reconcile that failed leaves Reconciled=False on its Witness"),
      Map.entry("gastown.gastown.io beadstores/status patch", "ApiErrors: a reconcile that failed leaves Reconciled=False on its BeadStore"));

  KubernetesMockServer server;
  KubernetesClient client;

  @Test
  void theClusterRoleGrantsExactlyTheVerbsTheOperatorUses() throws Exception {
    List<ApiAccess> used = story(OperatorConfig.defaults());

    assertEquals(List.of(), refused(used, Grants.of("config/install.yaml")), "refused by config/install.yaml");
    Set<String> granted = ApiAccess.grants(clusterRole("config/rbac/role.yaml").getRules());
    Set<String> usedGrants = used.stream().map(ApiAccess::grant).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(Set.of(), difference(NOT_EXERCISED.keySet(), granted), "NOT_EXERCISED names a verb the role does not grant");
    Set<String> unused = difference(difference(granted, usedGrants), NOT_EXERCISED.keySet());
    assertEquals(Set.of(), unused, "granted by config/rbac/role.yaml but never used: remove it, or say in NOT_EXERCISED why it stays");
  }

  @Test
  void aNamespacedOperatorNeedsOnlyTheNamespacedInstallAndReadsNoOtherNamespace() throws Exception {
    client.resource(new NamespaceBuilder().withNewMetadata().withName(OTHER_NS).endMetadata().build()).create();
    Polecat elsewhere = polecat("elsewhere", ExecutionMode.KUBERNETES, OTHER_REPO);
    elsewhere.getMetadata().setNamespace(OTHER_NS);
    client.resource(elsewhere).create();

    List<ApiAccess> used = story(OperatorConfig.fromEnvironment(Map.of("GASTOWN_WATCH_NAMESPACES", NS)));

    assertEquals(List.of(), refused(used, Grants.of("config/install-namespaced.yaml")), "refused by config/install-namespaced.yaml");
    List<String> outside = used.stream().filter(a -> a.namespace() == null)
        .filter(a -> !a.group().equals("gastown.gastown.io") || !a.resource().matches("rigs(/status)?"))
        .map(ApiAccess::toString).distinct().sorted().toList();
    assertEquals(List.of(), outside, "only the cluster-scoped Rigs are read and written outside a namespace");
    assertTrue(used.contains(new ApiAccess("gastown.gastown.io", "rigs", "watch", null)), "the Rigs are watched");
    assertNull(client.resources(Polecat.class).inNamespace(OTHER_NS).withName("elsewhere").get().getStatus(),
        "a Polecat of a namespace the operator does not watch is left alone");
    assertTrue(client.pods().inNamespace(OTHER_NS).list().getItems().isEmpty());
  }

  /** Both installs grant the same verbs; the namespaced one splits them by where they apply. */
  @Test
  void theNamespacedInstallGrantsWhatTheClusterWideOneGrantsSplitByScope() {
    Grants cluster = Grants.of("config/install.yaml");
    Grants namespaced = Grants.of("config/install-namespaced.yaml");

    assertEquals(cluster.all(), namespaced.all());
    assertEquals(Set.of("gastown.gastown.io rigs get", "gastown.gastown.io rigs list", "gastown.gastown.io rigs watch",
        "gastown.gastown.io rigs/status update", "gastown.gastown.io rigs/status patch"), namespaced.cluster(),
        "the namespaced install's cluster-wide rights are the cluster-scoped Rigs' only");
    assertEquals(ApiAccess.grants(role("config/namespaced/role.yaml").getRules()), namespaced.inNamespace().get(NS));
    assertEquals(ApiAccess.grants(role("config/namespaced/rig_events_role.yaml").getRules()),
        namespaced.inNamespace().get("default"), "the Events of Rigs, which Kubernetes keeps in default");
  }

  /** The Role and RoleBinding docs/install.md tells users to copy for another namespace are the shipped ones. */
  @Test
  void theInstallGuidesRoleForAnotherNamespaceIsTheShippedOne() {
    List<HasMetadata> blocks = ManifestAssertions.docBlocks(Fixtures.repoRoot().resolve("docs")).stream()
        .filter(d -> d.file().endsWith("install.md"))
        .map(d -> (HasMetadata) ManifestAssertions.parseExactly(d.tree())).toList();
    for (HasMetadata shipped : List.of(role("config/namespaced/role.yaml"),
        Serialization.unmarshal(Fixtures.read("config/namespaced/role_binding.yaml"), RoleBinding.class))) {
      HasMetadata documented = blocks.stream().filter(b -> b.getClass() == shipped.getClass()).findFirst().orElseThrow();
      shipped.getMetadata().setNamespace(documented.getMetadata().getNamespace());
      assertEquals(shipped, documented, "docs/install.md's " + shipped.getKind() + " differs from config/namespaced/");
    }
  }

  /**
   * Starts the operator with {@code config} on a cluster with Tekton and runs the story; returns
   * every request the operator sent, as RBAC sees it.
   */
  private List<ApiAccess> story(OperatorConfig config) throws InterruptedException {
    FakeTekton.install(server);
    FakeKubelet kubelet = new FakeKubelet(client);
    FakeTekton tekton = new FakeTekton(client);
    Fixtures.createGuideSecrets(client);
    client.resource(new ServiceAccountBuilder().withNewMetadata().withName("agents").withNamespace(NS)
        .withAnnotations(Map.of("gastown.gastown.io/agents", "true")).endMetadata().build()).create();
    Rig rig = Fixtures.rigWithDefaults();
    rig.getSpec().getSettings().setMaxPolecats(10);
    client.resource(rig).create();
    client.resource(Serialization.unmarshal(Fixtures.read("examples/refinery.yaml"), Refinery.class)).create();

    KubernetesClient operatorClient = new KubernetesClientBuilder()
        .withConfig(new ConfigBuilder(client.getConfiguration()).withUserAgent(OPERATOR_AGENT).build()).build();
    Operator operator = GastownOperator.start(operatorClient, config.withSecretRetryDelay(Duration.ofMillis(300)),
        Clock.systemUTC(), e -> {});
    try {
      podPolecatIsDoneMergedAndCleanedUp(kubelet);
      tektonPolecatIsDoneAndCleanedUp(tekton);
      tektonPolecatIsCancelled();
      convoyCreatesItsPolecat();
      witnessRetriesAHungAgent(kubelet);
      beadStoreSyncs();
      aRepeatedWarningIsCounted();
      aBadRigIsReported();
      await().atMost(Duration.ofSeconds(15)).until(() -> client.resources(Rig.class).withName("my-project").get().getStatus() != null);
    } finally {
      operator.stop();
      operatorClient.close();
    }
    List<ApiAccess> accesses = new ArrayList<>();
    RecordedRequest request;
    while ((request = server.takeRequest(300, TimeUnit.MILLISECONDS)) != null) {
      if (OPERATOR_AGENT.equals(request.getHeader("User-Agent"))) {
        ApiAccess.of(request).ifPresent(accesses::add);
      }
    }
    assertFalse(accesses.isEmpty(), "no request of the operator recorded");
    return accesses;
  }

  /** A pod Polecat under its own service account: Done, merged by the Refinery, its pod and merge run deleted after their TTLs. */
  private void podPolecatIsDoneMergedAndCleanedUp(FakeKubelet kubelet) {
    Polecat polecat = polecat("pod-worker", ExecutionMode.KUBERNETES, REPO);
    polecat.getSpec().setTtlSecondsAfterFinished(1);
    polecat.getSpec().getKubernetes().setServiceAccountName("agents");
    client.resource(polecat).create();
    awaitPresent(() -> client.pods().inNamespace(NS).withName("polecat-pod-worker").get());
    kubelet.succeeded("polecat-pod-worker", FakeKubelet.result("feature/bead-pod-worker", "succeeded", "done"),
        "2026-01-20T00:10:00Z");
    PolecatAssertions.awaitStatus(client, "pod-worker", s -> assertEquals(PolecatPhase.Done, s.getPhase()));
    awaitGone(() -> client.pods().inNamespace(NS).withName("polecat-pod-worker").get());

    String run = "refinery-my-refinery-pod-worker";
    awaitPresent(() -> client.resources(PipelineRun.class).inNamespace(NS).withName(run).get());
    finishMerge(run, Instant.now().minus(Duration.ofHours(2)));
    PolecatAssertions.awaitStatus(client, "pod-worker", s -> assertEquals("aaa111", s.getMergedCommit()));
    awaitGone(() -> client.resources(PipelineRun.class).inNamespace(NS).withName(run).get());
  }

  private void tektonPolecatIsDoneAndCleanedUp(FakeTekton tekton) {
    Polecat polecat = polecat("tekton-worker", ExecutionMode.TEKTON, OTHER_REPO);
    polecat.getSpec().setTtlSecondsAfterFinished(1);
    client.resource(polecat).create();
    String clone = "polecat-tekton-worker-git-clone";
    String claude = "polecat-tekton-worker-claude";
    awaitPresent(() -> client.resources(TaskRun.class).inNamespace(NS).withName(clone).get());
    tekton.succeeded(clone, Map.of("commit", "1111111"));
    awaitPresent(() -> client.resources(TaskRun.class).inNamespace(NS).withName(claude).get());
    tekton.succeeded(claude, FakeTekton.claudeResults("succeeded", "done"));
    PolecatAssertions.awaitStatus(client, "tekton-worker", s -> assertEquals(PolecatPhase.Done, s.getPhase()));
    awaitGone(() -> client.resources(TaskRun.class).inNamespace(NS).withName(claude).get());
    awaitGone(() -> client.persistentVolumeClaims().inNamespace(NS).withName("polecat-tekton-worker-workspace").get());
  }

  private void tektonPolecatIsCancelled() {
    client.resource(polecat("tekton-cancel", ExecutionMode.TEKTON, OTHER_REPO)).create();
    String clone = "polecat-tekton-cancel-git-clone";
    awaitPresent(() -> client.resources(TaskRun.class).inNamespace(NS).withName(clone).get());
    client.resources(Polecat.class).inNamespace(NS).withName("tekton-cancel")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"desiredState\":\"Terminated\"}}");
    await().atMost(Duration.ofSeconds(15)).until(() -> "TaskRunCancelled".equals(
        client.resources(TaskRun.class).inNamespace(NS).withName(clone).get().getSpec().getStatus()));
  }

  private void convoyCreatesItsPolecat() {
    Convoy convoy = new Convoy();
    convoy.getMetadata().setName("wave");
    convoy.getMetadata().setNamespace(NS);
    convoy.getSpec().setDescription("one bead");
    convoy.getSpec().setTrackedBeads(List.of("mp-1"));
    convoy.getSpec().setParallelism(1);
    convoy.getSpec().setRigRef("my-project");
    client.resource(convoy).create();
    awaitPresent(() -> client.resources(Polecat.class).inNamespace(NS).withName("wave-mp-1").get());
    awaitPresent(() -> client.resources(Convoy.class).inNamespace(NS).withName("wave").get().getStatus());
  }

  private void witnessRetriesAHungAgent(FakeKubelet kubelet) {
    Witness witness = new Witness();
    witness.getMetadata().setName("watch");
    witness.getMetadata().setNamespace(NS);
    witness.getSpec().setRigRef("my-project");
    witness.getSpec().setMaxRetries(1);
    witness.getSpec().setBackoff("1s");
    client.resource(witness).create();
    client.resource(polecat("flaky", ExecutionMode.KUBERNETES, OTHER_REPO)).create();
    awaitPresent(() -> client.pods().inNamespace(NS).withName("polecat-flaky").get());
    kubelet.runFailed("polecat-flaky", 1, FakeKubelet.result("feature/bead-flaky", "hung", "Claude Code printed nothing for 900 seconds"));
    awaitPresent(() -> client.pods().inNamespace(NS).withName("polecat-flaky-2").get());
    await().atMost(Duration.ofSeconds(15)).until(() -> {
      Witness w = client.resources(Witness.class).inNamespace(NS).withName("watch").get();
      return w.getStatus() != null && w.getStatus().getPolecatsSummary() != null;
    });
  }

  private void beadStoreSyncs() {
    BeadStore store = new BeadStore();
    store.getMetadata().setName("beads");
    store.getMetadata().setNamespace(NS);
    store.getSpec().setRigRef("my-project");
    store.getSpec().setPrefix("mp-");
    store.getSpec().setSyncInterval("5m");
    client.resource(store).create();
    String pod = "beadstore-beads-sync";
    awaitPresent(() -> client.pods().inNamespace(NS).withName(pod).get());
    client.pods().inNamespace(NS).withName(pod).editStatus(p -> {
      p.setStatus(new PodStatusBuilder().withPhase("Succeeded").withStartTime(Timestamps.format(Instant.now().minusSeconds(5)))
          .withInitContainerStatuses(terminated("git-init", null))
          .withContainerStatuses(terminated("sync", "{\"outcome\":\"synced\",\"issue-count\":\"1\",\"ready-count\":\"1\","
              + "\"ready-beads\":\"mp-1\",\"message\":\"\"}"))
          .build());
      return p;
    });
    await().atMost(Duration.ofSeconds(15)).until(() -> {
      BeadStore s = client.resources(BeadStore.class).inNamespace(NS).withName("beads").get();
      return s.getStatus() != null && s.getStatus().getPhase() == BeadStorePhase.Synced;
    });
    awaitGone(() -> client.pods().inNamespace(NS).withName(pod).get());
  }

  /** A Refinery whose spec goes bad, is fixed, and goes bad the same way again: one Warning Event, counted twice. */
  private void aRepeatedWarningIsCounted() {
    Refinery flapping = Serialization.unmarshal(Fixtures.read("examples/refinery.yaml"), Refinery.class);
    flapping.getMetadata().setName("flapping");
    flapping.getSpec().setRigRef("other-rig");
    flapping.getSpec().setParallelism(0);
    client.resource(flapping).create();
    await().atMost(Duration.ofSeconds(15)).until(() -> warningCount("flapping") == 1);
    setParallelism("flapping", 1);
    await().atMost(Duration.ofSeconds(15)).until(() -> {
      var status = client.resources(Refinery.class).inNamespace(NS).withName("flapping").get().getStatus();
      return status != null && status.getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    });
    setParallelism("flapping", 0);
    await().atMost(Duration.ofSeconds(15)).until(() -> warningCount("flapping") == 2);
  }

  /** A Rig with a default no Rig may have: its Warning goes to the namespace default, where Kubernetes keeps cluster-scoped objects' Events. */
  private void aBadRigIsReported() {
    Rig bad = Serialization.unmarshal("""
        apiVersion: gastown.gastown.io/v1alpha1
        kind: Rig
        metadata:
          name: bad-rig
        spec:
          gitURL: git@github.com:myorg/bad.git
          beadsPrefix: br
          polecatDefaults:
            taskDescription: the same task for everyone
        """, Rig.class);
    client.resource(bad).create();
    await().atMost(Duration.ofSeconds(15)).until(() -> client.v1().events().inNamespace("default").list().getItems().stream()
        .anyMatch(e -> "bad-rig".equals(e.getInvolvedObject().getName()) && "InvalidSpec".equals(e.getReason())));
  }

  // --- helpers

  private static Polecat polecat(String name, ExecutionMode mode, String repository) {
    Polecat polecat = Serialization.unmarshal(Fixtures.read("examples/polecat.yaml"), Polecat.class);
    polecat.getMetadata().setName(name);
    polecat.getSpec().setBeadID("bead-" + name);
    polecat.getSpec().setExecutionMode(mode);
    polecat.getSpec().getKubernetes().setGitRepository(repository);
    return polecat;
  }

  private void finishMerge(String run, Instant completedAt) {
    client.resources(PipelineRun.class).inNamespace(NS).withName(run).editStatus(r -> {
      PipelineRunStatus status = new PipelineRunStatus();
      status.setStartTime(Timestamps.format(completedAt.minusSeconds(120)));
      status.setCompletionTime(Timestamps.format(completedAt));
      status.setConditions(List.of(new ConditionBuilder().withType("Succeeded").withStatus("True").withReason("Succeeded").build()));
      status.setResults(Stream.of("outcome=merged", "merged-commit=aaa111", "summary=")
          .map(kv -> new PipelineRunResultBuilder().withName(kv.split("=")[0])
              .withValue(new ParamValue(kv.split("=", 2)[1])).build())
          .toList());
      r.setStatus(status);
      return r;
    });
  }

  private static ContainerStatus terminated(String name, String message) {
    return new ContainerStatusBuilder().withName(name)
        .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(0).withMessage(message)
            .withStartedAt(Timestamps.format(Instant.now().minusSeconds(5))).withFinishedAt(Timestamps.format(Instant.now()))
            .endTerminated().build())
        .build();
  }

  private void setParallelism(String refinery, int parallelism) {
    client.resources(Refinery.class).inNamespace(NS).withName(refinery)
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"parallelism\":" + parallelism + "}}");
  }

  private int warningCount(String involved) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> involved.equals(e.getInvolvedObject().getName()) && "Warning".equals(e.getType()))
        .map(Event::getCount).filter(Objects::nonNull).mapToInt(Integer::intValue).sum();
  }

  private static <T> void awaitPresent(java.util.concurrent.Callable<T> read) {
    await().atMost(Duration.ofSeconds(15)).until(read, Objects::nonNull);
  }

  private static <T extends HasMetadata> void awaitGone(java.util.concurrent.Callable<T> read) {
    await().atMost(Duration.ofSeconds(15)).until(() -> read.call() == null);
  }

  /** The accesses the grants do not allow, one line each. */
  private static List<String> refused(List<ApiAccess> used, Grants grants) {
    return used.stream().filter(a -> !grants.allow(a)).map(ApiAccess::toString).distinct().sorted().toList();
  }

  /**
   * What an install bundle lets the operator's service account do: the rules of the ClusterRoles
   * bound to it cluster-wide, and those of the Roles (or ClusterRoles) bound to it in a namespace.
   */
  record Grants(Set<String> cluster, Map<String, Set<String>> inNamespace) {

    static final String ACCOUNT = "gastown-system/gastown-operator";

    static Grants of(String bundle) {
      List<HasMetadata> objects = Serialization.unmarshal(Fixtures.read(bundle));
      Map<String, List<PolicyRule>> clusterRoles = new TreeMap<>();
      Map<String, List<PolicyRule>> roles = new TreeMap<>();
      for (HasMetadata o : objects) {
        if (o instanceof ClusterRole r) {
          clusterRoles.put(r.getMetadata().getName(), r.getRules());
        } else if (o instanceof Role r) {
          roles.put(r.getMetadata().getNamespace() + "/" + r.getMetadata().getName(), r.getRules());
        }
      }
      Set<String> cluster = new TreeSet<>();
      Map<String, Set<String>> inNamespace = new TreeMap<>();
      for (HasMetadata o : objects) {
        if (o instanceof ClusterRoleBinding b && boundToTheOperator(b.getSubjects())) {
          cluster.addAll(ApiAccess.grants(clusterRoles.getOrDefault(b.getRoleRef().getName(), List.of())));
        } else if (o instanceof RoleBinding b && boundToTheOperator(b.getSubjects())) {
          String ns = b.getMetadata().getNamespace();
          List<PolicyRule> rules = "ClusterRole".equals(b.getRoleRef().getKind())
              ? clusterRoles.getOrDefault(b.getRoleRef().getName(), List.of())
              : roles.getOrDefault(ns + "/" + b.getRoleRef().getName(), List.of());
          inNamespace.computeIfAbsent(ns, n -> new TreeSet<>()).addAll(ApiAccess.grants(rules));
        }
      }
      return new Grants(cluster, inNamespace);
    }

    private static boolean boundToTheOperator(List<Subject> subjects) {
      return subjects.stream().anyMatch(s -> "ServiceAccount".equals(s.getKind())
          && ACCOUNT.equals(s.getNamespace() + "/" + s.getName()));
    }

    boolean allow(ApiAccess access) {
      return cluster.contains(access.grant())
          || (access.namespace() != null && inNamespace.getOrDefault(access.namespace(), Set.of()).contains(access.grant()));
    }

    Set<String> all() {
      Set<String> all = new TreeSet<>(cluster);
      inNamespace.values().forEach(all::addAll);
      return all;
    }
  }

  private static ClusterRole clusterRole(String file) {
    return Serialization.unmarshal(Fixtures.read(file), ClusterRole.class);
  }

  private static Role role(String file) {
    return Serialization.unmarshal(Fixtures.read(file), Role.class);
  }

  private static Set<String> difference(Set<String> a, Set<String> b) {
    Set<String> left = new TreeSet<>(a);
    left.removeAll(b);
    return left;
  }
}
