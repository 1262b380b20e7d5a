package io.gastown.operator.agent;

import io.fabric8.kubernetes.api.model.Condition;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatPhase;
import io.gastown.operator.api.polecat.PolecatReason;
import io.gastown.operator.api.polecat.PolecatStatus;
import io.gastown.operator.api.witness.Witness;
import io.gastown.operator.common.Conditions;
import io.gastown.operator.common.Durations;
import io.gastown.operator.common.Names;
import io.gastown.operator.common.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * When a failed or stuck Polecat runs again: its rig's Witness allows {@code maxRetries} more
 * attempts, the first {@code backoff} after the failure, each further one twice as long after.
 * Failures another run cannot fix are never retried.
 */
public final class RetryPolicy {

  static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(30);

  /** A bad spec, bad credentials, a missing bead or a refused push: the same again next time. */
  private static final Set<String> FINAL = Set.of(PolecatReason.InvalidSpec.name(), PolecatReason.AuthFailed.name(),
      PolecatReason.BeadNotFound.name(), PolecatReason.PushRefused.name(), PolecatReason.ExecutorMissing.name(),
      PolecatReason.PodLost.name(), PolecatReason.Terminated.name());

  private RetryPolicy() {}

  /**
   * Whether the Polecat failed AuthFailed and its Witness has an attempt left for it: bad
   * credentials fail the same way again, so that attempt starts once the credentials secret changed.
   */
  public static boolean retriesOnNewCredentials(Polecat polecat, Witness witness) {
    PolecatStatus status = polecat.getStatus();
    if (witness == null || status == null || status.getPhase() != PolecatPhase.Failed
        || !PolecatReason.AuthFailed.name().equals(Conditions.find(status.getConditions(), "Working").map(Condition::getReason).orElse(""))) {
      return false;
    }
    int attempt = AgentParams.attempt(polecat);
    int maxRetries = witness.getSpec().getMaxRetries() == null ? 0 : witness.getSpec().getMaxRetries();
    return attempt <= maxRetries && attempt < Names.MAX_ATTEMPTS;
  }

  /** How long until the next attempt should start (zero: now); empty when there is none. */
  public static Optional<Duration> untilRetry(Polecat polecat, Witness witness, Instant now) {
    PolecatStatus status = polecat.getStatus();
    if (witness == null || status == null || status.getPhase() == null
        || (status.getPhase() != PolecatPhase.Failed && status.getPhase() != PolecatPhase.Stuck)) {
      return Optional.empty();
    }
    // The reason that explains the end: on Ready when the run never started, else on Working.
    String reason = Conditions.find(status.getConditions(), "Ready").filter(c -> "False".equals(c.getStatus()))
        .or(() -> Conditions.find(status.getConditions(), "Working")).map(Condition::getReason).orElse("");
    int attempt = AgentParams.attempt(polecat);
    int maxRetries = witness.getSpec().getMaxRetries() == null ? 0 : witness.getSpec().getMaxRetries();
    if (FINAL.contains(reason) || attempt > maxRetries || attempt >= Names.MAX_ATTEMPTS) {
      return Optional.empty();
    }
    Duration backoff = Durations.seconds(witness.getSpec().getBackoff()).map(Duration::ofSeconds).orElse(DEFAULT_BACKOFF);
    Duration wait = backoff.multipliedBy(1L << Math.min(attempt - 1, 20));
    Instant failed = Optional.ofNullable(Timestamps.parse(status.getCompletionTime())).orElse(now);
    Duration left = Duration.between(now, failed.plus(wait));
    return Optional.of(left.isNegative() ? Duration.ZERO : left);
  }
}
