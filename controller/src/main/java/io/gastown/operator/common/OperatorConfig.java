package io.gastown.operator.common;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Operator settings, read once at start-up from environment variables.
 *
 * @param agentImage image of the agent containers when a Polecat names none (GASTOWN_AGENT_IMAGE)
 * @param anthropicBaseUrl the model endpoint of Polecats that set no agentConfig.baseURL
 *     (GASTOWN_ANTHROPIC_BASE_URL; empty for Claude Code's default, https://api.anthropic.com)
 * @param allowHttpBaseUrl accept plain-http base URLs to hosts other than loopback, for test
 *     clusters whose model API is a local stand-in (GASTOWN_ALLOW_HTTP_BASE_URL, default false)
 * @param secretRetryDelay how long a Polecat waiting for a missing secret (or for the pod of a
 *     deleted Polecat of the same name to go away) waits before it looks
 *     again (GASTOWN_SECRET_RETRY_SECONDS, default 30)
 * @param secretCacheTtl how long the key names of a secret that was found are trusted before it is
 *     read again; shared secrets are read once for many Polecats (GASTOWN_SECRET_CACHE_SECONDS,
 *     default 30)
 * @param namespaces namespaces to watch; empty for all (GASTOWN_WATCH_NAMESPACES, comma separated)
 * @param healthPort port of the /healthz and /readyz probes (GASTOWN_HEALTH_PORT, default 8081)
 * @param mergeRunTtl how long a finished merge PipelineRun (with its TaskRuns, pods and logs) is kept
 *     after its outcome is recorded, from its completion (GASTOWN_MERGE_RUN_TTL_SECONDS, default 3600)
 */
public record OperatorConfig(
    String agentImage,
    String anthropicBaseUrl,
    boolean allowHttpBaseUrl,
    Duration secretRetryDelay,
    Duration secretCacheTtl,
    Set<String> namespaces,
    int healthPort,
    Duration mergeRunTtl) {

  public static final String DEFAULT_AGENT_IMAGE = "ghcr.io/gastown-operator/agent:0.1.0";

  public static OperatorConfig defaults() {
    return fromEnvironment(Map.of());
  }

  public static OperatorConfig fromEnvironment(Map<String, String> env) {
    return new OperatorConfig(
        env.getOrDefault("GASTOWN_AGENT_IMAGE", DEFAULT_AGENT_IMAGE),
        env.getOrDefault("GASTOWN_ANTHROPIC_BASE_URL", ""),
        Boolean.parseBoolean(env.getOrDefault("GASTOWN_ALLOW_HTTP_BASE_URL", "false")),
        Duration.ofSeconds(Long.parseLong(env.getOrDefault("GASTOWN_SECRET_RETRY_SECONDS", "30"))),
        Duration.ofSeconds(Long.parseLong(env.getOrDefault("GASTOWN_SECRET_CACHE_SECONDS", "30"))),
        namespaces(env.getOrDefault("GASTOWN_WATCH_NAMESPACES", "")),
        Integer.parseInt(env.getOrDefault("GASTOWN_HEALTH_PORT", "8081")),
        Duration.ofSeconds(Long.parseLong(env.getOrDefault("GASTOWN_MERGE_RUN_TTL_SECONDS", "3600"))));
  }

  public OperatorConfig withSecretRetryDelay(Duration delay) {
    return new OperatorConfig(agentImage, anthropicBaseUrl, allowHttpBaseUrl, delay, secretCacheTtl, namespaces, healthPort,
        mergeRunTtl);
  }

  public AgentDefaults agentDefaults() {
    return new AgentDefaults(agentImage, new ModelEndpoint(anthropicBaseUrl, allowHttpBaseUrl));
  }

  private static Set<String> namespaces(String list) {
    return Set.of(list.split(",")).stream()
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }
}
