package io.gastown.operator.api.convoy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.gastown.operator.api.polecat.PolecatSpec;
import io.gastown.operator.api.polecat.PolecatTemplate;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConvoySpec {

  @Required
  @Size(min = 1, max = 4096)
  @JsonPropertyDescription("What this batch of beads is for.")
  private String description;

  @Required
  @Size(min = 1, max = 500)
  @JsonPropertyDescription("The beads to work on, one Polecat each. Adding a bead starts it; removing one never stops a running agent.")
  private List<@Pattern(PolecatSpec.BEAD_ID_PATTERN) String> trackedBeads = new ArrayList<>();

  @Min(0)
  @JsonPropertyDescription("How many of the convoy's Polecats work at once; 0 (the default) for no limit but the Rig's.")
  private Integer parallelism;

  @Pattern(PolecatSpec.BEAD_ID_PATTERN)
  @JsonPropertyDescription("The Rig whose defaults the Polecats inherit, and whose Refinery merges them.")
  private String rigRef;

  @JsonPropertyDescription("Fields of every Polecat the convoy creates; the Rig's defaults fill in the rest.")
  private PolecatTemplate polecatTemplate;

  @Size(max = 253)
  @JsonPropertyDescription("Accepted for compatibility with the Go operator; unused.")
  private String notifyOnComplete;

  public String getDescription() {
    return description;
  }

  public void setDescription(String description) {
    this.description = description;
  }

  public List<String> getTrackedBeads() {
    return trackedBeads;
  }

  public void setTrackedBeads(List<String> trackedBeads) {
    this.trackedBeads = trackedBeads;
  }

  public Integer getParallelism() {
    return parallelism;
  }

  public void setParallelism(Integer parallelism) {
    this.parallelism = parallelism;
  }

  public String getRigRef() {
    return rigRef;
  }

  public void setRigRef(String rigRef) {
    this.rigRef = rigRef;
  }

  public PolecatTemplate getPolecatTemplate() {
    return polecatTemplate;
  }

  public void setPolecatTemplate(PolecatTemplate polecatTemplate) {
    this.polecatTemplate = polecatTemplate;
  }

  public String getNotifyOnComplete() {
    return notifyOnComplete;
  }

  public void setNotifyOnComplete(String notifyOnComplete) {
    this.notifyOnComplete = notifyOnComplete;
  }
}
