package io.gastown.operator;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.gastown.operator.agent.PolecatDefaults;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.rig.Rig;
import io.gastown.operator.common.AgentDefaults;
import io.gastown.operator.common.OperatorConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.UUID;

/** The objects tests start from: the user guide's Polecats and the secrets they name. */
public final class Fixtures {

  public static final String NAMESPACE = "gastown-workers";

  private Fixtures() {}

  public static Path repoRoot() {
    return Path.of(System.getProperty("gastown.repoRoot", "..")).toAbsolutePath().normalize();
  }

  /** A YAML file of the repository, as text: examples are applied exactly as users apply them. */
  public static String read(String relativePath) {
    try {
      return Files.readString(repoRoot().resolve(relativePath));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The Polecat as the operator runs it, with the operator's default settings and no Rig. */
  public static Polecat effective(Polecat polecat) {
    return effective(polecat, OperatorConfig.defaults().agentDefaults());
  }

  public static Polecat effective(Polecat polecat, AgentDefaults defaults) {
    return PolecatDefaults.resolve(polecat, null, defaults);
  }

  /** The user guide's Quick Start Polecat (OAuth credentials), as stored in the cluster. */
  public static Polecat guidePolecat() {
    return stored(Serialization.unmarshal(read("examples/polecat.yaml"), Polecat.class));
  }

  /** The user guide's API-key Polecat, as stored in the cluster. */
  public static Polecat apiKeyPolecat() {
    return stored(Serialization.unmarshal(read("examples/polecat-api-key.yaml"), Polecat.class));
  }

  public static Polecat stored(Polecat polecat) {
    polecat.getMetadata().setUid(UUID.nameUUIDFromBytes(polecat.getMetadata().getName().getBytes()).toString());
    polecat.getMetadata().setGeneration(1L);
    return polecat;
  }

  /** The Rig of examples/rig-with-defaults.yaml (its first document): rig my-project with defaults for its Polecats. */
  public static Rig rigWithDefaults() {
    return Serialization.unmarshal(read("examples/rig-with-defaults.yaml").split("\n---\n")[0], Rig.class);
  }

  /** The secrets the guide's Polecats and the example Rig name: an SSH key and Claude credentials. */
  public static void createGuideSecrets(KubernetesClient client) {
    client.resource(secret("git-ssh-key", "ssh-privatekey")).create();
    client.resource(secret("claude-home", ".credentials.json")).create();
  }

  public static Secret secret(String name, String... keys) {
    SecretBuilder builder = new SecretBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE).endMetadata();
    for (String key : keys) {
      builder.addToData(key, Base64.getEncoder().encodeToString(("value-of-" + key).getBytes()));
    }
    return builder.build();
  }
}
