package io.gastown.operator.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real kube-apiserver and etcd ({@code e2e/cluster up --control-plane}: no node, so the benchmark
 * plays kubelet). Requests are read from the API server's audit log, which records each one with
 * its verb, resource and User-Agent.
 */
final class RealBenchServer implements BenchServer {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> METHODS = Map.of(
      "create", "POST", "get", "GET", "list", "GET", "watch", "GET", "update", "PUT", "patch", "PATCH",
      "delete", "DELETE", "deletecollection", "DELETE");

  private final Path kubeconfig;
  private final Path auditLog;
  private long offset;

  RealBenchServer(Path kubeconfig, Path auditLog) throws IOException {
    this.kubeconfig = kubeconfig;
    this.auditLog = auditLog;
    this.offset = Files.size(auditLog);
  }

  @Override
  public KubernetesClient client(String userAgent) {
    Config config = Config.fromKubeconfig(kubeconfig.toFile());
    return new KubernetesClientBuilder().withConfig(new ConfigBuilder(config).withUserAgent(userAgent).build()).build();
  }

  @Override
  public Path kubeconfig() {
    return kubeconfig;
  }

  /** The audit events written since the last call; the API server flushes its log within a second. */
  @Override
  public List<Request> drain() throws Exception {
    Thread.sleep(2_000);
    List<Request> requests = new ArrayList<>();
    try (var channel = java.nio.channels.FileChannel.open(auditLog)) {
      if (channel.size() < offset) {
        throw new IllegalStateException(auditLog + " shrank: the API server rotated it (raise --audit-log-maxsize)");
      }
      channel.position(offset);
      var reader = new java.io.BufferedReader(java.nio.channels.Channels.newReader(channel, StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null) {
        offset += line.getBytes(StandardCharsets.UTF_8).length + 1;
        if (line.isBlank()) {
          continue;
        }
        JsonNode event;
        try {
          event = JSON.readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException stillBeingWritten) {
          offset -= line.getBytes(StandardCharsets.UTF_8).length + 1;
          break;
        }
        String verb = event.path("verb").asText();
        String uri = event.path("requestURI").asText();
        requests.add(new Request(METHODS.getOrDefault(verb, verb.toUpperCase()), uri.replaceAll("\\?.*", ""),
            event.path("userAgent").asText(), "watch".equals(verb)));
      }
    }
    return requests;
  }

  @Override
  public String describe() {
    return "kube-apiserver " + client("gastown-bench-probe").getKubernetesVersion().getGitVersion()
        + " with etcd (e2e/cluster up --control-plane)";
  }

  @Override
  public void close() {
  }
}
