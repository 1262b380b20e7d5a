package io.gastown.operator.tekton;

import io.fabric8.tekton.v1.PipelineRef;
import io.fabric8.tekton.v1.TaskRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where the operator's runs find the bundled Tasks and Pipeline: installed in a namespace (by
 * {@code config/install.yaml}, in gastown-system) and referenced through Tekton's cluster
 * resolver, or, with no namespace, embedded in every run (for clusters whose resolvers are off).
 * Tekton labels a run of a referenced Task or Pipeline {@code tekton.dev/task} or
 * {@code tekton.dev/pipeline} with its name, which is what {@code tkn} and the console group by.
 *
 * @param namespace the namespace of the installed copies (GASTOWN_TEKTON_TASKS_NAMESPACE); empty
 *     to embed them
 */
public record InstalledTasks(String namespace) {

  public static final String SETTING = "GASTOWN_TEKTON_TASKS_NAMESPACE";
  /** The label Tekton sets on the runs of a referenced Task, and the operator on embedded ones. */
  public static final String TASK_LABEL = "tekton.dev/task";
  /** Every installed Task and Pipeline takes its step image as this parameter. */
  public static final String IMAGE_PARAM = "image";

  public static final InstalledTasks EMBEDDED = new InstalledTasks("");

  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  /**
   * @throws IllegalArgumentException with a one-line message when the value is no namespace name
   */
  public static InstalledTasks fromEnvironment(Map<String, String> env) {
    String namespace = env.getOrDefault(SETTING, "").trim();
    if (!namespace.isEmpty() && !NAMESPACE.matcher(namespace).matches()) {
      throw new IllegalArgumentException(SETTING + " must be a namespace name (lowercase letters, digits and '-',"
          + " at most 63) or empty, not \"" + namespace + "\"");
    }
    return new InstalledTasks(namespace);
  }

  public boolean referenced() {
    return !namespace.isEmpty();
  }

  /**
   * The installed Task {@code name} through the cluster resolver (fields newer than the 7.1 model).
   * Tekton does not default the kind of a resolver's ref; {@code tkn taskrun list <task>} lists only
   * runs whose ref says {@code kind: Task}.
   */
  public TaskRef taskRef(String name) {
    TaskRef ref = new TaskRef();
    ref.setKind("Task");
    ref.setAdditionalProperty("resolver", "cluster");
    ref.setAdditionalProperty("params", params("task", name));
    return ref;
  }

  /** The installed Pipeline {@code name} through the cluster resolver. */
  public PipelineRef pipelineRef(String name) {
    PipelineRef ref = new PipelineRef();
    ref.setAdditionalProperty("resolver", "cluster");
    ref.setAdditionalProperty("params", params("pipeline", name));
    return ref;
  }

  private List<Map<String, String>> params(String kind, String name) {
    return List.of(param("kind", kind), param("name", name), param("namespace", namespace));
  }

  /** In the order Tekton writes a param (name, value), whatever the JVM's Map.of order. */
  private static Map<String, String> param(String name, String value) {
    Map<String, String> param = new LinkedHashMap<>();
    param.put("name", name);
    param.put("value", value);
    return param;
  }
}
