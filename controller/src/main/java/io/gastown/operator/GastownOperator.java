package io.gastown.operator;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.tekton.v1.PipelineRun;
import io.fabric8.tekton.v1.TaskRun;
import io.gastown.operator.api.beadstore.BeadStore;
import io.gastown.operator.api.convoy.Convoy;
import io.gastown.operator.api.polecat.ExecutionMode;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.refinery.Refinery;
import io.gastown.operator.api.rig.Rig;
import io.gastown.operator.api.witness.Witness;
import io.gastown.operator.beadstore.BeadStoreReconciler;
import io.gastown.operator.common.AgentServiceAccounts;
import io.gastown.operator.common.ApiErrors;
import io.gastown.operator.common.EventRecorder;
import io.gastown.operator.common.HealthServer;
import io.gastown.operator.common.LeaderElection;
import io.gastown.operator.common.Leadership;
import io.gastown.operator.common.OperatorConfig;
import io.gastown.operator.common.OperatorMetrics;
import io.gastown.operator.common.PolecatWatch;
import io.gastown.operator.common.SecretKeys;
import io.gastown.operator.common.UserIds;
import io.gastown.operator.convoy.ConvoyReconciler;
import io.gastown.operator.executor.AgentExecutor;
import io.gastown.operator.executor.Executors;
import io.gastown.operator.polecat.PolecatReconciler;
import io.gastown.operator.polecat.SecretCheck;
import io.gastown.operator.refinery.MergePipelineRunBuilder;
import io.gastown.operator.refinery.RefineryReconciler;
import io.gastown.operator.rig.RigReconciler;
import io.gastown.operator.rig.RigSlots;
import io.gastown.operator.steps.StepScripts;
import io.gastown.operator.witness.WitnessReconciler;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's entry point and its only wiring class.
 *
 * <pre>
 *   gastown-operator [run]       run the operator against the current kubeconfig / in-cluster config
 *   gastown-operator render FILE print the objects the operator would create for the Polecats in FILE
 *   gastown-operator --version   print the version
 * </pre>
 */
public final class GastownOperator {

  private static final Logger log = LoggerFactory.getLogger(GastownOperator.class);

  /** The kinds the operator serves: their CRDs must be installed before it starts. */
  static final List<Class<? extends HasMetadata>> KINDS =
      List.of(Polecat.class, Refinery.class, Rig.class, Convoy.class, Witness.class, BeadStore.class);

  private GastownOperator() {}

  public static void main(String[] args) {
    String command = args.length == 0 ? "run" : args[0];
    int exit;
    try {
      exit = switch (command) {
        case "run" -> args.length <= 1 ? run(OperatorConfig.fromEnvironment(System.getenv())) : usage(System.err);
        case "render" -> args.length == 2
            ? Render.run(args[1], StepScripts.bundled(), OperatorConfig.fromEnvironment(System.getenv()), GastownOperator::clusterRig,
                System.in, System.out, System.err)
            : usage(System.err);
        case "version", "--version" -> version(System.out);
        case "help", "-h", "--help" -> usage(System.out) * 0;
        default -> usage(System.err);
      };
    } catch (IllegalArgumentException | IllegalStateException e) {
      // Settings and start-up problems the user can fix: one line, no stack trace.
      System.err.println("gastown-operator: " + e.getMessage());
      exit = 1;
    }
    if (exit != 0 || !"run".equals(command)) {
      System.exit(exit);
    }
  }

  /**
   * Starts the operator with its reconcilers registered and informers synced. Server-side apply is
   * off: every write is a create, a delete, a JSON Patch, a merge patch or a status update, the
   * same against any API server.
   */
  public static Operator start(KubernetesClient client, OperatorConfig config, Clock clock, Consumer<Event> events) {
    return start(client, config, clock, events, new OperatorMetrics(), leadership(config.leaderElection()));
  }

