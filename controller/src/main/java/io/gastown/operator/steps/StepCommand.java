package io.gastown.operator.steps;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs a Task step outside Tekton, in a plain container: the step script runs unchanged, then its
 * results (files in {@code GASTOWN_RESULTS_DIR}) are written as one JSON object to the container's
 * termination message ({@code GASTOWN_TERMINATION_LOG}), which is how Tekton itself reports
 * results. Each result is cut to 480 bytes so that all of them fit the kubelet's 4096-byte limit.
 */
public final class StepCommand {

  public static final String RESULTS_DIR_ENV = "GASTOWN_RESULTS_DIR";
  public static final String TERMINATION_LOG_ENV = "GASTOWN_TERMINATION_LOG";

  static final String RUNNER = """
      set -u
      mkdir -p "$GASTOWN_RESULTS_DIR"
      /bin/bash -c "$1" "$0" "${@:2}"
      rc=$?
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
      exit $rc
      """;

  private StepCommand() {}

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
