package io.gastown.operator.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.List;

/**
 * The API server a benchmark runs against, and what it saw: every request, with the User-Agent
 * that tells the harness, the baseline and the operator apart.
 */
interface BenchServer extends AutoCloseable {

  /** One request as the server recorded it. */
  record Request(String method, String path, String userAgent, boolean watch) {}

  /** A client that identifies itself with {@code userAgent}. */
  KubernetesClient client(String userAgent);

  /** A kubeconfig for the operator process. */
  Path kubeconfig();

  /** The requests since the last call (or since the start). */
  List<Request> drain() throws Exception;

  /** What the report calls this server. */
  String describe();

  @Override
  void close();
}
