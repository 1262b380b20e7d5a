package io.gastown.operator.beadstore;

import io.fabric8.kubernetes.api.model.Pod;
import io.gastown.operator.agent.PolecatDefaults;
import io.gastown.operator.api.beadstore.BeadStore;
import io.gastown.operator.api.beadstore.BeadStorePhase;
import io.gastown.operator.api.beadstore.BeadStoreReason;
import io.gastown.operator.api.beadstore.BeadStoreStatus;
import io.gastown.operator.api.polecat.KubernetesSpec;
import io.gastown.operator.api.rig.Rig;
import io.gastown.operator.common.AgentDefaults;
import io.gastown.operator.common.ApiErrors;
import io.gastown.operator.common.CreateOnly;
import io.gastown.operator.common.Durations;
import io.gastown.operator.common.EventRecorder;
import io.gastown.operator.common.Labels;
import io.gastown.operator.common.Names;
import io.gastown.operator.common.Owners;
import io.gastown.operator.common.PrunedItemStore;
import io.gastown.operator.common.SecretKeys;
import io.gastown.operator.common.StatusPatch;
import io.gastown.operator.common.Timestamps;
import io.gastown.operator.common.UserIds;
import io.gastown.operator.steps.StepScripts;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps a BeadStore's counts current: every {@code syncInterval} (and at once after a spec change)
 * one sync Pod clones the rig's repository and counts its beads; the operator itself never clones.
 * A finished Pod is read and deleted; a failed one is kept for its logs until the next sync
 * replaces it. Woken by its Pod and its Rig; between syncs it only waits for the interval.
 */
public class BeadStoreReconciler implements Reconciler<BeadStore> {

