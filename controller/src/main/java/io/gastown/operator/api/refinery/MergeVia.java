package io.gastown.operator.api.refinery;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a verified merge reaches the target branch. */
public enum MergeVia {
  /** The Refinery pushes the tested merge to the target branch. */
  @JsonProperty("push")
  PUSH,
  /** The Refinery opens or updates a pull request; the forge's protection or merge queue merges. */
  @JsonProperty("pull-request")
  PULL_REQUEST;

  /** The value of the merge pipeline's param merge-via. */
  public String param() {
    return this == PULL_REQUEST ? "pull-request" : "push";
  }
}
