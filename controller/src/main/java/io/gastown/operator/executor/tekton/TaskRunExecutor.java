package io.gastown.operator.executor.tekton;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.tekton.v1.TaskRun;
import io.gastown.operator.agent.AgentObservation;
import io.gastown.operator.agent.AgentParams;
import io.gastown.operator.agent.PullRequestRun;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.common.CreateOnly;
import io.gastown.operator.common.Labels;
import io.gastown.operator.common.Names;
import io.gastown.operator.common.PrunedItemStore;
import io.gastown.operator.executor.AgentExecutor;
import io.gastown.operator.tekton.RunStatus;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * executionMode tekton: PVC {@code polecat-<name>-workspace}, TaskRun {@code polecat-<name>-git-clone},
 * and once it succeeded TaskRun {@code polecat-<name>-claude}; after it, when spec.pullRequest asks
 * for it, TaskRun {@code polecat-<name>-pull-request}. Runs are created once and never
 * re-applied (Tekton's webhook forbids spec changes); cancelling patches {@code spec.status} alone.
 */
public class TaskRunExecutor implements AgentExecutor {

  private static final String CANCEL = "{\"spec\":{\"status\":\"TaskRunCancelled\"}}";

  private final PolecatTaskRunBuilder taskRuns;
  private InformerEventSource<TaskRun, Polecat> taskRunEvents;

  public TaskRunExecutor(PolecatTaskRunBuilder taskRuns) {
    this.taskRuns = taskRuns;
  }

  @Override
  public List<HasMetadata> objects(Polecat polecat) {
    return List.of(taskRuns.workspace(polecat), taskRuns.gitClone(polecat), taskRuns.claude(polecat));
  }

  @Override
  public EventSource<?, Polecat> eventSource(EventSourceContext<Polecat> context) {
    var config = InformerEventSourceConfiguration.from(TaskRun.class, Polecat.class)
        .withName("taskruns")
        .withLabelSelector(Labels.MANAGED_SELECTOR)
        .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(Polecat.class))
        .withOnUpdateFilter((next, previous) -> !Objects.equals(signature(next), signature(previous)))
        // The embedded Task (in spec and copied into status) holds the step scripts: not kept.
        .withItemStore(new PrunedItemStore<TaskRun>(run -> {
          run.setSpec(null);
          if (run.getStatus() != null) {
            run.getStatus().setTaskSpec(null);
            run.getStatus().setProvenance(null);
          }
        }))
        .build();
    taskRunEvents = new InformerEventSource<>(config, context);
    return taskRunEvents;
  }

  @Override
  public AgentObservation observe(Polecat polecat, Context<Polecat> context) {
    Set<TaskRun> runs = context.getSecondaryResources(TaskRun.class);
    Optional<TaskRun> clone = named(runs, Names.gitCloneTaskRun(polecat.getMetadata().getName(), AgentParams.attempt(polecat)));
    Optional<TaskRun> claude = named(runs, Names.claudeTaskRun(polecat.getMetadata().getName(), AgentParams.attempt(polecat)));
    Optional<TaskRun> foreign = Optional.ofNullable(clone.orElse(claude.orElse(null)))
        .filter(run -> !AgentExecutor.ownedBy(run, polecat));
    if (foreign.isPresent()) {
      return AgentExecutor.nameTaken(polecat, foreign.get());
    }
    return clone
        .map(c -> TaskRunObserver.observe(polecat, c, claude.orElse(null)))
        .orElseGet(AgentObservation::notStarted);
  }

  @Override
  public AgentObservation advance(Polecat polecat, Context<Polecat> context, AgentObservation current) {
    if (current.state() == AgentObservation.State.NOT_STARTED) {
      HasMetadata workspace = create(taskRuns.workspace(polecat), polecat, context);
      if (!AgentExecutor.ownedBy(workspace, polecat)) {
        return AgentExecutor.nameTaken(polecat, workspace);
      }
      TaskRun clone = create(taskRuns.gitClone(polecat), polecat, context);
      return AgentExecutor.ownedBy(clone, polecat) ? TaskRunObserver.observe(polecat, clone, null)
          : AgentExecutor.nameTaken(polecat, clone);
    }
    Set<TaskRun> runs = context.getSecondaryResources(TaskRun.class);
    Optional<TaskRun> clone = named(runs, Names.gitCloneTaskRun(polecat.getMetadata().getName(), AgentParams.attempt(polecat)));
    boolean claudeMissing = named(runs, Names.claudeTaskRun(polecat.getMetadata().getName(), AgentParams.attempt(polecat))).isEmpty();
    if (clone.isPresent() && TaskRunObserver.isSucceeded(clone.get()) && claudeMissing) {
      TaskRun claude = create(taskRuns.claude(polecat), polecat, context);
      return AgentExecutor.ownedBy(claude, polecat) ? TaskRunObserver.observe(polecat, clone.get(), claude)
          : AgentExecutor.nameTaken(polecat, claude);
    }
    return current;
  }

  @Override
  public PullRequestRun observePullRequest(Polecat polecat, Context<Polecat> context) {
    String name = Names.pullRequestRun(polecat.getMetadata().getName(), AgentParams.attempt(polecat));
    return AgentExecutor.pullRequestRun(polecat, named(context.getSecondaryResources(TaskRun.class), name),
        TaskRunObserver::pullRequest);
  }

  @Override
  public PullRequestRun startPullRequest(Polecat polecat, Map<String, String> params, Context<Polecat> context) {
    TaskRun run = create(taskRuns.pullRequest(polecat, params), polecat, context);
    return AgentExecutor.pullRequestRun(polecat, Optional.of(run), TaskRunObserver::pullRequest);
  }

  @Override
  public void cancel(Polecat polecat, Context<Polecat> context) {
    context.getSecondaryResources(TaskRun.class).stream()
        .filter(run -> AgentExecutor.ownedBy(run, polecat) && !TaskRunObserver.isFinished(run))
        .forEach(run -> {
          context.getClient().resources(TaskRun.class)
              .inNamespace(run.getMetadata().getNamespace()).withName(run.getMetadata().getName())
              .patch(PatchContext.of(PatchType.JSON_MERGE), CANCEL);
          AgentExecutor.log("cancelled", run, polecat);
        });
  }

  @Override
  public void delete(Polecat polecat, Context<Polecat> context) {
    String namespace = polecat.getMetadata().getNamespace();
    String name = polecat.getMetadata().getName();
    context.getSecondaryResources(TaskRun.class).stream()
        .filter(run -> AgentExecutor.ownedBy(run, polecat))
        .forEach(run -> {
          if (!context.getClient().resource(run).delete().isEmpty()) {
            AgentExecutor.log("deleted", run, polecat);
          }
        });
    for (int attempt = 1; attempt <= AgentParams.attempt(polecat); attempt++) {
      String claim = Names.workspaceClaim(name, attempt);
      if (!context.getClient().persistentVolumeClaims().inNamespace(namespace).withName(claim).delete().isEmpty()) {
        AgentExecutor.log("deleted", "PersistentVolumeClaim", claim, polecat);
      }
    }
  }

  /** Creates the object, or returns the one of that name that exists already (maybe not the Polecat's). */
  private <T extends HasMetadata> T create(T desired, Polecat polecat, Context<Polecat> context) {
    T created = CreateOnly.createOrGet(context.getClient(), desired, object -> AgentExecutor.log("created", object, polecat));
    if (created instanceof TaskRun run) {
      taskRunEvents.handleRecentResourceCreate(ResourceID.fromResource(run), run);
    }
    return created;
  }

  private static Optional<TaskRun> named(Set<TaskRun> runs, String name) {
    return runs.stream().filter(run -> name.equals(run.getMetadata().getName())).findFirst();
  }

  /** Succeeded condition, start time and deletion: what the reconciler reacts to. */
  private static String signature(TaskRun run) {
    var status = run.getStatus();
    return RunStatus.signature(RunStatus.succeeded(run)) + "|" + (status == null ? null : status.getStartTime()) + "|" + run.getMetadata().getDeletionTimestamp();
  }
}
