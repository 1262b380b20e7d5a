package io.gastown.operator.polecat;

import io.gastown.operator.agent.Problem;
import io.gastown.operator.api.polecat.AgentConfig;
import io.gastown.operator.api.polecat.KubernetesSpec;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatReason;
import io.gastown.operator.api.polecat.PolecatSpec;
import io.gastown.operator.api.polecat.PullRequestSpec;
import io.gastown.operator.api.polecat.SecretReference;
import io.gastown.operator.common.GitRefs;
import io.gastown.operator.common.ModelEndpoint;
import io.gastown.operator.common.Names;
import io.gastown.operator.steps.StepScripts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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

  /** Every problem of the spec, in one message (joined with "; "), or empty when it can run. */
  public static Optional<Problem> validate(Polecat polecat, ModelEndpoint endpoint) {
    PolecatSpec spec = polecat.getSpec();
    KubernetesSpec k8s = spec.getKubernetes();
    List<Optional<String>> problems = new ArrayList<>();
    problems.add(derivedNames(polecat.getMetadata().getName()));
    problems.add(check(spec.getRig() != null && RIG.matcher(spec.getRig()).matches(),
        "spec.rig must be set and contain only letters, digits, '.', '_' and '-'"));
    problems.add(spec.getBeadID() == null ? Optional.of("spec.beadID is required to start work")
        : check(BEAD_ID.matcher(spec.getBeadID()).matches(), "spec.beadID " + quoted(spec.getBeadID())
            + " may contain only letters, digits, '.', '_' and '-' (at most 63)"));
    if (k8s == null) {
      problems.add(Optional.of("spec.kubernetes is required: it names the repository and credentials"));
    } else {
      problems.add(k8s.getGitRepository() == null ? Optional.of("spec.kubernetes.gitRepository is required"
          + " (a Polecat whose spec.rig names a Rig defaults it to the Rig's spec.gitURL)")
          : GitRefs.gitUrlProblem("spec.kubernetes.gitRepository", k8s.getGitRepository()));
      problems.add(branch("spec.kubernetes.gitBranch", k8s.getGitBranch()));
      problems.add(branch("spec.kubernetes.workBranch", k8s.getWorkBranch()));
      problems.add(check(k8s.getClaudeCredsSecretRef() != null || k8s.getApiKeySecretRef() != null,
          "set spec.kubernetes.claudeCredsSecretRef (OAuth credentials) or spec.kubernetes.apiKeySecretRef (API key)"));
      problems.add(secretName("spec.kubernetes.gitSecretRef", k8s.getGitSecretRef()));
      problems.add(secretName("spec.kubernetes.claudeCredsSecretRef", k8s.getClaudeCredsSecretRef()));
      problems.add(k8s.getApiKeySecretRef() == null ? Optional.empty()
          : secretName("spec.kubernetes.apiKeySecretRef", new SecretReference(k8s.getApiKeySecretRef().getName())));
      problems.add(check(k8s.getImage() == null || IMAGE.matcher(k8s.getImage()).matches(),
          "spec.kubernetes.image " + quoted(k8s.getImage()) + " is not an image reference"));
    }
    if (spec.getAgentConfig() != null) {
      problems.add(endpoint.problem(spec.getAgentConfig().getBaseURL())
          .map(why -> "spec.agentConfig.baseURL " + quoted(spec.getAgentConfig().getBaseURL()) + " " + why));
      problems.addAll(agentEnv(spec.getAgentConfig()));
    }
    problems.addAll(pullRequest(spec.getPullRequest()));
    String message = problems.stream().flatMap(Optional::stream).collect(Collectors.joining("; "));
    return message.isEmpty() ? Optional.empty() : Optional.of(new Problem(PolecatReason.InvalidSpec, message));
  }

  private static final Pattern API_URL = Pattern.compile(PullRequestSpec.API_URL_PATTERN);
  private static final Pattern REPOSITORY = Pattern.compile(PullRequestSpec.REPOSITORY_PATTERN);
  private static final Pattern ISSUE = Pattern.compile("^[1-9][0-9]{0,9}$");

  /** An enabled spec.pullRequest (resolved: the repository and base branch are defaulted). */
  private static List<Optional<String>> pullRequest(PullRequestSpec pr) {
    if (!PullRequestPlan.enabled(pr)) {
      return List.of();
    }
    return List.of(
        check(pr.getTokenSecretRef() != null && pr.getTokenSecretRef().getName() != null
                && SECRET_NAME.matcher(pr.getTokenSecretRef().getName()).matches(),
            "spec.pullRequest.tokenSecretRef.name must name the Secret with the forge's API token (spec.pullRequest.enabled is true)"),
        check(pr.getApiURL() != null && API_URL.matcher(pr.getApiURL()).matches(), "spec.pullRequest.apiURL " + quoted(pr.getApiURL())
            + " must be an http(s) URL of the forge's REST API, such as https://gitlab.example.com/api/v4"),
        pr.getRepository() == null ? Optional.of("spec.pullRequest.repository is required: it cannot be read from"
            + " the git repository URL (set owner/repo or group/project)")
            : check(REPOSITORY.matcher(pr.getRepository()).matches(), "spec.pullRequest.repository " + quoted(pr.getRepository())
                + " must be owner/repo (GitHub) or group/project (GitLab)"
                + " (when unset, it is the path of the git repository URL without .git)"),
        branch("spec.pullRequest.baseBranch", pr.getBaseBranch()),
        check(pr.getIssue() == null || ISSUE.matcher(pr.getIssue()).matches(),
            "spec.pullRequest.issue " + quoted(pr.getIssue()) + " must be an issue number"));
  }

  private static List<Optional<String>> agentEnv(AgentConfig agent) {
    if (agent.getEnv() == null) {
      return List.of();
    }
    return agent.getEnv().stream().map(e -> {
      String name = e.getName();
      if (name == null || RESERVED_ENV.contains(name) || RESERVED_ENV_PREFIXES.stream().anyMatch(name::startsWith)) {
        return Optional.of("spec.agentConfig.env may not set " + quoted(name)
            + ": the operator sets it (HOME, GASTOWN_*, ANTHROPIC_*, CLAUDE_CODE_* and the steps' variables are reserved)");
      }
      return e.getValueFrom() == null ? Optional.<String>empty() : Optional.of("spec.agentConfig.env " + quoted(name)
          + " may take a literal value only: valueFrom would hand the agent a secret or a field of the pod");
    }).toList();
  }

  private static final List<String> RESERVED_ENV_PREFIXES = List.of("GASTOWN_", "ANTHROPIC_", "CLAUDE_CODE_");

  private static Set<String> reservedEnv() {
    Set<String> names = new HashSet<>(Set.of("HOME"));
    var task = StepScripts.bundled().claude().getSpec();
    task.getSteps().forEach(step -> step.getEnv().forEach(e -> names.add(e.getName())));
    task.getSidecars().forEach(sidecar -> sidecar.getEnv().forEach(e -> names.add(e.getName())));
    return Set.copyOf(names);
  }

  private static Optional<String> branch(String field, String value) {
    return value == null ? Optional.empty()
        : GitRefs.branchNameProblem(value).map(why -> field + " " + quoted(value) + " is not a valid branch name: it " + why);
  }

  private static Optional<String> secretName(String field, SecretReference ref) {
    return check(ref == null || (ref.getName() != null && SECRET_NAME.matcher(ref.getName()).matches()),
        field + ".name must name a Secret in the Polecat's namespace");
  }

  /** The longest label value; an object name may be longer (253), but Tekton labels pods with the TaskRun names. */
  private static final int MAX_LABEL_VALUE = 63;

  /** Every name derived from the Polecat's, for every attempt, must fit a label value: the message names the longest. */
  static Optional<String> derivedNames(String name) {
    return Stream.of(Names.workspaceClaim(name, 1), Names.workspaceClaim(name, Names.MAX_ATTEMPTS),
            Names.gitCloneTaskRun(name, 1), Names.gitCloneTaskRun(name, Names.MAX_ATTEMPTS),
            Names.claudeTaskRun(name, Names.MAX_ATTEMPTS), Names.polecatPod(name, Names.MAX_ATTEMPTS))
        .filter(derived -> derived.length() > MAX_LABEL_VALUE)
        .max(Comparator.comparingInt(String::length))
        .map(derived -> "metadata.name must be at most " + Names.MAX_POLECAT_NAME + " characters (it has "
            + name.length() + "): the names derived from it, such as " + derived.replace(name, "<name>")
            + ", must fit the " + MAX_LABEL_VALUE + " characters of a label value");
  }

  private static Optional<String> check(boolean ok, String message) {
    return ok ? Optional.empty() : Optional.of(message);
  }

  /** Shows a user value in a message without letting it break the message's line. */
  private static String quoted(String value) {
    return GitRefs.quoted(value);
  }
}
