package io.gastown.operator.api.witness;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

public class PolecatsSummary {

  @JsonPropertyDescription("Polecats of the rig in the namespace.")
  private int total;

  @JsonPropertyDescription("In phase Pending or Working.")
  private int running;

  @JsonPropertyDescription("In phase Done.")
  private int succeeded;

  @JsonPropertyDescription("In phase Failed.")
  private int failed;

  @JsonPropertyDescription("In phase Stuck: their agent went silent and was stopped.")
  private int stuck;

  @Override
  public boolean equals(Object o) {
    return o instanceof PolecatsSummary s && total == s.total && running == s.running && succeeded == s.succeeded
        && failed == s.failed && stuck == s.stuck;
  }

  @Override
  public int hashCode() {
    return Objects.hash(total, running, succeeded, failed, stuck);
  }

  public int getTotal() {
    return total;
  }

  public void setTotal(int total) {
    this.total = total;
  }

  public int getRunning() {
    return running;
  }

  public void setRunning(int running) {
    this.running = running;
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

  public int getStuck() {
    return stuck;
  }

  public void setStuck(int stuck) {
    this.stuck = stuck;
  }
}
