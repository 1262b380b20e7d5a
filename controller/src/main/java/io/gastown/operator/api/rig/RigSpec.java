package io.gastown.operator.api.rig;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.gastown.operator.api.polecat.KubernetesSpec;
import io.gastown.operator.api.polecat.PolecatTemplate;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class RigSpec {

  @Required
  @Size(max = 2048)
  @Pattern(KubernetesSpec.GIT_URL_PATTERN)
  @JsonPropertyDescription("The rig's repository: the gitRepository of its Polecats and its Refinery when they name none.")
  private String gitURL;

  @Required
  @Pattern("^[a-z]{2,10}$")
  @JsonPropertyDescription("Prefix of the rig's bead IDs (2 to 10 lowercase letters).")
  private String beadsPrefix;

  @Size(max = 4096)
  @JsonPropertyDescription("Where the repository lives on a workstation (accepted for compatibility; the operator clones gitURL).")
  private String localPath;

  @JsonPropertyDescription("Limits of the rig.")
  private RigSettings settings;

  @JsonPropertyDescription("What a Polecat of this rig gets for every field it leaves unset; its own values win.")
  private PolecatTemplate polecatDefaults;

  public String getGitURL() {
    return gitURL;
  }

  public void setGitURL(String gitURL) {
    this.gitURL = gitURL;
  }

  public String getBeadsPrefix() {
    return beadsPrefix;
  }

  public void setBeadsPrefix(String beadsPrefix) {
    this.beadsPrefix = beadsPrefix;
  }

  public String getLocalPath() {
    return localPath;
  }

  public void setLocalPath(String localPath) {
    this.localPath = localPath;
  }

  public RigSettings getSettings() {
    return settings;
  }

  public void setSettings(RigSettings settings) {
    this.settings = settings;
  }

  public PolecatTemplate getPolecatDefaults() {
    return polecatDefaults;
  }

  public void setPolecatDefaults(PolecatTemplate polecatDefaults) {
    this.polecatDefaults = polecatDefaults;
  }
}
