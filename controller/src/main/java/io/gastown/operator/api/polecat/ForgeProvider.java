package io.gastown.operator.api.polecat;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The forge whose REST API opens pull requests (GitHub) or merge requests (GitLab). */
public enum ForgeProvider {
  @JsonProperty("github")
  GITHUB,
  @JsonProperty("gitlab")
  GITLAB;

  public String param() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
