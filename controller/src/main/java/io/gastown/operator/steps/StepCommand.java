package io.gastown.operator.steps;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a Task step outside Tekton, in a plain container: the step script runs unchanged, then its
 * results (files in {@code GASTOWN_RESULTS_DIR}) are written as one JSON object to the container's
 * termination message ({@code GASTOWN_TERMINATION_LOG}), which is how Tekton itself reports
 * results. Each result is cut to 480 bytes so that all of them fit the kubelet's 4096-byte limit.
 *
 * <p>A pod runs its containers side by side where Tekton runs steps one after the other and stops
 * sidecars after the last step; these settings give a pod the same order:
 * <ul>
 *   <li>{@code GASTOWN_WAIT_FOR}: start the step only once this file exists;
 *   <li>{@code GASTOWN_DONE_FILE}: create this file when the step has ended, after
 *       {@code GASTOWN_KILL_LEFTOVERS=true} killed every process the step left running in the
 *       container (the container runs this runner as its PID 1);
 *   <li>{@code GASTOWN_STOP_WHEN}: a sidecar, stopped (and ending with 0) once this file exists.
 * </ul>
 */
public final class StepCommand {

  public static final String RESULTS_DIR_ENV = "GASTOWN_RESULTS_DIR";
  public static final String TERMINATION_LOG_ENV = "GASTOWN_TERMINATION_LOG";
  public static final String WAIT_FOR_ENV = "GASTOWN_WAIT_FOR";
  public static final String DONE_FILE_ENV = "GASTOWN_DONE_FILE";
  public static final String KILL_LEFTOVERS_ENV = "GASTOWN_KILL_LEFTOVERS";
  public static final String STOP_WHEN_ENV = "GASTOWN_STOP_WHEN";

  static final String RUNNER = """
      set -u
      mkdir -p "$GASTOWN_RESULTS_DIR"
      if [ -n "${GASTOWN_WAIT_FOR:-}" ]; then
        until [ -e "$GASTOWN_WAIT_FOR" ]; do sleep 1; done
      fi
      if [ -n "${GASTOWN_STOP_WHEN:-}" ]; then
        /bin/bash -c "$1" "$0" "${@:2}" &
        child=$!
        until [ -e "$GASTOWN_STOP_WHEN" ] || ! kill -0 "$child" 2>/dev/null; do sleep 1; done
        kill "$child" 2>/dev/null
        wait "$child" 2>/dev/null
        rc=0
      else
        /bin/bash -c "$1" "$0" "${@:2}"
        rc=$?
      fi
      if [ "${GASTOWN_KILL_LEFTOVERS:-}" = true ]; then
        kill -KILL -1 2>/dev/null
      fi
      {
        printf '{'
        sep=''
        for f in "$GASTOWN_RESULTS_DIR"/*; do
          [ -f "$f" ] || continue
          printf '%s"%s":"' "$sep" "$(basename "$f")"
          head -c 480 "$f" | tr '\\t\\r' '  ' | tr -d '\\000-\\010\\013\\014\\016-\\037' \\
            | sed -e 's/\\\\/\\\\\\\\/g' -e 's/"/\\\\"/g' \\
            | awk 'BEGIN { ORS = "" } { if (NR > 1) print "\\\\n"; print }'
          printf '"'
          sep=','
        done
        printf '}'
      } > "$GASTOWN_TERMINATION_LOG"
      if [ -n "${GASTOWN_DONE_FILE:-}" ]; then
        : > "$GASTOWN_DONE_FILE"
      fi
      exit $rc
      """;

  private static final ObjectMapper JSON = new ObjectMapper();

  private StepCommand() {}

  /** The results a step's runner wrote to its termination message; empty when there is none or it is not that JSON. */
  public static Optional<Map<String, String>> results(String terminationMessage) {
    if (terminationMessage == null || terminationMessage.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readValue(terminationMessage, new TypeReference<Map<String, String>>() {}));
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  /**
   * The container command for a step: {@code bash -c RUNNER <name> <script> <args...>}. The script
   * is passed as an argument, never spliced into other shell text.
   */
  public static List<String> command(String stepName, String script, List<String> args) {
    List<String> command = new ArrayList<>(List.of("/bin/bash", "-c", RUNNER, stepName, script));
    command.addAll(args);
    return command;
  }
}
