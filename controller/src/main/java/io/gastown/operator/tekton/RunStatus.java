package io.gastown.operator.tekton;

import io.fabric8.knative.pkg.apis.Condition;
import io.fabric8.tekton.v1.ParamValue;
import io.fabric8.tekton.v1.PipelineRun;
import io.fabric8.tekton.v1.TaskRun;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code Succeeded} condition and the string results of a TaskRun or a PipelineRun: what the
 * operator reads of a Tekton run, in one place for the executor, its observer and the Refinery.
 */
public final class RunStatus {

  public static final String SUCCEEDED = "Succeeded";

  private RunStatus() {}

  public static Optional<Condition> succeeded(TaskRun run) {
    return succeeded(run.getStatus() == null ? null : run.getStatus().getConditions());
  }

  public static Optional<Condition> succeeded(PipelineRun run) {
    return succeeded(run.getStatus() == null ? null : run.getStatus().getConditions());
  }

  /** Succeeded is True. */
  public static boolean isSucceeded(Optional<Condition> succeeded) {
    return succeeded.map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  /** Succeeded is True or False: the run ended. */
  public static boolean isFinished(Optional<Condition> succeeded) {
    return succeeded.map(c -> !"Unknown".equals(c.getStatus())).orElse(false);
  }

  /** "status/reason" of the Succeeded condition, empty when there is none: what a watcher reacts to. */
  public static String signature(Optional<Condition> succeeded) {
    return succeeded.map(c -> c.getStatus() + "/" + c.getReason()).orElse("");
  }

  public static Map<String, String> results(TaskRun run) {
    return run.getStatus() == null ? Map.of()
        : strings(run.getStatus().getResults(), r -> r.getName(), r -> r.getValue());
  }

  public static Map<String, String> results(PipelineRun run) {
    return run.getStatus() == null ? Map.of()
        : strings(run.getStatus().getResults(), r -> r.getName(), r -> r.getValue());
  }

  private static Optional<Condition> succeeded(List<Condition> conditions) {
    return conditions == null ? Optional.empty()
        : conditions.stream().filter(c -> SUCCEEDED.equals(c.getType())).findFirst();
  }

  private static <R> Map<String, String> strings(List<R> results, Function<R, String> name,
      Function<R, ParamValue> value) {
    Map<String, String> values = new HashMap<>();
    if (results != null) {
      for (R result : results) {
        ParamValue v = value.apply(result);
        if (v != null && v.getStringVal() != null) {
          values.put(name.apply(result), v.getStringVal());
        }
      }
    }
    return values;
  }
}
