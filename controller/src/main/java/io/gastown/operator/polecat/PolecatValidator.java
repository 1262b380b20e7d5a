package io.gastown.operator.polecat;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.gastown.operator.agent.Problem;
import io.gastown.operator.api.polecat.AgentConfig;
import io.gastown.operator.api.polecat.KubernetesSpec;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatReason;
import io.gastown.operator.api.polecat.PolecatSpec;
import io.gastown.operator.api.polecat.SecretReference;
import io.gastown.operator.common.GitRefs;
import io.gastown.operator.common.ModelEndpoint;
import io.gastown.operator.common.Names;
import io.gastown.operator.steps.StepScripts;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Static checks of a Polecat that is asked to work: everything that can be known without the
 * cluster. The CRD schema carries the same patterns, so most of these only fire when the schema
 * was bypassed (an old CRD, a mock server) — but they must never let a bad value through.
 */
public final class PolecatValidator {

  private static final Pattern BEAD_ID = Pattern.compile(PolecatSpec.BEAD_ID_PATTERN);
  private static final Pattern RIG = Pattern.compile(PolecatSpec.BEAD_ID_PATTERN);
  private static final Pattern SECRET_NAME = Pattern.compile("^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$");
  private static final Pattern IMAGE = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._/:@-]*$");

  /** Variables the agent containers are built from; agentConfig.env must not replace them. */
  private static final Set<String> RESERVED_ENV = reservedEnv();

  private PolecatValidator() {}

  public static Optional<Problem> validate(Polecat polecat, ModelEndpoint endpoint) {
    PolecatSpec spec = polecat.getSpec();
    KubernetesSpec k8s = spec.getKubernetes();
    return firstPresent(
        () -> derivedNames(polecat.getMetadata().getName()),
        () -> check(spec.getRig() != null && RIG.matcher(spec.getRig()).matches(),
            "spec.rig must be set and contain only letters, digits, '.', '_' and '-'"),
        () -> check(spec.getBeadID() != null, "spec.beadID is required to start work"),
        () -> check(BEAD_ID.matcher(spec.getBeadID()).matches(),
            "spec.beadID " + quoted(spec.getBeadID())
                + " may contain only letters, digits, '.', '_' and '-' (at most 63)"),
        () -> check(k8s != null, "spec.kubernetes is required: it names the repository and credentials"),
        () -> check(k8s.getGitRepository() != null, "spec.kubernetes.gitRepository is required"
            + " (a Polecat whose spec.rig names a Rig defaults it to the Rig's spec.gitURL)"),
        () -> gitUrl("spec.kubernetes.gitRepository", k8s.getGitRepository()),
        () -> branch("spec.kubernetes.gitBranch", k8s.getGitBranch()),
        () -> branch("spec.kubernetes.workBranch", k8s.getWorkBranch()),
        () -> check(k8s.getClaudeCredsSecretRef() != null || k8s.getApiKeySecretRef() != null,
            "set spec.kubernetes.claudeCredsSecretRef (OAuth credentials) or spec.kubernetes.apiKeySecretRef (API key)"),
        () -> secretName("spec.kubernetes.gitSecretRef", k8s.getGitSecretRef()),
        () -> secretName("spec.kubernetes.claudeCredsSecretRef", k8s.getClaudeCredsSecretRef()),
        () -> k8s.getApiKeySecretRef() == null ? Optional.empty()
            : secretName("spec.kubernetes.apiKeySecretRef", new SecretReference(k8s.getApiKeySecretRef().getName())),
        () -> check(k8s.getImage() == null || IMAGE.matcher(k8s.getImage()).matches(),
            "spec.kubernetes.image " + quoted(k8s.getImage()) + " is not an image reference"),
        () -> spec.getAgentConfig() == null ? Optional.empty()
            : endpoint.problem(spec.getAgentConfig().getBaseURL())
                .flatMap(why -> check(false, "spec.agentConfig.baseURL " + quoted(spec.getAgentConfig().getBaseURL()) + " " + why)),
        () -> agentEnv(spec.getAgentConfig()));
  }

  /** The longest label value; an object name may be longer (253), but Tekton labels pods with the TaskRun names. */
  private static final int MAX_LABEL_VALUE = 63;

  /**
   * Every name derived from the Polecat's (its pod, TaskRuns and workspace, up to the last attempt)
   * must fit a label value; checked here rather than left to the API server to refuse the object.
   */
  static Optional<Problem> derivedNames(String name) {
    return Stream.of(Names.workspaceClaim(name, 1), Names.workspaceClaim(name, Names.MAX_ATTEMPTS),
            Names.gitCloneTaskRun(name, 1), Names.gitCloneTaskRun(name, Names.MAX_ATTEMPTS),
            Names.claudeTaskRun(name, Names.MAX_ATTEMPTS), Names.polecatPod(name, Names.MAX_ATTEMPTS))
        .filter(derived -> derived.length() > MAX_LABEL_VALUE)
        .max(Comparator.comparingInt(String::length))
        .flatMap(derived -> check(false, "metadata.name must be at most " + Names.MAX_POLECAT_NAME + " characters (it has "
            + name.length() + "): the names derived from it, such as " + derived.replace(name, "<name>")
            + ", must fit the " + MAX_LABEL_VALUE + " characters of a label value"));
  }

  private static Optional<Problem> agentEnv(AgentConfig agent) {
    if (agent == null || agent.getEnv() == null) {
      return Optional.empty();
    }
    Optional<Problem> fromSecret = agent.getEnv().stream()
        .filter(e -> e.getValueFrom() != null)
        .findFirst()
        .flatMap(e -> check(false, "spec.agentConfig.env " + quoted(e.getName())
            + " may take a literal value only: valueFrom would hand the agent a secret or a field of the pod"));
    if (fromSecret.isPresent()) {
      return fromSecret;
    }
    return agent.getEnv().stream()
        .map(EnvVar::getName)
        .filter(name -> name == null || RESERVED_ENV.contains(name)
            || RESERVED_ENV_PREFIXES.stream().anyMatch(name::startsWith))
        .findFirst()
        .flatMap(name -> check(false, "spec.agentConfig.env may not set " + quoted(name)
            + ": the operator sets it (HOME, GASTOWN_*, ANTHROPIC_*, CLAUDE_CODE_* and the steps' variables are reserved)"));
  }

  private static final List<String> RESERVED_ENV_PREFIXES = List.of("GASTOWN_", "ANTHROPIC_", "CLAUDE_CODE_");

  private static Set<String> reservedEnv() {
    Set<String> names = new HashSet<>(Set.of("HOME"));
    var task = StepScripts.bundled().claude().getSpec();
    task.getSteps().forEach(step -> step.getEnv().forEach(e -> names.add(e.getName())));
    task.getSidecars().forEach(sidecar -> sidecar.getEnv().forEach(e -> names.add(e.getName())));
    return Set.copyOf(names);
  }

  public static Optional<Problem> gitUrl(String field, String url) {
    return GitRefs.gitUrlProblem(field, url).flatMap(message -> check(false, message));
  }

  private static Optional<Problem> branch(String field, String value) {
    return check(value == null || GitRefs.isBranchName(value),
        field + " " + quoted(value) + " is not a valid branch name (letters, digits, '.', '_', '-' and '/')");
  }

  private static Optional<Problem> secretName(String field, SecretReference ref) {
    return check(ref == null || (ref.getName() != null && SECRET_NAME.matcher(ref.getName()).matches()),
        field + ".name must name a Secret in the Polecat's namespace");
  }

  private static Optional<Problem> check(boolean ok, String message) {
    return ok ? Optional.empty() : Optional.of(new Problem(PolecatReason.InvalidSpec, message));
  }

  /** Shows a user value in a message without letting it break the message's line. */
  private static String quoted(String value) {
    return GitRefs.quoted(value);
  }

  @SafeVarargs
  private static Optional<Problem> firstPresent(Supplier<Optional<Problem>>... checks) {
    return Stream.of(checks).map(Supplier::get).flatMap(Optional::stream).findFirst();
  }
}