  static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);
  static final Duration MIN_INTERVAL = Duration.ofSeconds(30);
  /** Which spec generation a sync Pod reads: a spec changed during a sync is synced again. */
  static final String GENERATION = "gastown.gastown.io/generation";
  private static final int MAX_NAME = 63;

  private final BeadSyncPodBuilder pods;
  private final AgentDefaults defaults;
  private final SecretKeys secrets;
  private final EventRecorder events;
  private final Clock clock;
  private final Duration secretRetryDelay;

  public BeadStoreReconciler(StepScripts steps, AgentDefaults defaults, SecretKeys secrets, EventRecorder events, Clock clock,
      Duration secretRetryDelay, UserIds ids) {
    this.pods = new BeadSyncPodBuilder(steps, ids);
    this.defaults = defaults;
    this.secrets = secrets;
    this.events = events;
    this.clock = clock;
    this.secretRetryDelay = secretRetryDelay;
  }

  @Override
  public List<EventSource<?, BeadStore>> prepareEventSources(EventSourceContext<BeadStore> context) {
    var primaries = context.getPrimaryCache();
    var syncPods = InformerEventSourceConfiguration.from(Pod.class, BeadStore.class)
        .withName("bead-sync-pods")
        .withLabelSelector(Labels.BEADSTORE)
        .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(BeadStore.class))
        .withItemStore(new PrunedItemStore<Pod>(pod -> pod.setSpec(null)))
        .build();
    var rigs = InformerEventSourceConfiguration.from(Rig.class, BeadStore.class)
        .withName("beadstore-rigs")
        .withWatchAllNamespaces()
        .withPrimaryToSecondaryMapper((BeadStore s) -> Set.of(new ResourceID(s.getSpec().getRigRef())))
        .withSecondaryToPrimaryMapper(rig -> primaries.list(s -> rig.getMetadata().getName().equals(s.getSpec().getRigRef()))
            .map(ResourceID::fromResource).collect(Collectors.toSet()))
        .build();
    return List.of(new InformerEventSource<>(syncPods, context), new InformerEventSource<>(rigs, context));
  }

  /** A failed reconcile is on the resource until one goes through; JOSDK retries it with {@link ApiErrors#retry}. */
  @Override
  public ErrorStatusUpdateControl<BeadStore> updateErrorStatus(BeadStore store, Context<BeadStore> context, Exception e) {
    return ApiErrors.report(store, e, BeadStoreStatus::new, events, clock.instant());
  }

  @Override
  public UpdateControl<BeadStore> reconcile(BeadStore store, Context<BeadStore> context) {
    Instant now = clock.instant();
    String invalid = problem(store);
    if (invalid != null) {
      write(context, store, BeadStoreStatusMapper.notSyncing(store, BeadStorePhase.Error, BeadStoreReason.InvalidSpec, invalid, now));
      return UpdateControl.noUpdate();
    }
    Optional<Rig> rig = context.getSecondaryResource(Rig.class);
    if (rig.isEmpty()) {
      write(context, store, BeadStoreStatusMapper.notSyncing(store, BeadStorePhase.Pending, BeadStoreReason.RigNotFound,
          "no Rig " + store.getSpec().getRigRef() + " exists: its repository holds the beads", now));
      return UpdateControl.noUpdate();
    }
    KubernetesSpec repository = PolecatDefaults.rigRepository(rig.get(), defaults);
    Duration interval = interval(store);
    String podName = Names.beadSyncPod(store.getMetadata().getName());
    Optional<Pod> pod = context.getSecondaryResources(Pod.class).stream()
        .filter(p -> podName.equals(p.getMetadata().getName()) && Owners.owns(store, p)).findFirst();
    if (pod.isPresent()) {
      return observe(context, store, pod.get(), repository, interval, now);
    }
    Instant due = due(store, interval);
    if (now.isBefore(due)) {
      return UpdateControl.<BeadStore>noUpdate().rescheduleAfter(Duration.between(now, due));
    }
    String secret = BeadSyncPodBuilder.gitSecret(store, repository);
    if (secret != null) {
      Optional<String> missing = missingKey(store, secret);
      if (missing.isPresent()) {
        write(context, store, BeadStoreStatusMapper.failed(store, null,
            SyncRun.failed(BeadStoreReason.SecretNotFound, missing.get(), now), now));
        return UpdateControl.<BeadStore>noUpdate().rescheduleAfter(secretRetryDelay);
      }
    }
    Pod desired = pods.build(store, repository);
    desired.getMetadata().setAnnotations(Map.of(GENERATION, String.valueOf(store.getMetadata().getGeneration())));
    Pod created = CreateOnly.createOrGet(context.getClient(), desired);
    if (!Owners.owns(store, created)) {
      SyncRun taken = created.getMetadata().getDeletionTimestamp() != null
          ? SyncRun.running("waiting for Pod " + podName + " of an earlier BeadStore with this name to be deleted")
          : SyncRun.failed(BeadStoreReason.SyncFailed, "a Pod " + podName + " exists that does not belong to this BeadStore; delete it", now);
      write(context, store, taken.state() == SyncRun.State.RUNNING ? BeadStoreStatusMapper.syncing(store, null, taken, now)
          : BeadStoreStatusMapper.failed(store, null, taken, now));
      return UpdateControl.noUpdate();
    }
    write(context, store, BeadStoreStatusMapper.syncing(store, podName, BeadSyncObserver.observe(created, repository), now));
    return UpdateControl.noUpdate();
  }

  private UpdateControl<BeadStore> observe(Context<BeadStore> context, BeadStore store, Pod pod, KubernetesSpec repository,
      Duration interval, Instant now) {
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      return UpdateControl.noUpdate();  // its deletion wakes this BeadStore again
    }
    String name = pod.getMetadata().getName();
    SyncRun run = BeadSyncObserver.observe(pod, repository);
    switch (run.state()) {
      case RUNNING -> write(context, store, BeadStoreStatusMapper.syncing(store, name, run, now));
      case SUCCEEDED -> {
        write(context, store, BeadStoreStatusMapper.synced(store, run, generationOf(pod), now));
        context.getClient().resource(pod).delete();
        return UpdateControl.<BeadStore>noUpdate().rescheduleAfter(interval);
      }
      case FAILED -> {
        write(context, store, BeadStoreStatusMapper.failed(store, name, run, now));
        Instant retry = (run.finishedAt() == null ? now : run.finishedAt()).plus(interval);
        if (now.isBefore(retry)) {
          return UpdateControl.<BeadStore>noUpdate().rescheduleAfter(Duration.between(now, retry));
        }
        context.getClient().resource(pod).delete();
      }
    }
    return UpdateControl.noUpdate();
  }

  /** Whether the status changed; Events for the phase it enters. */
  private void write(Context<BeadStore> context, BeadStore store, BeadStoreStatus status) {
    status.setConditions(ApiErrors.cleared(status.getConditions()));
    if (status.equals(store.getStatus())) {
      return;
    }
    BeadStorePhase before = store.getStatus() == null ? null : store.getStatus().getPhase();
    var ready = status.getConditions().stream().filter(c -> BeadStoreStatusMapper.READY.equals(c.getType())).findFirst();
    String beforeReason = store.getStatus() == null ? null : store.getStatus().getConditions().stream()
        .filter(c -> BeadStoreStatusMapper.READY.equals(c.getType())).map(c -> c.getReason()).findFirst().orElse(null);
    StatusPatch.write(context, store, status);
    if (ready.isEmpty()) {
      return;
    }
    boolean entered = status.getPhase() != before || !Objects.equals(ready.get().getReason(), beforeReason);
    if (entered && status.getPhase() == BeadStorePhase.Error) {
      events.record(store, EventRecorder.Type.Warning, BeadStoreReason.valueOf(ready.get().getReason()), ready.get().getMessage());
    } else if (entered && status.getPhase() == BeadStorePhase.Synced) {
      events.record(store, EventRecorder.Type.Normal, BeadStoreReason.valueOf(ready.get().getReason()), ready.get().getMessage());
    }
  }

  private Optional<String> missingKey(BeadStore store, String secret) {
    String where = store.getSpec().getGitSecretRef() != null ? "spec.gitSecretRef" : "the Rig's polecatDefaults.kubernetes.gitSecretRef";
    Optional<Set<String>> keys = secrets.keys(store.getMetadata().getNamespace(), secret);
    if (keys.isEmpty()) {
      return Optional.of("the Secret " + secret + " (" + where + ") does not exist in namespace " + store.getMetadata().getNamespace());
    }
    return keys.get().contains("ssh-privatekey") ? Optional.empty()
        : Optional.of("the Secret " + secret + " (" + where + ") has no key ssh-privatekey");
  }

  /** When the next sync is due: now when none succeeded yet or the spec changed since the last one. */
  private static Instant due(BeadStore store, Duration interval) {
    BeadStoreStatus status = store.getStatus();
    if (status == null || status.getLastSyncTime() == null
        || !Objects.equals(status.getObservedGeneration(), store.getMetadata().getGeneration())) {
      return Instant.MIN;
    }
    return Timestamps.parse(status.getLastSyncTime()).plus(interval);
  }

  static Duration interval(BeadStore store) {
    return Durations.seconds(store.getSpec().getSyncInterval()).map(Duration::ofSeconds)
        .map(d -> d.compareTo(MIN_INTERVAL) < 0 ? MIN_INTERVAL : d).orElse(DEFAULT_INTERVAL);
  }

  private static String problem(BeadStore store) {
    String name = store.getMetadata().getName();
    if (name.length() > MAX_NAME) {
      return "the BeadStore's name is " + name.length() + " characters long; at most " + MAX_NAME
          + " (it labels its sync Pod)";
    }
    String interval = store.getSpec().getSyncInterval();
    if (interval != null && !interval.isEmpty() && Durations.seconds(interval).isEmpty()) {
      return "spec.syncInterval " + interval + " is not a duration such as 30s, 5m or 1h";
    }
    return null;
  }

  private static Long generationOf(Pod pod) {
    String value = pod.getMetadata().getAnnotations() == null ? null : pod.getMetadata().getAnnotations().get(GENERATION);
    try {
      return value == null ? null : Long.valueOf(value);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
