package io.gastown.operator.steps;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.tekton.v1.ParamSpec;
import io.fabric8.tekton.v1.Step;
import io.fabric8.tekton.v1.Task;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs the single step of a Task from {@code tekton/tasks/} as a local bash process, the way Tekton
 * would run it: env values and the script resolved with {@link TaskVariables}, array params expanded
 * into the step's args, results read back from the results directory.
 *
 * <p>The process sees only the step's env plus PATH, HOME (a fresh directory), IS_SANDBOX=1 (Claude
 * Code refuses to skip permissions as root without it) and the extra env a test adds.
 */
final class TaskStep {

  private static final Pattern ARRAY_PARAM = Pattern.compile("\\$\\(params\\.([A-Za-z0-9_-]+)\\[\\*]\\)");
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private final Task task;
  private final Path scratch;
  private final Map<String, String> params = new LinkedHashMap<>();
  private final Map<String, List<String>> arrayParams = new LinkedHashMap<>();
  private final Map<String, String> workspaces = new LinkedHashMap<>();
  private final Map<String, String> extraEnv = new LinkedHashMap<>();
  private final List<Path> pathPrefix = new ArrayList<>();

  private TaskStep(Task task, Path scratch) {
    this.task = task;
    this.scratch = scratch;
    for (ParamSpec spec : task.getSpec().getParams()) {
      if (spec.getDefault() == null) {
        continue;
      }
      if ("array".equals(spec.getType())) {
        arrayParams.put(spec.getName(), spec.getDefault().getArrayVal());
      } else {
        params.put(spec.getName(), spec.getDefault().getStringVal());
      }
    }
  }

  /** The Task in {@code tekton/tasks/<file>} of this checkout; {@code scratch} holds HOME and results. */
  static TaskStep of(String file, Path scratch) {
    Path yaml = repoRoot().resolve("tekton/tasks").resolve(file);
    try (var in = Files.newInputStream(yaml)) {
      return new TaskStep(Serialization.unmarshal(in, Task.class), scratch);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path repoRoot() {
    return Path.of(System.getProperty("gastown.repoRoot", "..")).toAbsolutePath().normalize();
  }

  TaskStep param(String name, String value) {
    params.put(name, value);
    return this;
  }

  TaskStep param(String name, List<String> values) {
    arrayParams.put(name, List.copyOf(values));
    return this;
  }

  TaskStep workspace(String name, Path path) {
    workspaces.put(name, path.toString());
    return this;
  }

  TaskStep env(String name, String value) {
    extraEnv.put(name, value);
    return this;
  }

  /** Puts a directory in front of the system PATH, e.g. the installed Claude Code CLI. */
  TaskStep onPath(Path dir) {
    pathPrefix.add(dir);
    return this;
  }

  StepRun run() {
    try {
      Path dir = Files.createTempDirectory(scratch, "step-");
      Path resultsDir = Files.createDirectories(dir.resolve("results"));
      Path home = Files.createDirectories(dir.resolve("home"));
      var variables = new TaskVariables(params, workspaces, resultsDir.toString());
      Step step = StepScripts.onlyStep(task);
      Path script = Files.writeString(dir.resolve("script.sh"), variables.resolve(step.getScript()));

      List<String> command = new ArrayList<>(List.of("bash", script.toString()));
      command.addAll(args(step, variables));
      var builder = new ProcessBuilder(command)
          .directory(dir.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectOutput(dir.resolve("stdout").toFile())
          .redirectError(dir.resolve("stderr").toFile());
      Map<String, String> env = builder.environment();
      env.clear();
      env.put("PATH", path());
      env.put("HOME", home.toString());
      env.put("IS_SANDBOX", "1");
      for (EnvVar var : step.getEnv()) {
        env.put(var.getName(), variables.resolve(var.getValue()));
      }
      env.putAll(extraEnv);

      long start = System.nanoTime();
      Process process = builder.start();
      if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();
      }
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      return new StepRun(process.exitValue(), read(dir.resolve("stdout")), read(dir.resolve("stderr")),
          results(resultsDir), elapsed, home);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private List<String> args(Step step, TaskVariables variables) {
    List<String> args = new ArrayList<>();
    for (String arg : step.getArgs()) {
      Matcher array = ARRAY_PARAM.matcher(arg);
      if (array.matches()) {
        args.addAll(arrayParams.getOrDefault(array.group(1), List.of()));
      } else {
        args.add(variables.resolve(arg));
      }
    }
    return args;
  }

  private String path() {
    List<String> entries = new ArrayList<>();
    pathPrefix.forEach(dir -> entries.add(dir.toString()));
    entries.add(System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin"));
    return String.join(File.pathSeparator, entries);
  }

  private static Map<String, String> results(Path resultsDir) throws IOException {
    Map<String, String> results = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(resultsDir)) {
      for (Path file : files.sorted().toList()) {
        results.put(file.getFileName().toString(), read(file));
      }
    }
    return results;
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
