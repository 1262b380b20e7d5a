package io.gastown.operator.api.refinery;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a Polecat branch lands on the target branch. */
public enum MergeStrategy {
  @JsonProperty("merge")
  MERGE,
  @JsonProperty("rebase")
  REBASE,
  @JsonProperty("squash")
  SQUASH;

  public String param() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
