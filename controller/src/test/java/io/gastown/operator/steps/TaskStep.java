package io.gastown.operator.steps;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.tekton.v1.ParamSpec;
import io.fabric8.tekton.v1.Sidecar;
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
 * Runs a Task from {@code tekton/tasks/} as local bash processes, the way Tekton would run it: its
 * sidecars in the background for as long as the steps run, then its steps one after the other until
 * one fails; env values and scripts resolved with {@link TaskVariables}, array params expanded into
 * the steps' args, results read back from the results directory all steps share.
 *
 * <p>Each process sees only its own env plus PATH, HOME (a fresh directory of its own), IS_SANDBOX=1
 * (Claude Code refuses to skip permissions as root without it) and the extra env a test adds. A
 * sidecar's port (PROXY_PORT) is a free one, so that runs never meet. As root, each runs in a PID
 * namespace of its own, so that what a step leaves running ends with it, as in a container. They
 * all share one filesystem: this tier tests what the scripts do, the e2e tier the isolation
 * between containers.
 */
final class TaskStep {

  private static final Pattern ARRAY_PARAM = Pattern.compile("\\$\\(params\\.([A-Za-z0-9_-]+)\\[\\*]\\)");
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  /** Whether each step runs in a PID namespace of its own (needs root, as CI has). */
  static final boolean CONTAINED = "root".equals(System.getProperty("user.name"));

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

  /** Leaves an optional workspace unbound. */
  TaskStep withoutWorkspace(String name) {
    workspaces.remove(name);
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
      Path dir = Files.createTempDirectory(scratch, "task-");
      Path resultsDir = Files.createDirectories(dir.resolve("results"));
      var variables = new TaskVariables(params, workspaces, resultsDir.toString());
      Map<String, String> env = new LinkedHashMap<>(extraEnv);
      List<Sidecar> sidecars = task.getSpec().getSidecars() == null ? List.of() : task.getSpec().getSidecars();
      if (!sidecars.isEmpty()) {
        env.putIfAbsent("PROXY_PORT", Integer.toString(freePort()));
      }
      List<Process> running = new ArrayList<>();
      long start = System.nanoTime();
      StringBuilder stdout = new StringBuilder();
      StringBuilder stderr = new StringBuilder();
      Path firstHome = null;
      int exit = 0;
      try {
        for (Sidecar sidecar : sidecars) {
          running.add(start(dir, sidecar.getName(), sidecar.getScript(), sidecar.getEnv(), List.of(), variables, env));
        }
        for (Step step : task.getSpec().getSteps()) {
          Process process = start(dir, step.getName(), step.getScript(), step.getEnv(), args(step, variables), variables, env);
          if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
          }
          stdout.append(read(dir.resolve(step.getName() + ".stdout")));
          stderr.append(read(dir.resolve(step.getName() + ".stderr")));
          firstHome = firstHome == null ? dir.resolve(step.getName() + ".home") : firstHome;
          exit = process.exitValue();
          if (exit != 0) {
            break;
          }
        }
      } finally {
        for (Process sidecar : running) {
          sidecar.descendants().forEach(ProcessHandle::destroyForcibly);
          sidecar.destroyForcibly().waitFor();
        }
      }
      for (Sidecar sidecar : sidecars) {
        stderr.append(read(dir.resolve(sidecar.getName() + ".stdout"))).append(read(dir.resolve(sidecar.getName() + ".stderr")));
      }
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      return new StepRun(exit, stdout.toString(), stderr.toString(), results(resultsDir), elapsed, firstHome);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private Process start(Path dir, String name, String script, List<EnvVar> stepEnv, List<String> args,
      TaskVariables variables, Map<String, String> extra) throws IOException {
    Path home = Files.createDirectories(dir.resolve(name + ".home"));
    Path file = Files.writeString(dir.resolve(name + ".sh"), variables.resolve(script));
    List<String> command = new ArrayList<>();
    if (CONTAINED) {
      // A PID namespace of its own, like a container's: when the step ends, whatever it left running ends too.
      command.addAll(List.of("unshare", "--pid", "--fork", "--kill-child"));
    }
    command.addAll(List.of("bash", file.toString()));
    command.addAll(args);
    var builder = new ProcessBuilder(command)
        .directory(dir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(dir.resolve(name + ".stdout").toFile())
        .redirectError(dir.resolve(name + ".stderr").toFile());
    Map<String, String> env = builder.environment();
    env.clear();
    env.put("PATH", path());
    env.put("HOME", home.toString());
    env.put("IS_SANDBOX", "1");
    for (EnvVar var : stepEnv == null ? List.<EnvVar>of() : stepEnv) {
      env.put(var.getName(), variables.resolve(var.getValue()));
    }
    env.putAll(extra);
    return builder.start();
  }

  private static int freePort() throws IOException {
    try (var socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private List<String> args(Step step, TaskVariables variables) {
    List<String> args = new ArrayList<>();
    for (String arg : step.getArgs() == null ? List.<String>of() : step.getArgs()) {
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
