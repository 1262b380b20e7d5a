package io.gastown.operator.common;

import io.gastown.operator.tekton.InstalledTasks;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
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
 *     again (GASTOWN_SECRET_RETRY_SECONDS, 5 to 3600, default 30)
 * @param secretCacheTtl how long the key names of a secret that was found are trusted before it is
 *     read again; shared secrets are read once for many Polecats (GASTOWN_SECRET_CACHE_SECONDS,
 *     0 to 3600, default 30)
 * @param namespaces namespaces to watch; empty for all (GASTOWN_WATCH_NAMESPACES, comma separated)
 * @param healthPort port of the /healthz and /readyz probes (GASTOWN_HEALTH_PORT, 1 to 65535,
 *     default 8081)
 * @param imagePullTimeout how long an agent pod may keep failing to pull its image (ErrImagePull,
 *     ImagePullBackOff) before its Polecat fails (GASTOWN_IMAGE_PULL_TIMEOUT_SECONDS, 0 to 86400,
 *     default 300)
 * @param mergeRunTtl how long a finished merge PipelineRun (with its TaskRuns, pods and logs) is kept
 *     after its outcome is recorded, from its completion (GASTOWN_MERGE_RUN_TTL_SECONDS, 0 to
 *     604800, default 3600)
 * @param leaderElection whether replicas elect one leader through a Lease, and how
 *     ({@link LeaderElection#fromEnvironment})
 * @param assignUserIds whether the pods the operator creates leave their user and group IDs to the
 *     platform ({@link UserIds#ASSIGNED}, as OpenShift's restricted-v2 SCC requires) instead of
 *     running as 65532 (GASTOWN_ASSIGN_UIDS, true or false; unset: detected, true exactly when the
 *     cluster serves OpenShift's security.openshift.io/v1 SecurityContextConstraints)
 * @param tektonTasks where the TaskRuns and PipelineRuns find the bundled Tasks and Pipeline:
 *     installed in a namespace, through Tekton's cluster resolver, or embedded in each run
 *     (GASTOWN_TEKTON_TASKS_NAMESPACE, a namespace name; empty or unset: embedded;
 *     config/install.yaml sets gastown-system, where it installs them)
 */
public record OperatorConfig(
    String agentImage,
    String anthropicBaseUrl,
    boolean allowHttpBaseUrl,
    Duration secretRetryDelay,
    Duration secretCacheTtl,
    Set<String> namespaces,
    int healthPort,
    Duration imagePullTimeout,
    Duration mergeRunTtl,
    LeaderElection leaderElection,
    Optional<Boolean> assignUserIds,
    InstalledTasks tektonTasks) {

  public static final String DEFAULT_AGENT_IMAGE = "ghcr.io/gastown-operator/agent:0.1.0";

  public static OperatorConfig defaults() {
    return fromEnvironment(Map.of());
  }

  /**
   * @throws IllegalArgumentException with a one-line message naming the variable and its value
   *     when a setting is not a number in its range (or not true/false)
   */
  public static OperatorConfig fromEnvironment(Map<String, String> env) {
    return new OperatorConfig(
        env.getOrDefault("GASTOWN_AGENT_IMAGE", DEFAULT_AGENT_IMAGE),
        env.getOrDefault("GASTOWN_ANTHROPIC_BASE_URL", ""),
        bool(env, "GASTOWN_ALLOW_HTTP_BASE_URL", false),
        // A floor of 5 s: a Polecat waiting for a secret must not turn into a loop of GETs.
        Duration.ofSeconds(number(env, "GASTOWN_SECRET_RETRY_SECONDS", 30, 5, 3600)),
        Duration.ofSeconds(number(env, "GASTOWN_SECRET_CACHE_SECONDS", 30, 0, 3600)),
        namespaces(env.getOrDefault("GASTOWN_WATCH_NAMESPACES", "")),
        (int) number(env, "GASTOWN_HEALTH_PORT", 8081, 1, 65535),
        Duration.ofSeconds(number(env, "GASTOWN_IMAGE_PULL_TIMEOUT_SECONDS", 300, 0, 86400)),
        Duration.ofSeconds(number(env, "GASTOWN_MERGE_RUN_TTL_SECONDS", 3600, 0, 604800)),
        LeaderElection.fromEnvironment(env),
        env.getOrDefault("GASTOWN_ASSIGN_UIDS", "").isBlank() ? Optional.empty()
            : Optional.of(bool(env, "GASTOWN_ASSIGN_UIDS", false)),
        InstalledTasks.fromEnvironment(env));
  }

  public OperatorConfig withSecretRetryDelay(Duration delay) {
    return new OperatorConfig(agentImage, anthropicBaseUrl, allowHttpBaseUrl, delay, secretCacheTtl, namespaces, healthPort,
        imagePullTimeout, mergeRunTtl, leaderElection, assignUserIds, tektonTasks);
  }

  public OperatorConfig withTektonTasks(InstalledTasks tasks) {
    return new OperatorConfig(agentImage, anthropicBaseUrl, allowHttpBaseUrl, secretRetryDelay, secretCacheTtl, namespaces,
        healthPort, imagePullTimeout, mergeRunTtl, leaderElection, assignUserIds, tasks);
  }

  public AgentDefaults agentDefaults() {
    return new AgentDefaults(agentImage, new ModelEndpoint(anthropicBaseUrl, allowHttpBaseUrl));
  }

  static long number(Map<String, String> env, String name, long fallback, long min, long max) {
    String value = env.getOrDefault(name, "").trim();
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      long number = Long.parseLong(value);
      if (number >= min && number <= max) {
        return number;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max
        + ", not \"" + value + "\"");
  }

  private static boolean bool(Map<String, String> env, String name, boolean fallback) {
    String value = env.getOrDefault(name, "").trim();
    return switch (value.toLowerCase(java.util.Locale.ROOT)) {
      case "" -> fallback;
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(name + " must be true or false, not \"" + value + "\"");
    };
  }

  private static Set<String> namespaces(String list) {
    return Set.of(list.split(",")).stream()
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }
}
