package io.gastown.operator.steps;

import io.fabric8.tekton.v1.ParamSpec;
import io.fabric8.tekton.v1.ParamValue;
import io.fabric8.tekton.v1.Task;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves the Tekton variables a step uses ({@code $(params.x)}, {@code $(results.x.path)},
 * {@code $(workspaces.x.path)}, {@code $(workspaces.x.bound)}) the way Tekton would, for the places
 * where the operator or the step-tier tests run a step without Tekton.
 *
 * <p>User values are only ever substituted into {@code env} values; scripts see operator-chosen
 * paths only. Unknown variables are an error, so a typo in a Task cannot silently become an empty
 * string.
 */
public record TaskVariables(Map<String, String> params, Map<String, String> workspacePaths, String resultsDir) {

  /** Variables for one run of a Task: the given params over the Task's string defaults. */
  public static TaskVariables forTask(
      Task task, Map<String, String> params, Map<String, String> workspacePaths, String resultsDir) {
    Map<String, String> merged = new HashMap<>();
    for (ParamSpec spec : task.getSpec().getParams()) {
      ParamValue def = spec.getDefault();
      if (def != null && def.getStringVal() != null) {
        merged.put(spec.getName(), def.getStringVal());
      }
    }
    merged.putAll(params);
    return new TaskVariables(Map.copyOf(merged), Map.copyOf(workspacePaths), resultsDir);
  }

  private static final Pattern VARIABLE =
      Pattern.compile("\\$\\((params|results|workspaces)\\.([A-Za-z0-9_-]+)(?:\\.(path|bound))?\\)");

  public String resolve(String text) {
    if (text == null) {
      return null;
    }
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(valueOf(m.group(1), m.group(2), m.group(3))));
    }
    m.appendTail(out);
    return out.toString();
  }

  private String valueOf(String kind, String name, String attribute) {
    switch (kind) {
      case "params" -> {
        if (attribute != null || !params.containsKey(name)) {
          throw new IllegalArgumentException("no value for $(params." + name + ")");
        }
        return params.get(name);
      }
      case "results" -> {
        if (!"path".equals(attribute)) {
          throw new IllegalArgumentException("unsupported variable $(results." + name + ")");
        }
        return resultsDir + "/" + name;
      }
      default -> {
        if ("bound".equals(attribute)) {
          return Boolean.toString(workspacePaths.containsKey(name));
        }
        if (!"path".equals(attribute)) {
          throw new IllegalArgumentException("unsupported variable $(workspaces." + name + ")");
        }
        // Tekton resolves the path of an unbound optional workspace to the empty string.
        return workspacePaths.getOrDefault(name, "");
      }
    }
  }
}
