package io.gastown.operator.polecat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.gastown.operator.agent.AgentObservation;
import io.gastown.operator.agent.AgentResult;
import io.gastown.operator.agent.AgentRun;
import io.gastown.operator.agent.Problem;
import io.gastown.operator.agent.PullRequestRun;
import io.gastown.operator.api.polecat.ForgeProvider;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatPhase;
import io.gastown.operator.api.polecat.PolecatReason;
import io.gastown.operator.api.polecat.PolecatStatus;
import io.gastown.operator.api.polecat.PullRequestStatus;
import io.gastown.operator.common.Conditions;
import io.gastown.operator.common.Costs;
import io.gastown.operator.common.GitRefs;
import io.gastown.operator.common.Timestamps;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The one place that decides what a Polecat's status says. Pure: current status and what was
 * observed in, new status out. Conditions keep their lastTransitionTime unless their status flips,
 * so an unchanged situation maps to an equal status and costs no write.
 */
public final class PolecatStatusMapper {

  public static final String READY = "Ready";
  public static final String WORKING = "Working";
  public static final String CREDENTIALS_ISOLATED = "CredentialsIsolated";
  /** The forge step after the run (spec.pullRequest): Unknown until it has posted, then True or False. */
  public static final String PULL_REQUEST = "PullRequest";

  private PolecatStatusMapper() {}

  public static PolecatStatus idle(Polecat polecat, Instant now) {
    PolecatStatus status = base(polecat);
    status.setPhase(PolecatPhase.Idle);
    status.setConditions(Conditions.set(status.getConditions(), WORKING, false,
        PolecatReason.Idle.name(), "desiredState is Idle", now));
    return status;
  }

  /** A spec that can never run as written: terminal until the user changes it. */
  public static PolecatStatus invalid(Polecat polecat, Problem problem, Instant now) {
    PolecatStatus status = base(polecat);
    status.setPhase(PolecatPhase.Failed);
    status.setConditions(Conditions.set(status.getConditions(), READY, false,
        problem.reason().name(), problem.message(), now));
    return status;
  }

  /** Something the Polecat needs is missing but may appear (a secret): it waits. */
  public static PolecatStatus waiting(Polecat polecat, Problem problem, Instant now) {
    PolecatStatus status = base(polecat);
    status.setPhase(PolecatPhase.Pending);
    status.setConditions(Conditions.set(status.getConditions(), READY, false,
        problem.reason().name(), problem.message(), now));
    return status;
  }

  /** A started run, as its executor observed it. */
  public static PolecatStatus observed(Polecat polecat, AgentObservation seen, Instant now) {
    PolecatStatus status = base(polecat);
    AgentRun run = seen.run();
    status.setPodName(run.podName());
    status.setTaskRuns(run.taskRuns());
    if (run.podName() != null) {
      status.setConditions(Conditions.set(status.getConditions(), READY, true,
          PolecatReason.PodCreated.name(), "Pod created successfully", now));
    } else {
      status.setConditions(Conditions.set(status.getConditions(), READY, true,
          PolecatReason.TaskRunsCreated.name(), "TaskRuns created successfully", now));
    }
    if (seen.startTime() != null) {
      status.setStartTime(Timestamps.format(seen.startTime()));
    }
    switch (seen.state()) {
      case PENDING -> {
        status.setPhase(PolecatPhase.Pending);
        if (seen.failure() != null) {
          working(status, false, seen.failure().reason(), seen.failure().message(), now);
        } else {
          working(status, false, PolecatReason.Pending, "Waiting for " + run.describe() + " to start", now);
        }
      }
      case RUNNING -> {
        status.setPhase(PolecatPhase.Working);
        working(status, true, PolecatReason.Running, "Agent running in " + run.describe(), now);
      }
      case SUCCEEDED -> {
        status.setPhase(PolecatPhase.Done);
        copyResult(status, seen.result());
        finished(status, seen, now);
        if (AgentResult.NO_CHANGES.equals(seen.result().outcome())) {
          working(status, false, PolecatReason.NoChanges, "Work completed without changes; nothing was pushed", now);
        } else {
          working(status, false, PolecatReason.Completed, "Work completed", now);
        }
      }
      case NOT_STARTED, BLOCKED -> throw new IllegalArgumentException("no run to report: " + seen.state());
      case FAILED -> {
        status.setPhase(seen.failure().reason() == PolecatReason.AgentHung ? PolecatPhase.Stuck : PolecatPhase.Failed);
        if (seen.failure().reason() == PolecatReason.PodLost) {
          // What was created is gone.
          status.setConditions(Conditions.set(status.getConditions(), READY, false,
              PolecatReason.PodLost.name(), seen.failure().message(), now));
        }
        copyResult(status, seen.result());
        finished(status, seen, now);
        working(status, false, seen.failure().reason(), seen.failure().message(), now);
      }
    }
    return status;
  }

