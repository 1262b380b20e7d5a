package io.gastown.operator.api.beadstore;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.gastown.operator.api.Duration;
import io.gastown.operator.api.polecat.PolecatSpec;
import io.gastown.operator.api.polecat.SecretReference;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class BeadStoreSpec {

  @Required
  @Pattern(PolecatSpec.BEAD_ID_PATTERN)
  @JsonPropertyDescription("The Rig whose repository (spec.gitURL, at its polecatDefaults branch or main) holds the beads.")
  private String rigRef;

  @Required
  @Pattern("^[a-z]+-$")
  @Size(max = 32)
  @JsonPropertyDescription("The ID prefix of this store's beads (\"gt-\"): only beads whose ID starts with it are counted.")
  private String prefix;

  @JsonPropertyDescription("Secret in this namespace with the SSH key (ssh-privatekey) the sync clones with; default: the Rig's polecatDefaults.kubernetes.gitSecretRef.")
  private SecretReference gitSecretRef;

  @Pattern(Duration.PATTERN)
  @JsonPropertyDescription("How often the beads are read again from the repository (default 5m, at least 30s).")
  private String syncInterval;

  public String getRigRef() {
    return rigRef;
  }

  public void setRigRef(String rigRef) {
    this.rigRef = rigRef;
  }

  public String getPrefix() {
    return prefix;
  }

  public void setPrefix(String prefix) {
    this.prefix = prefix;
  }

  public SecretReference getGitSecretRef() {
    return gitSecretRef;
  }

  public void setGitSecretRef(SecretReference gitSecretRef) {
    this.gitSecretRef = gitSecretRef;
  }

  public String getSyncInterval() {
    return syncInterval;
  }

  public void setSyncInterval(String syncInterval) {
    this.syncInterval = syncInterval;
  }
}
