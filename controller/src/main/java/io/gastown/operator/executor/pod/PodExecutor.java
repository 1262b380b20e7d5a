package io.gastown.operator.executor.pod;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.gastown.operator.agent.AgentObservation;
import io.gastown.operator.agent.AgentParams;
import io.gastown.operator.agent.PullRequestRun;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.common.CreateOnly;
import io.gastown.operator.common.Labels;
import io.gastown.operator.common.Names;
import io.gastown.operator.common.PrunedItemStore;
import io.gastown.operator.executor.AgentExecutor;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** executionMode kubernetes: one agent Pod, and after it the forge step's Pod when spec.pullRequest asks for it. */
public class PodExecutor implements AgentExecutor {

  private final PolecatPodBuilder pods;
  private final PullRequestPod pullRequests;
  private final Clock clock;
  private final Duration imagePullTimeout;
  private InformerEventSource<Pod, Polecat> podEvents;

  public PodExecutor(PolecatPodBuilder pods, PullRequestPod pullRequests, Clock clock, Duration imagePullTimeout) {
    this.pods = pods;
    this.pullRequests = pullRequests;
    this.clock = clock;
    this.imagePullTimeout = imagePullTimeout;
  }

  @Override
  public List<HasMetadata> objects(Polecat polecat) {
    return List.of(pods.build(polecat));
  }

  @Override
  public EventSource<?, Polecat> eventSource(EventSourceContext<Polecat> context) {
    var config = InformerEventSourceConfiguration.from(Pod.class, Polecat.class)
        .withName("pods")
        .withLabelSelector(Labels.MANAGED_SELECTOR)
        .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(Polecat.class))
        .withOnUpdateFilter(PodChanges::matter)
        // Pods are observed through metadata and status only; their spec stays on the server.
        .withItemStore(new PrunedItemStore<Pod>(pod -> pod.setSpec(null)))
        .build();
    podEvents = new InformerEventSource<>(config, context);
    return podEvents;
  }

  @Override
  public AgentObservation observe(Polecat polecat, Context<Polecat> context) {
    // The owner-reference mapper matches by name: a pod of a deleted Polecat of the same name maps here too.
    String name = Names.polecatPod(polecat.getMetadata().getName(), AgentParams.attempt(polecat));
    return context.getSecondaryResources(Pod.class).stream().filter(pod -> name.equals(pod.getMetadata().getName())).findFirst()
        .map(pod -> AgentExecutor.ownedBy(pod, polecat)
            ? PodObserver.observe(polecat, pod, clock.instant(), imagePullTimeout)
            : AgentExecutor.nameTaken(polecat, pod))
        .orElseGet(AgentObservation::notStarted);
  }

  @Override
  public AgentObservation advance(Polecat polecat, Context<Polecat> context, AgentObservation current) {
    if (current.state() != AgentObservation.State.NOT_STARTED) {
      return current;
    }
    Pod desired = pods.build(polecat);
    Pod created = CreateOnly.createOrGet(context.getClient(), desired, pod -> AgentExecutor.log("created", pod, polecat));
    if (!AgentExecutor.ownedBy(created, polecat)) {
      return AgentExecutor.nameTaken(polecat, created);
    }
    podEvents.handleRecentResourceCreate(ResourceID.fromResource(created), created);
    return PodObserver.observe(polecat, created, clock.instant(), imagePullTimeout);
  }

  @Override
  public PullRequestRun observePullRequest(Polecat polecat, Context<Polecat> context) {
    return AgentExecutor.pullRequestRun(polecat, named(context, PullRequestPod.name(polecat)), PullRequestPod::observe);
  }

  @Override
  public PullRequestRun startPullRequest(Polecat polecat, Map<String, String> params, Context<Polecat> context) {
    Pod created = CreateOnly.createOrGet(context.getClient(), pullRequests.build(polecat, params),
        pod -> AgentExecutor.log("created", pod, polecat));
    if (AgentExecutor.ownedBy(created, polecat)) {
      podEvents.handleRecentResourceCreate(ResourceID.fromResource(created), created);
    }
    return AgentExecutor.pullRequestRun(polecat, Optional.of(created), PullRequestPod::observe);
  }

  private static Optional<Pod> named(Context<Polecat> context, String name) {
    return context.getSecondaryResources(Pod.class).stream().filter(pod -> name.equals(pod.getMetadata().getName())).findFirst();
  }

  @Override
  public void cancel(Polecat polecat, Context<Polecat> context) {
    delete(polecat, context);
  }

  private static void delete(Pod pod, Polecat polecat, Context<Polecat> context) {
    if (!context.getClient().resource(pod).delete().isEmpty()) {
      AgentExecutor.log("deleted", pod, polecat);
    }
  }

  @Override
  public void deleteUnstarted(Polecat polecat, Context<Polecat> context) {
    String name = Names.polecatPod(polecat.getMetadata().getName(), AgentParams.attempt(polecat));
    context.getSecondaryResources(Pod.class).stream()
        .filter(pod -> name.equals(pod.getMetadata().getName()) && AgentExecutor.ownedBy(pod, polecat))
        .forEach(pod -> delete(pod, polecat, context));
  }

  @Override
  public void delete(Polecat polecat, Context<Polecat> context) {
    context.getSecondaryResources(Pod.class).stream()
        .filter(pod -> AgentExecutor.ownedBy(pod, polecat))
        .forEach(pod -> delete(pod, polecat, context));
  }
}
