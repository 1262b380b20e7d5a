package io.gastown.operator.api.refinery;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** Counts over the rig's finished Polecats. */
public class MergesSummary {

  private int total;
  private int succeeded;
  private int failed;
  private int pending;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyDescription("mergeVia pull-request: Polecats whose tested merge is in a pull request, awaiting the forge's merge (not counted as succeeded); absent when none.")
  private Integer pullRequests;

  public MergesSummary() {}

  public MergesSummary(int total, int succeeded, int failed, int pending) {
    this.total = total;
    this.succeeded = succeeded;
    this.failed = failed;
    this.pending = pending;
  }

  /** @param pullRequests merges handed to the forge; 0 leaves the field out */
  public MergesSummary(int total, int succeeded, int failed, int pending, int pullRequests) {
    this(total, succeeded, failed, pending);
    this.pullRequests = pullRequests == 0 ? null : pullRequests;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MergesSummary m && total == m.total && succeeded == m.succeeded && failed == m.failed
        && pending == m.pending && Objects.equals(pullRequests, m.pullRequests);
  }

  @Override
  public int hashCode() {
    return Objects.hash(total, succeeded, failed, pending, pullRequests);
  }

  public int getTotal() {
    return total;
  }

  public void setTotal(int total) {
    this.total = total;
  }

  public int getSucceeded() {
    return succeeded;
  }

  public void setSucceeded(int succeeded) {
    this.succeeded = succeeded;
  }

  public int getFailed() {
    return failed;
  }

  public void setFailed(int failed) {
    this.failed = failed;
  }

  public int getPending() {
    return pending;
  }

  public void setPending(int pending) {
    this.pending = pending;
  }

  public Integer getPullRequests() {
    return pullRequests;
  }

  public void setPullRequests(Integer pullRequests) {
    this.pullRequests = pullRequests;
  }
}
