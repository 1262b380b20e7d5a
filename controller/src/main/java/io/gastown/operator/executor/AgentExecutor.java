package io.gastown.operator.executor;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.gastown.operator.agent.AgentObservation;
import io.gastown.operator.agent.Problem;
import io.gastown.operator.agent.PullRequestRun;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatReason;
import io.gastown.operator.common.Owners;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a Polecat's agent on some kind of workload. The reconciler sees only {@link
 * AgentObservation}s, so executor kinds never leak into status code.
 */
public interface AgentExecutor {

  /**
   * Every object this mode creates for the Polecat, in the order it creates them (some only once
   * an earlier one succeeded): what {@code render} prints.
   */
  List<HasMetadata> objects(Polecat polecat);

  /** The informer that wakes the reconciler when this executor's objects change. */
  EventSource<?, Polecat> eventSource(EventSourceContext<Polecat> context);

  /** What runs for the Polecat now, from the informer cache. */
  AgentObservation observe(Polecat polecat, Context<Polecat> context);

  /**
   * Creates what should run next, if anything: the first objects, or the next step once the
   * previous one succeeded. Create-only, so AlreadyExists counts as created.
   */
  AgentObservation advance(Polecat polecat, Context<Polecat> context, AgentObservation current);

  /** The forge step's run of the Polecat's current attempt, from the informer cache. */
  PullRequestRun observePullRequest(Polecat polecat, Context<Polecat> context);

  /**
   * Creates the forge step's run (gastown-pull-request with {@code params}) after the agent's run
   * ended. Create-only, so AlreadyExists counts as created.
   */
  PullRequestRun startPullRequest(Polecat polecat, Map<String, String> params, Context<Polecat> context);

  /** Stops a running agent (desiredState Terminated). */
  void cancel(Polecat polecat, Context<Polecat> context);

  /** Deletes what ran, after ttlSecondsAfterFinished. Pushed branches are never touched. */
  void delete(Polecat polecat, Context<Polecat> context);

  /**
   * Deletes what is left of a run that failed before anything ran in it (its image could never be
   * pulled), so the kubelet stops pulling: there are no logs to keep. Tekton deletes its own pods.
   */
  default void deleteUnstarted(Polecat polecat, Context<Polecat> context) {}

  /** One INFO line per object an executor creates or deletes: kind, namespace/name and the Polecat. */
  static void log(String verb, HasMetadata object, Polecat polecat) {
    log(verb, object.getKind(), object.getMetadata().getName(), polecat);
  }

  static void log(String verb, String kind, String name, Polecat polecat) {
    Log.LOG.info("{} {} {}/{} of Polecat {}", verb, kind, polecat.getMetadata().getNamespace(), name,
        polecat.getMetadata().getName());
  }

  static boolean ownedBy(HasMetadata object, Polecat polecat) {
    return Owners.owns(polecat, object);
  }

  /**
   * An object with the Polecat's contract name that is not the Polecat's: usually left by a
   * deleted Polecat of the same name that garbage collection has not removed yet.
   */
  static AgentObservation nameTaken(Polecat polecat, HasMetadata existing) {
    String what = existing.getKind() + " " + existing.getMetadata().getName();
    boolean earlierPolecat = existing.getMetadata().getDeletionTimestamp() != null
        || existing.getMetadata().getOwnerReferences().stream()
            .anyMatch(o -> polecat.getKind().equals(o.getKind()) && polecat.getMetadata().getName().equals(o.getName()));
    String message = earlierPolecat
        ? "waiting for " + what + " of an earlier Polecat with this name to be deleted"
        : "a " + what + " exists that does not belong to this Polecat; delete it or rename the Polecat";
    return AgentObservation.blocked(new Problem(PolecatReason.PodNameTaken, message));
  }

  /** The forge step's run of that name, as seen: not started, someone else's, or observed by {@code observe}. */
  static <T extends HasMetadata> PullRequestRun pullRequestRun(Polecat polecat, java.util.Optional<T> run,
      java.util.function.Function<T, PullRequestRun> observe) {
    if (run.isEmpty()) {
      return PullRequestRun.notStarted();
    }
    return ownedBy(run.get(), polecat) ? observe.apply(run.get())
        : PullRequestRun.blocked("a " + run.get().getKind() + " " + run.get().getMetadata().getName()
            + " exists that does not belong to this Polecat; delete it to let the forge step run");
  }

  /** The executors' logger (an interface has no private static fields). */
  final class Log {
    static final Logger LOG = LoggerFactory.getLogger(AgentExecutor.class);

    private Log() {}
  }
}
