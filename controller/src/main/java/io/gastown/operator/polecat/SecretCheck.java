package io.gastown.operator.polecat;

import io.gastown.operator.agent.Problem;
import io.gastown.operator.agent.SecretKeyNames;
import io.gastown.operator.api.polecat.KubernetesSpec;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatReason;
import io.gastown.operator.api.polecat.PullRequestSpec;
import io.gastown.operator.api.polecat.TektonSpec;
import io.gastown.operator.common.AgentServiceAccounts;
import io.gastown.operator.common.SecretKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Checks that the secrets a Polecat names exist and hold the keys the agent reads, and that a
 * service account it names is one the namespace lets agents use, before its pod is created: a pod
 * with a missing secret would sit in ContainerCreating with the reason buried in pod events.
 */
public final class SecretCheck {


  private final SecretKeys secrets;
  private final AgentServiceAccounts serviceAccounts;

  public SecretCheck(SecretKeys secrets, AgentServiceAccounts serviceAccounts) {
    this.secrets = secrets;
    this.serviceAccounts = serviceAccounts;
  }

  public Optional<Problem> check(Polecat polecat) {
    String namespace = polecat.getMetadata().getNamespace();
    KubernetesSpec k8s = polecat.getSpec().getKubernetes();
    List<Supplier<Optional<Problem>>> checks = new ArrayList<>();
    if (k8s.getGitSecretRef() != null) {
      checks.add(() -> require(namespace, "gitSecretRef", k8s.getGitSecretRef().getName(),
          Set.of(SecretKeyNames.SSH_PRIVATE_KEY), SecretKeyNames.SSH_PRIVATE_KEY));
    }
    if (k8s.getClaudeCredsSecretRef() != null) {
      checks.add(() -> require(namespace, "claudeCredsSecretRef", k8s.getClaudeCredsSecretRef().getName(),
          Set.of(SecretKeyNames.CLAUDE_CREDENTIALS, SecretKeyNames.CLAUDE_OAUTH_TOKEN), SecretKeyNames.CLAUDE_CREDENTIALS + " or " + SecretKeyNames.CLAUDE_OAUTH_TOKEN));
    }
    if (k8s.getApiKeySecretRef() != null) {
      String key = k8s.getApiKeySecretRef().getKey();
      checks.add(() -> require(namespace, "apiKeySecretRef", k8s.getApiKeySecretRef().getName(), Set.of(key), key));
    }
    checks.add(() -> forgeToken(polecat, "the Polecat starts once it exists", "the Polecat starts once it is added"));
    for (String account : serviceAccountNames(polecat)) {
      checks.add(() -> serviceAccount(namespace, account));
    }
    return checks.stream().map(Supplier::get).flatMap(Optional::stream).findFirst();
  }

  /**
   * The forge token of spec.pullRequest, when pull requests are enabled: its secret and key exist.
   *
   * @param whenCreated what happens once the secret exists; {@code whenAdded} once it has the key
   */
  public Optional<Problem> forgeToken(Polecat polecat, String whenCreated, String whenAdded) {
    PullRequestSpec pr = polecat.getSpec().getPullRequest();
    if (!PullRequestPlan.enabled(pr) || pr.getTokenSecretRef() == null) {
      return Optional.empty();
    }
    String key = pr.getTokenSecretRef().getKey();
    return require(polecat.getMetadata().getNamespace(), "spec.pullRequest.tokenSecretRef", pr.getTokenSecretRef().getName(),
        Set.of(key), key, whenCreated, whenAdded);
  }

  private static List<String> serviceAccountNames(Polecat polecat) {
    List<String> names = new ArrayList<>();
    String own = polecat.getSpec().getKubernetes().getServiceAccountName();
    if (own != null && !own.isEmpty()) {
      names.add(own);
    }
    TektonSpec tekton = polecat.getSpec().getTekton();
    if (tekton != null && tekton.getServiceAccountName() != null && !tekton.getServiceAccountName().isEmpty()) {
      names.add(tekton.getServiceAccountName());
    }
    return names;
  }

  private Optional<Problem> serviceAccount(String namespace, String name) {
    return switch (serviceAccounts.verdict(namespace, name)) {
      case ALLOWED -> Optional.empty();
      case NOT_FOUND -> Optional.of(new Problem(PolecatReason.ServiceAccountNotAllowed, "ServiceAccount " + name
          + " not found in namespace " + namespace + "; the Polecat starts once it exists and is annotated "
          + AgentServiceAccounts.ANNOTATION + "=true"));
      case NOT_ANNOTATED -> Optional.of(new Problem(PolecatReason.ServiceAccountNotAllowed, "ServiceAccount " + name
          + " is not one agents may run as: an admin of namespace " + namespace + " allows it with kubectl annotate"
          + " serviceaccount " + name + " " + AgentServiceAccounts.ANNOTATION + "=true"));
    };
  }

  /** The resourceVersion of the secret the model credential comes from; empty when it does not exist. */
  public Optional<String> credentialsVersion(Polecat polecat) {
    KubernetesSpec k8s = polecat.getSpec().getKubernetes();
    String secret = k8s.getClaudeCredsSecretRef() != null ? k8s.getClaudeCredsSecretRef().getName()
        : k8s.getApiKeySecretRef() != null ? k8s.getApiKeySecretRef().getName() : null;
    return secret == null ? Optional.empty() : secrets.version(polecat.getMetadata().getNamespace(), secret);
  }

  /** Whether the agent's container is given a .credentials.json: it cannot be proxied. */
  public boolean agentReadsCredentials(Polecat polecat) {
    KubernetesSpec k8s = polecat.getSpec().getKubernetes();
    return k8s.getClaudeCredsSecretRef() != null && secrets.keys(polecat.getMetadata().getNamespace(),
        k8s.getClaudeCredsSecretRef().getName()).map(keys -> keys.contains(SecretKeyNames.CLAUDE_CREDENTIALS)).orElse(false);
  }

  private Optional<Problem> require(
      String namespace, String field, String name, Set<String> anyOf, String wanted) {
    return require(namespace, "spec.kubernetes." + field, name, anyOf, wanted, "the Polecat starts once it exists",
        "the Polecat starts once it is added");
  }

  private Optional<Problem> require(String namespace, String field, String name, Set<String> anyOf, String wanted,
      String whenCreated, String whenAdded) {
    Optional<Set<String>> keys = secrets.keys(namespace, name);
    if (keys.isEmpty()) {
      return Optional.of(new Problem(PolecatReason.SecretNotFound,
          "Secret " + name + " (" + field + ") not found in namespace " + namespace + "; " + whenCreated));
    }
    if (keys.get().stream().noneMatch(anyOf::contains)) {
      return Optional.of(new Problem(PolecatReason.SecretKeyMissing,
          "Secret " + name + " (" + field + ") has no key " + wanted + "; " + whenAdded));
    }
    return Optional.empty();
  }
}
