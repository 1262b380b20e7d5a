package io.gastown.operator.api.polecat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResolverParam {

  @Required
  @JsonPropertyDescription("Resolver parameter name, e.g. url, revision, pathInRepo.")
  private String name;

  @Required
  @JsonPropertyDescription("Resolver parameter value.")
  private String value;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getValue() {
    return value;
  }

  public void setValue(String value) {
    this.value = value;
  }
}
