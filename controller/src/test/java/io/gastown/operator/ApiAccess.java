package io.gastown.operator;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One request to the API server as RBAC sees it: the API group, the resource (with its
 * subresource), the verb and the namespace (null for a cluster-scoped request or one across all
 * namespaces). The verbs follow the API server's request info: GET of a name is {@code get}, of a
 * collection {@code list}, with {@code watch=true} {@code watch}; POST {@code create}, PUT
 * {@code update}, PATCH {@code patch}, DELETE of a name {@code delete}, of a collection
 * {@code deletecollection}.
 */
public record ApiAccess(String group, String resource, String verb, String namespace) {

  /** The access a request needs; empty for discovery and version requests, which RBAC does not guard. */
  public static Optional<ApiAccess> of(RecordedRequest request) {
    String target = request.getPath();
    int query = target.indexOf('?');
    String path = query < 0 ? target : target.substring(0, query);
    String params = query < 0 ? "" : target.substring(query + 1);
    List<String> parts = Arrays.stream(path.split("/")).filter(p -> !p.isEmpty()).toList();
    String group;
    List<String> rest;
    if (parts.size() >= 2 && parts.get(0).equals("api")) {
      group = "";
      rest = parts.subList(2, parts.size());
    } else if (parts.size() >= 3 && parts.get(0).equals("apis")) {
      group = parts.get(1);
      rest = parts.subList(3, parts.size());
    } else {
      return Optional.empty();
    }
    if (rest.isEmpty()) {
      return Optional.empty();
    }
    String namespace = null;
    if (rest.get(0).equals("namespaces") && rest.size() >= 3) {
      namespace = rest.get(1);
      rest = rest.subList(2, rest.size());
    }
    String resource = rest.get(0) + (rest.size() >= 3 ? "/" + rest.get(2) : "");
    boolean named = rest.size() >= 2;
    String verb = switch (request.getMethod()) {
      case "GET" -> named ? "get" : Set.of(params.split("&")).contains("watch=true") ? "watch" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> named ? "delete" : "deletecollection";
      default -> throw new AssertionError("unexpected request " + request.getRequestLine());
    };
    return Optional.of(new ApiAccess(group, resource, verb, namespace));
  }

  /** "group resource verb", the core group as "core": what a rule grants, wherever it is bound. */
  public String grant() {
    return grant(group, resource, verb);
  }

  public static String grant(String group, String resource, String verb) {
    return (group.isEmpty() ? "core" : group) + " " + resource + " " + verb;
  }

  /** Every (group, resource, verb) the rules grant, in {@link #grant()} form. */
  public static Set<String> grants(Collection<PolicyRule> rules) {
    Set<String> grants = new TreeSet<>();
    for (PolicyRule rule : rules) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            grants.add(grant(group, resource, verb));
          }
        }
      }
    }
    return grants;
  }

  @Override
  public String toString() {
    return grant() + (namespace == null ? " (cluster)" : " in " + namespace);
  }
}