  /**
   * Whether the agent's container holds no credential: true when every credential goes through the
   * credential proxy, false when the agent is given a .credentials.json (with its refresh token).
   */
  public static PolecatStatus credentials(PolecatStatus status, boolean agentReadsCredentials, Instant now) {
    status.setConditions(agentReadsCredentials
        ? Conditions.set(status.getConditions(), CREDENTIALS_ISOLATED, false, PolecatReason.AgentReadsCredentials.name(),
            "the agent can read the copied .credentials.json, refresh token included (a prompt injection could leak it):"
                + " use a token from claude setup-token (key oauth-token) or an API key instead", now)
        : Conditions.set(status.getConditions(), CREDENTIALS_ISOLATED, true, PolecatReason.CredentialsProxied.name(),
            "the agent's container holds no credential: model requests go through the credential proxy", now));
    return status;
  }

  /** The start of attempt {@code attempt}: Pending, with nothing of the previous run but its branch and cost. */
  public static PolecatStatus nextAttempt(Polecat polecat, int attempt, String why, Instant now) {
    PolecatStatus status = base(polecat);
    status.setAttempt(attempt);
    status.setEarlierAttemptsCostUSD(status.getCostUSD());
    status.setCredentialsVersion(null);
    status.setPhase(PolecatPhase.Pending);
    status.setPodName(null);
    status.setTaskRuns(null);
    status.setOutcome(null);
    status.setCommit(null);
    status.setPushed(null);
    status.setNumTurns(null);
    status.setSessionID(null);
    status.setSummary(null);
    status.setStartTime(null);
    status.setCompletionTime(null);
    status.setPullRequest(null);
    status.setConditions(Conditions.remove(status.getConditions(), PULL_REQUEST));
    working(status, false, PolecatReason.Retrying, "attempt " + attempt + " starts: " + why, now);
    return status;
  }

  /** Stopped by desiredState Terminated; {@code seen} says how far its TaskRuns got (Cancelled once Tekton stopped them). */
  /** An AuthFailed Polecat that waits for its credentials secret to change: the version it waits to change. */
  public static PolecatStatus awaitingNewCredentials(Polecat polecat, String secretVersion) {
    PolecatStatus status = base(polecat);
    status.setCredentialsVersion(secretVersion);
    return status;
  }

  public static PolecatStatus terminated(Polecat polecat, AgentObservation seen, Instant now) {
    PolecatStatus status = base(polecat);
    if (seen.run() != null && seen.run().taskRuns() != null) {
      status.setTaskRuns(seen.run().taskRuns());
    }
    status.setPhase(PolecatPhase.Terminated);
    if (status.getCompletionTime() == null) {
      status.setCompletionTime(Timestamps.format(now));
    }
    working(status, false, PolecatReason.Terminated, "Stopped because desiredState is Terminated", now);
    return status;
  }

  /**
   * A run of a Polecat whose pull requests are enabled: condition PullRequest is Unknown from its
   * start, so that the forge step runs for runs that began with pull requests on, never for a
   * Polecat that finished before a Rig enabled them.
   */
  public static PolecatStatus awaitingPullRequest(PolecatStatus status, Instant now) {
    if (Conditions.find(status.getConditions(), PULL_REQUEST).isEmpty()) {
      status.setConditions(Conditions.setUnknown(status.getConditions(), PULL_REQUEST, PolecatReason.Pending.name(),
          "the forge step runs when the agent's run has ended", now));
    }
    return status;
  }

  /** The forge step is still to run or to finish: condition PullRequest is Unknown and no outcome is recorded. */
  public static boolean pullRequestPending(PolecatStatus status) {
    boolean recorded = status.getPullRequest() != null && status.getPullRequest().getOutcome() != null;
    return !recorded && Conditions.find(status.getConditions(), PULL_REQUEST).map(c -> "Unknown".equals(c.getStatus())).orElse(false);
  }

