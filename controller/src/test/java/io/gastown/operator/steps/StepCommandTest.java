package io.gastown.operator.steps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the Pod-mode step runner with bash, as the container does. */
class StepCommandTest {

  @TempDir
  Path dir;

  @Test
  void resultsBecomeOneJsonTerminationMessageAndTheExitCodeIsKept() throws Exception {
    String script = """
        printf '%s' 'said "hi" \\ then' > "$GASTOWN_RESULTS_DIR/summary"
        printf 'line one\\nline two\\ttab' > "$GASTOWN_RESULTS_DIR/branch"
        printf '%s' "$1|$2" > "$GASTOWN_RESULTS_DIR/args"
        exit 3
        """;
    Process process = run(script, List.of("a b", "$(c)"));

    assertEquals(3, process.exitValue());
    Map<?, ?> results = new ObjectMapper().readValue(dir.resolve("termination-log").toFile(), Map.class);
    assertEquals(Map.of(
        "summary", "said \"hi\" \\ then",
        "branch", "line one\nline two tab",
        "args", "a b|$(c)"), results);
  }

  @Test
  void longResultsAreCutSoAllFitTheKubeletLimit() throws Exception {
    String script = """
        for r in branch commit pushed outcome summary cost-usd num-turns session-id; do
          head -c 5000 /dev/zero | tr '\\0' x > "$GASTOWN_RESULTS_DIR/$r"
        done
        """;
    run(script, List.of());

    long size = Files.size(dir.resolve("termination-log"));
    assertEquals(true, size <= 4096, "termination message is " + size + " bytes");
  }

  private Process run(String script, List<String> args) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(StepCommand.command("claude", script, args));
    pb.environment().put(StepCommand.RESULTS_DIR_ENV, dir.resolve("results").toString());
    pb.environment().put(StepCommand.TERMINATION_LOG_ENV, dir.resolve("termination-log").toString());
    pb.redirectErrorStream(true).redirectOutput(dir.resolve("output").toFile());
    Process process = pb.start();
    process.waitFor(30, TimeUnit.SECONDS);
    return process;
  }
}
