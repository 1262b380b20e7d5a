package io.gastown.operator.steps;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** What one local run of a Task step left behind: exit code, logs, the results it wrote and its HOME. */
record StepRun(int exitCode, String stdout, String stderr, Map<String, String> results, Duration elapsed, Path home) {

  String result(String name) {
    return results.get(name);
  }

  /** Everything a user or the operator could see: both logs and every result. */
  String everythingVisible() {
    return stdout + "\n" + stderr + "\n" + String.join("\n", results.values());
  }

  @Override
  public String toString() {
    return "exit " + exitCode + " after " + elapsed.toMillis() + " ms\n--- stdout\n" + stdout
        + "--- stderr\n" + stderr + "--- results\n" + results;
  }
}
