package io.gastown.operator.common;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** Liveness ({@code /healthz}) and readiness ({@code /readyz}) probes for the operator's pod. */
public final class HealthServer {

  private volatile boolean ready;

  private HealthServer() {}

  public static HealthServer start(int port) {
    HealthServer health = new HealthServer();
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
      server.createContext("/healthz", exchange -> respond(exchange, 200, "ok"));
      server.createContext("/readyz", exchange -> respond(exchange, health.ready ? 200 : 503, health.ready ? "ok" : "starting"));
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on port " + port + " for health probes", e);
    }
    return health;
  }

  public void ready() {
    ready = true;
  }

  private static void respond(com.sun.net.httpserver.HttpExchange exchange, int code, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(code, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
