package io.gastown.operator.api.polecat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** The key of a Secret in the resource's namespace that holds a forge API token. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TokenSecretReference {

  @Required
  @JsonPropertyDescription("Name of the Secret.")
  private String name;

  @Default("token")
  @JsonPropertyDescription("Key in the Secret.")
  private String key;

  public TokenSecretReference() {}

  public TokenSecretReference(String name, String key) {
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