  /** The forge step waits (for its token secret, its run, a name) or runs: PullRequest stays Unknown. */
  public static PolecatStatus pullRequestWaiting(Polecat polecat, PolecatReason reason, String message, Instant now) {
    PolecatStatus status = base(polecat);
    status.setConditions(Conditions.setUnknown(status.getConditions(), PULL_REQUEST, reason.name(), message, now));
    return status;
  }

  /** Nothing to post for this run (it failed with no issue to comment on, or was stopped): no PullRequest condition. */
  public static PolecatStatus withoutPullRequest(Polecat polecat) {
    PolecatStatus status = base(polecat);
    status.setConditions(Conditions.remove(status.getConditions(), PULL_REQUEST));
    return status;
  }

  /** The forge step ended: its results in status.pullRequest, and PullRequest True (opened, updated, commented) or False. */
  public static PolecatStatus pullRequestEnded(Polecat polecat, PullRequestRun run, Instant now) {
    PolecatStatus status = base(polecat);
    Map<String, String> results = run.results();
    PullRequestStatus pr = new PullRequestStatus();
    pr.setUrl(blankToNull(results.get("url")));
    pr.setNumber(number(results.get("number")));
    pr.setCommentURL(blankToNull(results.get("comment-url")));
    String outcome = run.state() == PullRequestRun.State.SUCCEEDED ? String.valueOf(results.get("outcome")).strip() : FAILED;
    PolecatReason reason = switch (outcome) {
      case "opened" -> PolecatReason.Opened;
      case "updated" -> PolecatReason.Updated;
      case "commented" -> PolecatReason.Commented;
      default -> PolecatReason.PullRequestFailed;
    };
    String message;
    if (reason == PolecatReason.PullRequestFailed) {
      message = run.failure() != null ? run.failure() : "the forge step reported outcome " + GitRefs.quoted(outcome);
      outcome = FAILED;
      pr.setMessage(message);
    } else if (reason == PolecatReason.Commented) {
      message = "commented on issue " + polecat.getSpec().getPullRequest().getIssue()
          + (pr.getCommentURL() == null ? "" : ": " + pr.getCommentURL());
    } else {
      boolean gitlab = polecat.getSpec().getPullRequest().getProvider() == ForgeProvider.GITLAB;
      message = outcome + (gitlab ? " merge request " : " pull request ") + (pr.getUrl() == null ? "" : pr.getUrl());
    }
    pr.setOutcome(outcome);
    status.setPullRequest(pr);
    status.setConditions(Conditions.set(status.getConditions(), PULL_REQUEST, reason != PolecatReason.PullRequestFailed,
        reason.name(), message.strip(), now));
    return status;
  }

  private static final String FAILED = "failed";

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static Integer number(String value) {
    try {
      return value == null || value.isBlank() ? null : Integer.valueOf(value.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /**
   * The condition that explains the phase: Ready while the Polecat cannot start, Working after.
   * An event is recorded whenever the phase or this condition's reason changes.
   */
  public static Optional<Condition> headline(PolecatStatus status) {
    if (status == null || status.getPhase() == null) {
      return Optional.empty();
    }
    Optional<Condition> ready = Conditions.find(status.getConditions(), READY);
    if (ready.isPresent() && "False".equals(ready.get().getStatus())) {
      return ready;
    }
    return Conditions.find(status.getConditions(), WORKING);
  }

  private static PolecatStatus base(Polecat polecat) {
    PolecatStatus current = polecat.getStatus();
    PolecatStatus status = current == null ? new PolecatStatus() : Serialization.clone(current);
    status.setObservedGeneration(polecat.getMetadata().getGeneration());
    status.setAssignedBead(polecat.getSpec().getBeadID());
    return status;
  }

  private static void working(PolecatStatus status, boolean running, PolecatReason reason, String message, Instant now) {
    status.setConditions(Conditions.set(status.getConditions(), WORKING, running, reason.name(), message, now));
  }

  private static void finished(PolecatStatus status, AgentObservation seen, Instant now) {
    status.setCompletionTime(Timestamps.format(seen.completionTime() != null ? seen.completionTime() : now));
  }

  private static void copyResult(PolecatStatus status, AgentResult result) {
    if (result == null) {
      return;
    }
    status.setBranch(result.branch());
    status.setCommit(result.commit());
    status.setPushed(result.pushed());
    status.setOutcome(result.outcome());
    status.setSummary(result.summary());
    status.setCostUSD(Costs.sum(status.getEarlierAttemptsCostUSD(), result.costUSD()));
    status.setNumTurns(result.numTurns());
    status.setSessionID(result.sessionID());
  }
}
