package io.gastown.operator.api.polecat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** A Task in the namespace (name) or a remote Task fetched by a Tekton resolver. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TaskReference {

  @JsonPropertyDescription("Name of a Task in the Polecat's namespace.")
  private String name;

  @JsonPropertyDescription("Tekton resolver: cluster, git, bundles or hub.")
  private String resolver;

  @JsonPropertyDescription("Parameters of the resolver.")
  private List<ResolverParam> params;

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getResolver() {
    return resolver;
  }

  public void setResolver(String resolver) {
    this.resolver = resolver;
  }

  public List<ResolverParam> getParams() {
    return params;
  }

  public void setParams(List<ResolverParam> params) {
    this.params = params;
  }
}
