package io.gastown.operator.common;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.javaoperatorsdk.operator.RuntimeInfo;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.TreeSet;

/**
 * Liveness ({@code /healthz}) and readiness ({@code /readyz}) probes for the operator's pod, and
 * its Prometheus metrics ({@code /metrics}). Once the operator runs, {@code /healthz} answers 503
 * while JOSDK reports an event source (an informer that lost its watch, say) unhealthy, so the
 * kubelet restarts an operator that stopped seeing changes. A replica standing by for the leader
 * Lease is ready: its caches are synced and it takes over as soon as the Lease is its own, and a
 * rolling update or a PodDisruptionBudget counts it as available.
 */
public final class HealthServer {

  private final HttpServer server;
  private final OperatorMetrics metrics;
  private volatile RuntimeInfo operator;
  private volatile Leadership leadership = Leadership.alone();

  private HealthServer(HttpServer server, OperatorMetrics metrics) {
    this.server = server;
    this.metrics = metrics;
  }

  /**
   * @param port the port to listen on; 0 for any free one
   * @param metrics what {@code /metrics} shows
   * @throws IllegalStateException with a one-line message when the port cannot be bound
   */
  public static HealthServer start(int port, OperatorMetrics metrics) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(port), 0);
    } catch (BindException e) {
      throw new IllegalStateException("port " + port + " (GASTOWN_HEALTH_PORT) is already in use: the health probes"
          + " cannot listen on it; stop what holds it or set GASTOWN_HEALTH_PORT to a free port");
    } catch (IOException e) {
      throw new IllegalStateException("the health probes cannot listen on port " + port + " (GASTOWN_HEALTH_PORT): "
          + e.getMessage());
    }
    HealthServer health = new HealthServer(server, metrics);
    server.createContext("/healthz", health::live);
    server.createContext("/readyz", health::ready);
    server.createContext("/metrics", health::metrics);
    server.start();
    return health;
  }

  /**
   * The operator started: {@code /readyz} answers 200, saying whether this replica leads, and
   * {@code /healthz} follows its event sources.
   */
  public void ready(RuntimeInfo runtime, Leadership leader) {
    leadership = leader;
    operator = runtime;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public void stop() {
    server.stop(0);
  }

  private void live(HttpExchange exchange) throws IOException {
    RuntimeInfo runtime = operator;
    if (runtime == null || runtime.allEventSourcesAreHealthy()) {
      respond(exchange, 200, "ok");
      return;
    }
    TreeSet<String> names = new TreeSet<>();
    runtime.unhealthyEventSources().forEach((controller, sources) ->
        sources.keySet().forEach(source -> names.add(controller + "/" + source)));
    respond(exchange, 503, "unhealthy event sources: " + String.join(", ", names));
  }

  private void ready(HttpExchange exchange) throws IOException {
    boolean started = operator != null;
    respond(exchange, started ? 200 : 503, started ? leadership.readiness() : "starting");
  }

  private void metrics(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", PrometheusText.CONTENT_TYPE);
    respond(exchange, 200, metrics.text());
  }

  private static void respond(HttpExchange exchange, int code, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(code, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
