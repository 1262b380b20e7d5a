package io.gastown.operator.api.refinery;

import java.util.Objects;

/** Counts over the rig's finished Polecats. */
public class MergesSummary {

  private int total;
  private int succeeded;
  private int failed;
  private int pending;

  public MergesSummary() {}

  public MergesSummary(int total, int succeeded, int failed, int pending) {
    this.total = total;
    this.succeeded = succeeded;
    this.failed = failed;
    this.pending = pending;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MergesSummary m && total == m.total && succeeded == m.succeeded && failed == m.failed
        && pending == m.pending;
  }

  @Override
  public int hashCode() {
    return Objects.hash(total, succeeded, failed, pending);
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
}
