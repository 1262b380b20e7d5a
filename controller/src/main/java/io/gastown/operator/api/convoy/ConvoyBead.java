package io.gastown.operator.api.convoy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.gastown.operator.api.polecat.PolecatPhase;
import java.util.Objects;

/** One tracked bead of a Convoy: the Polecat that works on it and how far it got. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConvoyBead {

  @JsonPropertyDescription("The bead ID.")
  private String bead;

  @JsonPropertyDescription("The Polecat working on it: created by the convoy, or one of the rig that already did.")
  private String polecat;

  @JsonPropertyDescription("The Polecat's phase; empty while the bead waits for its turn (parallelism).")
  private PolecatPhase phase;

  @JsonPropertyDescription("The branch the Polecat pushed.")
  private String branch;

  @JsonPropertyDescription("The commit the Polecat pushed.")
  private String commit;

  @JsonPropertyDescription("Whether the rig's Refinery merged the branch.")
  private Boolean merged;

  @Override
  public boolean equals(Object o) {
    return o instanceof ConvoyBead b && Objects.equals(bead, b.bead) && Objects.equals(polecat, b.polecat)
        && phase == b.phase && Objects.equals(branch, b.branch) && Objects.equals(commit, b.commit)
        && Objects.equals(merged, b.merged);
  }

  @Override
  public int hashCode() {
    return Objects.hash(bead, polecat, phase);
  }

  public String getBead() {
    return bead;
  }

  public void setBead(String bead) {
    this.bead = bead;
  }

  public String getPolecat() {
    return polecat;
  }

  public void setPolecat(String polecat) {
    this.polecat = polecat;
  }

  public PolecatPhase getPhase() {
    return phase;
  }

  public void setPhase(PolecatPhase phase) {
    this.phase = phase;
  }

  public String getBranch() {
    return branch;
  }

  public void setBranch(String branch) {
    this.branch = branch;
  }

  public String getCommit() {
    return commit;
  }

  public void setCommit(String commit) {
    this.commit = commit;
  }

  public Boolean getMerged() {
    return merged;
  }

  public void setMerged(Boolean merged) {
    this.merged = merged;
  }
}
