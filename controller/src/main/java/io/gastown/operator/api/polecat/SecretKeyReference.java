package io.gastown.operator.api.polecat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** One key of a Secret in the Polecat's namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretKeyReference {

  @Required
  @JsonPropertyDescription("Name of the Secret.")
  private String name;

  @Default("api-key")
  @JsonPropertyDescription("Key in the Secret.")
  private String key;

  public SecretKeyReference() {}

  public SecretKeyReference(String name, String key) {
    this.name = name;
    this.key = key;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }
}
