package io.gastown.operator.api.polecat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A Secret in the Polecat's namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretReference {

  @Required
  @JsonPropertyDescription("Name of the Secret.")
  private String name;

  public SecretReference() {}

  public SecretReference(String name) {
    this.name = name;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }
}
