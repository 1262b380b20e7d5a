package io.gastown.operator.e2e;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the user guide has a user do before creating a Polecat, done with the guide's own
 * commands: the operator installed from {@code config/install.yaml}, a namespace for the workers,
 * the {@code claude-home} and {@code git-ssh-key} secrets (and, for the API-key Polecat,
 * {@code anthropic-api-key}).
 */
final class Workers {

  static final String OPERATOR_NAMESPACE = "gastown-system";
  static final String OPERATOR_DEPLOYMENT = "gastown-operator-controller-manager";
  private static boolean installed;

  private Workers() {}

  /**
   * {@code kubectl apply -f config/install.yaml}, then the two settings of this test cluster: its
   * model API is the scripted one, on plain http.
   */
  static synchronized void installOperator(E2eCluster cluster) {
    if (installed) {
      return;
    }
    cluster.kubectl("apply", "-f", "config/install.yaml");
    cluster.kubectl("-n", OPERATOR_NAMESPACE, "set", "env", "deployment/" + OPERATOR_DEPLOYMENT,
        "GASTOWN_ANTHROPIC_BASE_URL=" + cluster.env("MESSAGES_API_URL"), "GASTOWN_ALLOW_HTTP_BASE_URL=true");
    cluster.kubectl("-n", OPERATOR_NAMESPACE, "rollout", "status", "deployment/" + OPERATOR_DEPLOYMENT, "--timeout=180s");
    installed = true;
  }

  /** The namespace and the guide's secrets; the known_hosts key names this cluster's git server. */
  static void prepare(E2eCluster cluster, String namespace) {
    installOperator(cluster);
    if (cluster.client().namespaces().withName(namespace).get() != null) {
      return;
    }
    cluster.kubectl("create", "namespace", namespace);
    String credentials = E2eCluster.read(Path.of(cluster.env("CLAUDE_CREDENTIALS_JSON")));
    cluster.kubectl("create", "secret", "generic", "claude-home", "-n", namespace,
        "--from-literal=.credentials.json=" + credentials);
    cluster.kubectl("create", "secret", "generic", "git-ssh-key", "-n", namespace,
        "--from-file=ssh-privatekey=" + cluster.env("GIT_SSH_KEY"),
        "--from-file=known_hosts=" + cluster.env("GIT_KNOWN_HOSTS"));
    cluster.kubectl("create", "secret", "generic", "anthropic-api-key", "-n", namespace,
        "--from-literal=api-key=" + cluster.env("MESSAGES_API_KEY"));
  }

  /**
   * {@code kubectl apply} of the guide's Quick Start Polecat ({@code examples/polecat.yaml}) as
   * {@code namespace/name}, working on {@code bead} in {@code repositoryUrl}, with further edits.
   */
  static void applyGuidePolecat(E2eCluster cluster, String namespace, String name, String bead, String repositoryUrl,
      Map<String, String> edits) {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("namespace: gastown-workers", "namespace: " + namespace);
    all.put("name: my-worker", "name: " + name);
    // Its task: the guide's Polecat has none and reads its bead from the repository (QuickStartE2E proves that).
    all.put("beadID: issue-123", "beadID: " + bead + "\n  taskDescription: \"Work on " + bead + "\"");
    all.putAll(edits);
    cluster.kubectlWithInput(example("examples/polecat.yaml", repositoryUrl, all), "apply", "-f", "-").expectSuccess();
  }

  /**
   * An example of the repository as a user would apply it after editing: the placeholder
   * repository replaced by {@code repositoryUrl}, and each {@code key: value} text replaced as given.
   */
  static String example(String file, String repositoryUrl, Map<String, String> edits) {
    String yaml = E2eCluster.read(io.gastown.operator.Fixtures.repoRoot().resolve(file));
    if (!yaml.contains("git@github.com:myorg/myrepo.git")) {
      throw new IllegalStateException(file + " no longer names git@github.com:myorg/myrepo.git");
    }
    yaml = yaml.replace("git@github.com:myorg/myrepo.git", repositoryUrl);
    for (var edit : edits.entrySet()) {
      if (!yaml.contains(edit.getKey())) {
        throw new IllegalStateException(file + " has no " + edit.getKey());
      }
      yaml = yaml.replace(edit.getKey(), edit.getValue());
    }
    return yaml;
  }
}