  /**
   * As above, reporting to {@code metrics}. With leader election on, the informers sync on every
   * replica but only the one holding the Lease reconciles (JOSDK starts event processing when the
   * Lease is its own); a leader that loses the Lease exits, so no in-memory state (such as the
   * Rig slot ledger) outlives its leadership.
   */
  public static Operator start(KubernetesClient client, OperatorConfig config, Clock clock, Consumer<Event> events,
      OperatorMetrics metrics, Leadership leadership) {
    LeaderElection election = config.leaderElection();
    Operator operator = new Operator(o -> {
      o.withKubernetesClient(client)
          .withCloseClientOnStop(false)
          .withUseSSAToPatchPrimaryResource(false)
          .withSSABasedCreateUpdateMatchForDependentResources(false)
          .withMetrics(metrics);
      if (election.enabled()) {
        o.withLeaderElectionConfiguration(new LeaderElectionConfiguration(LeaderElection.LEASE_NAME, election.namespace(),
            election.leaseDuration(), election.renewDeadline(), election.retryPeriod(), leadership.identity(),
            leadership.callbacks(), true));
      }
    });
    EventRecorder recorder = new EventRecorder(client, clock, events.andThen(metrics::recorded));
    boolean tekton = servesTekton(client);
    if (!tekton) {
      log.info("the cluster serves no tekton.dev/v1 TaskRuns and PipelineRuns: executionMode tekton and Refineries cannot run (they report why)");
    }
    UserIds ids = userIds(client, config);
    RigSlots slots = new RigSlots();
    PolecatWatch polecats = PolecatWatch.start(client, config.namespaces());
    metrics.watch(polecats, recorder, leadership);
    registerRigs(operator, polecats, clock, recorder, slots);
    registerPolecats(operator, client, config, clock, recorder, tekton, slots, ids);
    registerRefineries(operator, client, polecats, config, clock, recorder, tekton, ids, metrics);
    registerConvoys(operator, polecats, config, clock, recorder);
    registerWitnesses(operator, polecats, config, clock, recorder);
    registerBeadStores(operator, client, config, clock, recorder, ids);
    if (election.enabled()) {
      log.info("leader election on: this replica ({}) reconciles once it holds the Lease {}/{}", leadership.identity(),
          election.namespace(), LeaderElection.LEASE_NAME);
    }
    operator.start();
    return operator;
  }

  /** This replica's part in the election: its identity is POD_NAME or HOSTNAME, else made up. */
  static Leadership leadership(LeaderElection election) {
    if (!election.enabled()) {
      return Leadership.alone();
    }
    return Leadership.elected(election.identity().isEmpty() ? "gastown-operator-" + UUID.randomUUID() : election.identity());
  }

  private static void registerRigs(Operator operator, PolecatWatch polecats, Clock clock, EventRecorder recorder,
      RigSlots slots) {
    // Cluster-scoped: watched whatever namespaces the operator is limited to; its Polecats are those of these namespaces.
    operator.register(new RigReconciler(slots, polecats, recorder, clock), o -> o.withName("rig").withRetry(ApiErrors.retry()));
  }

  private static void registerPolecats(Operator operator, KubernetesClient client, OperatorConfig config, Clock clock,
      EventRecorder recorder, boolean tekton, RigSlots slots, UserIds ids) {
    Map<ExecutionMode, AgentExecutor> executors = Executors.create(StepScripts.bundled(), tekton, clock, config.imagePullTimeout(), ids,
        config.tektonTasks());
    SecretCheck secrets = new SecretCheck(new SecretKeys(client, clock, config.secretCacheTtl()),
        new AgentServiceAccounts(client, clock, config.secretCacheTtl()));
    operator.register(new PolecatReconciler(executors, config.agentDefaults(), secrets, recorder, clock,
        config.secretRetryDelay(), slots), watching("polecat", config));
  }

  private static void registerRefineries(Operator operator, KubernetesClient client, PolecatWatch polecats, OperatorConfig config, Clock clock,
      EventRecorder recorder, boolean tekton, UserIds ids, OperatorMetrics metrics) {
    Optional<MergePipelineRunBuilder> merges = tekton
        ? Optional.of(MergePipelineRunBuilder.bundled(config.agentImage(), ids, config.tektonTasks())) : Optional.empty();
    operator.register(new RefineryReconciler(merges, polecats, recorder, clock, config.mergeRunTtl(), metrics.refineries(),
        new SecretKeys(client, clock, config.secretCacheTtl()), config.secretRetryDelay()),
        watching("refinery", config));
  }

  private static void registerConvoys(Operator operator, PolecatWatch polecats, OperatorConfig config, Clock clock,
      EventRecorder recorder) {
    operator.register(new ConvoyReconciler(polecats, recorder, clock), watching("convoy", config));
  }

  private static void registerWitnesses(Operator operator, PolecatWatch polecats, OperatorConfig config, Clock clock,
      EventRecorder recorder) {
    operator.register(new WitnessReconciler(polecats, recorder, clock), watching("witness", config));
  }

