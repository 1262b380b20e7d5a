package io.gastown.operator;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The operator's main class as a user starts it: its own JVM on this test's classpath, with the
 * environment given (KUBECONFIG and GASTOWN_* of the test's own environment removed).
 */
final class OperatorProcess implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Process process;
  private final Path stdout;
  private final Path stderr;

  private OperatorProcess(Process process, Path stdout, Path stderr) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  static OperatorProcess start(Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), GastownOperator.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(name -> name.equals("KUBECONFIG") || name.startsWith("GASTOWN_")
        || name.equals("JAVA_TOOL_OPTIONS"));
    builder.environment().put("HOME", Files.createTempDirectory("operator-home").toString());
    builder.environment().putAll(env);
    Path stdout = Files.createTempFile("operator", ".out");
    Path stderr = Files.createTempFile("operator", ".err");
    builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    return new OperatorProcess(builder.start(), stdout, stderr);
  }

  /** Runs it to its end (at most a minute: a hang fails the test). */
  static OperatorProcess run(Map<String, String> env, String... args) throws Exception {
    OperatorProcess operator = start(env, args);
    if (!operator.process.waitFor(60, TimeUnit.SECONDS)) {
      operator.close();
      throw new AssertionError("the operator still runs after a minute; stderr: " + operator.stderr());
    }
    return operator;
  }

  int exitCode() {
    return process.exitValue();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String stdout() {
    return read(stdout);
  }

  String stderr() {
    return read(stderr);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Status code and body of GET {@code path} on the operator's health port, "-1" while nothing listens. */
  static String probe(int port, String path) throws InterruptedException {
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
      return response.statusCode() + " " + response.body();
    } catch (IOException notListening) {
      return "-1";
    }
  }

  /** A kubeconfig in {@code dir} for the API server at {@code url}, authenticating with {@code token}. */
  static Path kubeconfig(Path dir, String url, String token) throws IOException {
    return Files.writeString(dir.resolve("kubeconfig-" + token), """
        apiVersion: v1
        kind: Config
        clusters: [{name: test, cluster: {server: "%s"}}]
        users: [{name: test, user: {token: %s}}]
        contexts: [{name: test, context: {cluster: test, user: test, namespace: default}}]
        current-context: test
        """.formatted(url, token));
  }

  static int freePort() throws IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }
}
