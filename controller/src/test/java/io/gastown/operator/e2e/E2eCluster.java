package io.gastown.operator.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.gastown.operator.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The cluster {@code e2e/cluster up} started, as its {@code e2e/.state/env} describes it: a client
 * for the API server and the commands a user runs against it ({@code kubectl}, {@code tkn}),
 * whose output the scenarios check the way a user reads it.
 */
final class E2eCluster {

  private static E2eCluster instance;

  private final Map<String, String> env;
  private final KubernetesClient client;

  private E2eCluster(Map<String, String> env) {
    this.env = env;
    this.client = new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(Path.of(env("KUBECONFIG")).toFile()))
        .build();
  }

  static synchronized E2eCluster get() {
    if (instance == null) {
      Path file = Path.of(System.getProperty("gastown.e2e.env", Fixtures.repoRoot().resolve("e2e/.state/env").toString()));
      if (!Files.isRegularFile(file)) {
        throw new IllegalStateException("no " + file + ": start the cluster with e2e/cluster up (or run e2e/run)");
      }
      Map<String, String> env = new HashMap<>();
      for (String line : read(file).split("\n")) {
        int eq = line.indexOf('=');
        if (eq > 0 && !line.startsWith("#")) {
          env.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
      instance = new E2eCluster(Map.copyOf(env));
    }
    return instance;
  }

  String env(String key) {
    String value = env.get(key);
    if (value == null) {
      throw new IllegalStateException("e2e/.state/env has no " + key);
    }
    return value;
  }

  KubernetesClient client() {
    return client;
  }

  /** {@code kubectl ARGS}, which must succeed; its standard output. */
  String kubectl(String... args) {
    return run(null, "kubectl", args).expectSuccess();
  }

  /** {@code kubectl ARGS} with {@code stdin} as its input (e.g. {@code apply -f -}), whatever its exit code. */
  Result kubectlWithInput(String stdin, String... args) {
    return run(stdin, "kubectl", args);
  }

  String tkn(String... args) {
    return run(null, "tkn", args).expectSuccess();
  }

  Result run(String stdin, String tool, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(env("E2E_BIN"), tool).toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(Fixtures.repoRoot().toFile());
    builder.environment().put("KUBECONFIG", env("KUBECONFIG"));
    try {
      Path out = Files.createTempFile("e2e-", ".out");
      Path err = Files.createTempFile("e2e-", ".err");
      builder.redirectOutput(out.toFile()).redirectError(err.toFile());
      Process process = builder.start();
      try (var in = process.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!process.waitFor(Duration.ofMinutes(3).toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(tool + " " + String.join(" ", args) + " did not end within 3 minutes");
      }
      Result result = new Result(String.join(" ", command.subList(1, command.size())), process.exitValue(),
          Files.readString(out), Files.readString(err));
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** What a command printed and how it ended. */
  record Result(String command, int exitCode, String stdout, String stderr) {

    String expectSuccess() {
      assertEquals(0, exitCode, () -> command + " failed:\n" + stdout + stderr);
      return stdout;
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