  private static void registerBeadStores(Operator operator, KubernetesClient client, OperatorConfig config, Clock clock,
      EventRecorder recorder, UserIds ids) {
    SecretKeys secrets = new SecretKeys(client, clock, config.secretCacheTtl());
    operator.register(new BeadStoreReconciler(StepScripts.bundled(), config.agentDefaults(), secrets, recorder, clock,
        config.secretRetryDelay(), ids), watching("beadstore", config));
  }

  private static <P extends HasMetadata> Consumer<ControllerConfigurationOverrider<P>> watching(
      String name, OperatorConfig config) {
    return o -> {
      o.withName(name);
      o.withRetry(ApiErrors.retry());
      if (!config.namespaces().isEmpty()) {
        o.settingNamespaces(config.namespaces());
      }
    };
  }

  /** Tekton is optional: without it only the kubernetes execution mode runs. */
  private static boolean servesTekton(KubernetesClient client) {
    try {
      // Discovery, not client.supports(): an API server may list the group with no resources in it.
      var resources = client.getApiResources(HasMetadata.getApiVersion(TaskRun.class));
      Set<String> served = resources == null ? Set.of()
          : resources.getResources().stream().map(r -> r.getName()).collect(Collectors.toSet());
      return served.contains(HasMetadata.getPlural(TaskRun.class)) && served.contains(HasMetadata.getPlural(PipelineRun.class));
    } catch (KubernetesClientException e) {
      log.warn("cannot tell whether the cluster serves Tekton TaskRuns ({}); executionMode tekton is unavailable",
          e.getMessage());
      return false;
    }
  }

  /**
   * OpenShift's restricted-v2 SCC rejects pods with a user ID outside the namespace's range and
   * assigns one itself: there the pods name none. GASTOWN_ASSIGN_UIDS overrides the detection.
   */
  private static UserIds userIds(KubernetesClient client, OperatorConfig config) {
    boolean assign = config.assignUserIds().orElseGet(() -> servesOpenShiftSecurity(client));
    String why = config.assignUserIds().isPresent() ? "GASTOWN_ASSIGN_UIDS" : assign ? "the cluster is OpenShift" : "not OpenShift";
    log.info(assign ? "pods leave runAsUser, runAsGroup and fsGroup to the platform ({})" : "pods run as uid and gid 65532 ({})", why);
    return assign ? UserIds.ASSIGNED : UserIds.FIXED;
  }

  private static boolean servesOpenShiftSecurity(KubernetesClient client) {
    try {
      var resources = client.getApiResources("security.openshift.io/v1");
      return resources != null && resources.getResources().stream().anyMatch(r -> "securitycontextconstraints".equals(r.getName()));
    } catch (KubernetesClientException e) {
      log.warn("cannot tell whether the cluster is OpenShift ({}); pods run as uid 65532 unless GASTOWN_ASSIGN_UIDS=true",
          e.getMessage());
      return false;
    }
  }

  private static int run(OperatorConfig config) {
    var endpoint = config.agentDefaults().endpoint();
    var badEndpoint = endpoint.problem(endpoint.defaultBaseUrl());
    if (badEndpoint.isPresent()) {
      System.err.println("gastown-operator: GASTOWN_ANTHROPIC_BASE_URL " + badEndpoint.get());
      return 1;
    }
    OperatorMetrics metrics = new OperatorMetrics();
    HealthServer health = HealthServer.start(config.healthPort(), metrics);
    Config kube = kubeConfig();
    String problem = unreachable(kube);
    if (problem != null) {
      System.err.println("gastown-operator: " + problem);
      return 1;
    }
    KubernetesClient client = new KubernetesClientBuilder().withConfig(kube).build();
    List<String> missing;
    try {
      missing = missingCrds(client);
    } catch (KubernetesClientException e) {
      System.err.println("gastown-operator: cannot read the API server's discovery at " + kube.getMasterUrl() + ": "
          + rootMessage(e));
      return 1;
    }
    if (!missing.isEmpty()) {
      System.err.println("gastown-operator: CRDs not installed: " + String.join(", ", missing)
          + ": kubectl apply -f config/install.yaml");
      return 1;
    }
    Leadership leadership = leadership(config.leaderElection());
    Operator operator;
    try {
      operator = start(client, config, Clock.systemUTC(), event -> {}, metrics, leadership);
    } catch (RuntimeException e) {
      System.err.println("gastown-operator: the operator did not start: " + rootMessage(e));
      return 1;
    }
    operator.installShutdownHook(java.time.Duration.ofSeconds(10));
    health.ready(operator.getRuntimeInfo(), leadership);
    return 0;
  }

