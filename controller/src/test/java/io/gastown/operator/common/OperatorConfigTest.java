package io.gastown.operator.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OperatorConfigTest {

  @Test
  void unsetAndEmptySettingsTakeTheirDefaults() {
    OperatorConfig config = OperatorConfig.fromEnvironment(Map.of("GASTOWN_SECRET_RETRY_SECONDS", "", "GASTOWN_ALLOW_HTTP_BASE_URL", ""));

    assertEquals(Duration.ofSeconds(30), config.secretRetryDelay());
    assertEquals(Duration.ofSeconds(30), config.secretCacheTtl());
    assertEquals(8081, config.healthPort());
    assertEquals(false, config.allowHttpBaseUrl());
    assertTrue(config.namespaces().isEmpty());
  }

  @Test
  void settingsInRangeAreTaken() {
    OperatorConfig config = OperatorConfig.fromEnvironment(Map.of("GASTOWN_SECRET_RETRY_SECONDS", "5",
        "GASTOWN_SECRET_CACHE_SECONDS", "0", "GASTOWN_HEALTH_PORT", "9090", "GASTOWN_ALLOW_HTTP_BASE_URL", "True"));

    assertEquals(Duration.ofSeconds(5), config.secretRetryDelay());
    assertEquals(Duration.ZERO, config.secretCacheTtl());
    assertEquals(9090, config.healthPort());
    assertEquals(true, config.allowHttpBaseUrl());
  }

  /** A retry delay of 0 would be a loop of GETs for every Polecat that waits for a secret. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "GASTOWN_SECRET_RETRY_SECONDS|0|GASTOWN_SECRET_RETRY_SECONDS must be a whole number from 5 to 3600, not \"0\"",
      "GASTOWN_SECRET_RETRY_SECONDS|30s|GASTOWN_SECRET_RETRY_SECONDS must be a whole number from 5 to 3600, not \"30s\"",
      "GASTOWN_SECRET_CACHE_SECONDS|-1|GASTOWN_SECRET_CACHE_SECONDS must be a whole number from 0 to 3600, not \"-1\"",
      "GASTOWN_HEALTH_PORT|http|GASTOWN_HEALTH_PORT must be a whole number from 1 to 65535, not \"http\"",
      "GASTOWN_HEALTH_PORT|70000|GASTOWN_HEALTH_PORT must be a whole number from 1 to 65535, not \"70000\"",
      "GASTOWN_ALLOW_HTTP_BASE_URL|yes|GASTOWN_ALLOW_HTTP_BASE_URL must be true or false, not \"yes\"",
      "GASTOWN_LEADER_ELECTION_LEASE_SECONDS|1|GASTOWN_LEADER_ELECTION_LEASE_SECONDS must be a whole number from 3 to 300, not \"1\"",
      "GASTOWN_LEADER_ELECTION_NAMESPACE|Gastown_System|GASTOWN_LEADER_ELECTION_NAMESPACE must be a namespace name"
          + " (lowercase letters, digits and '-', at most 63), not \"Gastown_System\"",
      "GASTOWN_ASSIGN_UIDS|openshift|GASTOWN_ASSIGN_UIDS must be true or false, not \"openshift\"",
      "GASTOWN_TEKTON_TASKS_NAMESPACE|gastown-system/tasks|GASTOWN_TEKTON_TASKS_NAMESPACE must be a namespace name"
          + " (lowercase letters, digits and '-', at most 63) or empty, not \"gastown-system/tasks\""})
  void aBadSettingIsNamedWithItsValueAndRange(String name, String value, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OperatorConfig.fromEnvironment(Map.of(name, value)));

    assertEquals(message, e.getMessage());
  }

  /** Unset (running outside the install bundle, which sets gastown-system), every run embeds the bundled Tasks. */
  @Test
  void runsEmbedTheBundledTasksUnlessTheirNamespaceIsSet() {
    assertEquals(false, OperatorConfig.defaults().tektonTasks().referenced());
    assertEquals(false, OperatorConfig.fromEnvironment(Map.of("GASTOWN_TEKTON_TASKS_NAMESPACE", " ")).tektonTasks().referenced());
    assertEquals("gastown-system",
        OperatorConfig.fromEnvironment(Map.of("GASTOWN_TEKTON_TASKS_NAMESPACE", "gastown-system")).tektonTasks().namespace());
  }

  @Test
  void leaderElectionIsOffUnlessItsNamespaceIsSet() {
    assertEquals(false, OperatorConfig.fromEnvironment(Map.of("POD_NAME", "operator-0")).leaderElection().enabled());
  }

  @Test
  void leaderElectionNamesThisReplicaByItsPodAndDerivesItsTimesFromTheLease() {
    LeaderElection election = OperatorConfig.fromEnvironment(Map.of("GASTOWN_LEADER_ELECTION_NAMESPACE", "gastown-system",
        "POD_NAME", "operator-0", "HOSTNAME", "node-host")).leaderElection();

    assertTrue(election.enabled());
    assertEquals("gastown-system", election.namespace());
    assertEquals("operator-0", election.identity());
    assertEquals(Duration.ofSeconds(15), election.leaseDuration());
    assertEquals(Duration.ofSeconds(10), election.renewDeadline());
    assertEquals(Duration.ofSeconds(2), election.retryPeriod());
    assertEquals("node-host", OperatorConfig.fromEnvironment(Map.of("HOSTNAME", "node-host")).leaderElection().identity());
    assertEquals(Duration.ofSeconds(6), OperatorConfig.fromEnvironment(Map.of("GASTOWN_LEADER_ELECTION_LEASE_SECONDS", "9"))
        .leaderElection().renewDeadline());
  }

  @Test
  void assignUidsIsDetectedUnlessSet() {
    assertEquals(Optional.empty(), OperatorConfig.fromEnvironment(Map.of()).assignUserIds());
    assertEquals(Optional.empty(), OperatorConfig.fromEnvironment(Map.of("GASTOWN_ASSIGN_UIDS", "")).assignUserIds());
    assertEquals(Optional.of(true), OperatorConfig.fromEnvironment(Map.of("GASTOWN_ASSIGN_UIDS", "true")).assignUserIds());
    assertEquals(Optional.of(false), OperatorConfig.fromEnvironment(Map.of("GASTOWN_ASSIGN_UIDS", "false")).assignUserIds());
  }
}