  /** The CRDs of {@link #KINDS} the API server does not serve, by CRD name. */
  private static List<String> missingCrds(KubernetesClient client) {
    Map<String, List<Class<? extends HasMetadata>>> byGroupVersion = KINDS.stream()
        .collect(Collectors.groupingBy(HasMetadata::getApiVersion, java.util.TreeMap::new, Collectors.toList()));
    List<String> missing = new ArrayList<>();
    byGroupVersion.forEach((groupVersion, kinds) -> {
      var resources = client.getApiResources(groupVersion);
      Set<String> served = resources == null ? Set.of()
          : resources.getResources().stream().map(r -> r.getName()).collect(Collectors.toSet());
      kinds.stream().filter(kind -> !served.contains(HasMetadata.getPlural(kind)))
          .map(kind -> HasMetadata.getFullResourceName(kind)).forEach(missing::add);
    });
    return missing;
  }

  /**
   * The current kubeconfig (KUBECONFIG, ~/.kube/config) or the in-cluster config. fabric8 quietly
   * skips a KUBECONFIG that names no file and would try the in-cluster address instead.
   */
  private static Config kubeConfig() {
    String kubeconfig = System.getenv("KUBECONFIG");
    if (kubeconfig != null && !kubeconfig.isBlank()) {
      List<String> files = List.of(kubeconfig.split(java.io.File.pathSeparator)).stream()
          .filter(f -> !f.isBlank()).toList();
      if (files.stream().noneMatch(f -> Files.isRegularFile(Path.of(f)))) {
        throw new IllegalStateException("KUBECONFIG names " + String.join(", ", files)
            + (files.size() == 1 ? ", which does not exist" : ", none of which exists"));
      }
    }
    return new ConfigBuilder().build();
  }

  /** For render: the Rig of that name from the cluster of the current kubeconfig, if one answers within seconds. */
  private static Optional<Rig> clusterRig(String name) {
    Config kube = new ConfigBuilder().build();
    if (unreachable(kube) != null) {
      return Optional.empty();
    }
    Config quick = new ConfigBuilder(kube).withRequestRetryBackoffLimit(0).withRequestTimeout(5_000).build();
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(quick).build()) {
      return Optional.ofNullable(client.resources(Rig.class).withName(name).get());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Asks the API server for its version once, quickly; null when it answers, else why not (one line). */
  private static String unreachable(Config kube) {
    Config probe = new ConfigBuilder(kube)
        .withRequestRetryBackoffLimit(0)
        .withConnectionTimeout(5_000)
        .withRequestTimeout(5_000)
        .build();
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(probe).build()) {
      client.getKubernetesVersion();
      return null;
    } catch (RuntimeException e) {
      String where = "the Kubernetes API server at " + kube.getMasterUrl();
      for (Throwable t = e; t != null; t = t.getCause()) {
        // The JDK and Vert.x HTTP clients report a closed port as ConnectException or ClosedChannelException.
        if (t instanceof java.net.ConnectException || t instanceof java.nio.channels.ClosedChannelException) {
          return where + " refused the connection; set KUBECONFIG or run the operator in a cluster";
        }
      }
      return "no answer from " + where + " (" + rootMessage(e) + "); set KUBECONFIG or run the operator in a cluster";
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }

  private static int version(PrintStream out) {
    Properties build = new Properties();
    try (InputStream in = GastownOperator.class.getResourceAsStream("build.properties")) {
      if (in == null) {
        throw new IllegalStateException("io/gastown/operator/build.properties is missing: build with mvn package");
      }
      build.load(in);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    out.println("gastown-operator " + build.getProperty("version"));
    return 0;
  }

  private static int usage(PrintStream out) {
    out.println("usage: gastown-operator [run]        run the operator (current kubeconfig or in-cluster config)");
    out.println("       gastown-operator render FILE  print, as YAML, the objects the operator would create for");
    out.println("                                     the Polecats in FILE ('-' for stdin); needs no cluster");
    out.println("       gastown-operator --version    print the operator's version");
    return 2;
  }
}
