package io.gastown.operator.common;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.gastown.operator.api.polecat.KubernetesSpec;
import io.gastown.operator.api.polecat.Polecat;
import io.gastown.operator.api.polecat.PolecatSpec;
import io.gastown.operator.api.polecat.PolecatStatus;
import io.javaoperatorsdk.operator.OperatorException;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The one watch of Polecats that the controllers following them share (Rig, Refinery, Convoy,
 * Witness): one pruned copy of each Polecat, indexed by rig, instead of one informer and one copy
 * per controller. A copy holds what those controllers and the metrics read (rig, bead, repository
 * and branch; phase, outcome, cost, results, attempt, start and completion times and the Ready,
 * Working and Merged conditions) and nothing else. Each controller subscribes with an event source
 * that maps a change to the resources it wakes; the metrics listen. The Polecat controller keeps
 * its own, full, primary cache.
 */
public final class PolecatWatch {

  /** Which primaries a change wakes: {@code before} is null for an added Polecat, {@code after} for a deleted one. */
  @FunctionalInterface
  public interface Changes {
    Set<ResourceID> wakes(Polecat before, Polecat after);
  }

  private static final Set<String> CONDITIONS_READ = Set.of("Ready", "Working", "Merged");

  private final List<SharedIndexInformer<Polecat>> informers = new ArrayList<>();
  private final List<RigIndexedStore> stores = new ArrayList<>();
  private final List<Subscription<?>> subscriptions = new CopyOnWriteArrayList<>();
  private final List<BiConsumer<Polecat, Polecat>> listeners = new CopyOnWriteArrayList<>();

  private PolecatWatch() {}

  /** Watches the Polecats of {@code namespaces} (all when empty) and returns once the first list is cached. */
  public static PolecatWatch start(KubernetesClient client, Set<String> namespaces) {
    PolecatWatch watch = new PolecatWatch();
    var resources = client.resources(Polecat.class);
    List<SharedIndexInformer<Polecat>> started = new ArrayList<>();
    if (namespaces.isEmpty()) {
      started.add(watch.inform(resources.inAnyNamespace().runnableInformer(0), null));
    } else {
      namespaces.stream().sorted().forEach(ns -> started.add(watch.inform(resources.inNamespace(ns).runnableInformer(0), ns)));
    }
    try {
      for (SharedIndexInformer<Polecat> informer : started) {
        informer.start().toCompletableFuture().get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OperatorException("interrupted while listing Polecats", e);
    } catch (ExecutionException e) {
      watch.stop();
      throw new OperatorException("cannot list Polecats: " + e.getCause().getMessage(), e.getCause());
    }
    return watch;
  }

  private SharedIndexInformer<Polecat> inform(SharedIndexInformer<Polecat> informer, String namespace) {
    RigIndexedStore store = new RigIndexedStore(namespace);
    informer.itemStore(store);
    informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Polecat polecat) {
        changed(null, polecat);
      }

      @Override
      public void onUpdate(Polecat before, Polecat after) {
        changed(before, after);
      }

      @Override
      public void onDelete(Polecat polecat, boolean finalStateUnknown) {
        changed(polecat, null);
      }
    });
    informers.add(informer);
    stores.add(store);
    return informer;
  }

  public void stop() {
    informers.forEach(SharedIndexInformer::stop);
  }

  /** The Polecats naming {@code rig}, in every watched namespace. */
  public Stream<Polecat> ofRig(String rig) {
    return stores.stream().flatMap(s -> s.ofRig(rig));
  }

  /** The Polecats naming {@code rig} in {@code namespace}. */
  public Stream<Polecat> ofRig(String namespace, String rig) {
    return ofRig(rig).filter(p -> namespace.equals(p.getMetadata().getNamespace()));
  }

  /** Every cached (pruned) Polecat, by a scan: not to be changed. */
  public Stream<Polecat> all() {
    return stores.stream().flatMap(RigIndexedStore::all);
  }

  /**
   * Calls {@code listener} with every change the watch brings from now on, as {@link Changes}
   * gets it (pruned copies; {@code before} null for an added Polecat, {@code after} for a deleted one).
   */
  public void listen(BiConsumer<Polecat, Polecat> listener) {
    listeners.add(listener);
  }

  /** The Polecats of {@code namespace} that match, by a scan: for what no index answers. */
  public Stream<Polecat> inNamespace(String namespace, Predicate<Polecat> matching) {
    return stores.stream().flatMap(RigIndexedStore::all)
        .filter(p -> namespace.equals(p.getMetadata().getNamespace()) && matching.test(p));
  }

  /**
   * A Polecat this operator just created, seen at once by the next reconcile instead of when the
   * watch brings it; the watch's own copy replaces it.
   */
  public void created(Polecat polecat) {
    Polecat copy = Serialization.clone(polecat);
    stores.stream().filter(s -> s.covers(copy)).findFirst().ifPresent(s -> s.putIfAbsent(copy));
  }

  /** An event source of a controller that wakes what {@code changes} says; it forwards while it runs. */
  public <P extends HasMetadata> AbstractEventSource<Void, P> subscribe(String name, Changes changes) {
    return new Subscription<P>(name, changes);
  }

  /**
   * An event source that wakes nothing and stops this watch when its controller stops: the watch
   * starts before the controllers (so none reconciles on an empty copy) and ends with the operator.
   */
  public <P extends HasMetadata> AbstractEventSource<Void, P> stoppedWith(String controller) {
    return new AbstractEventSource<Void, P>(Void.class, controller + "-polecat-watch") {
      @Override
      public void stop() {
        PolecatWatch.this.stop();
        super.stop();
      }

      @Override
      public Set<Void> getSecondaryResources(P primary) {
        return Set.of();
      }
    };
  }

  private void changed(Polecat before, Polecat after) {
    for (Subscription<?> subscription : subscriptions) {
      subscription.forward(before, after);
    }
    for (BiConsumer<Polecat, Polecat> listener : listeners) {
      listener.accept(before, after);
    }
  }

  private final class Subscription<P extends HasMetadata> extends AbstractEventSource<Void, P> {

    private final Changes changes;

    Subscription(String name, Changes changes) {
      super(Void.class, name);
      this.changes = changes;
    }

    @Override
    public void start() {
      super.start();
      subscriptions.add(this);
    }

    @Override
    public void stop() {
      subscriptions.remove(this);
      super.stop();
    }

    @Override
    public Set<Void> getSecondaryResources(P primary) {
      return Set.of();
    }

    void forward(Polecat before, Polecat after) {
      if (!isRunning()) {
        return;
      }
      for (ResourceID id : changes.wakes(before, after)) {
        getEventHandler().handleEvent(new Event(id));
      }
    }
  }

  /** What the controllers following Polecats read of one: the rest is dropped before it is cached. */
  static void prune(Polecat polecat) {
    var meta = polecat.getMetadata();
    meta.setManagedFields(null);
    meta.setLabels(null);
    meta.setAnnotations(null);
    PolecatSpec full = polecat.getSpec();
    PolecatSpec spec = new PolecatSpec();
    if (full != null) {
      spec.setRig(full.getRig());
      spec.setBeadID(full.getBeadID());
      if (full.getKubernetes() != null) {
        KubernetesSpec k8s = new KubernetesSpec();
        k8s.setGitRepository(full.getKubernetes().getGitRepository());
        k8s.setWorkBranch(full.getKubernetes().getWorkBranch());
        spec.setKubernetes(k8s);
      }
    }
    polecat.setSpec(spec);
    PolecatStatus status = polecat.getStatus();
    if (status != null) {
      PolecatStatus kept = new PolecatStatus();
      kept.setPhase(status.getPhase());
      kept.setOutcome(status.getOutcome());
      kept.setCostUSD(status.getCostUSD());
      kept.setPushed(status.getPushed());
      kept.setBranch(status.getBranch());
      kept.setCommit(status.getCommit());
      kept.setAttempt(status.getAttempt());
      kept.setStartTime(status.getStartTime());
      kept.setCompletionTime(status.getCompletionTime());
      kept.setMergedCommit(status.getMergedCommit());
      status.getConditions().stream().filter(c -> CONDITIONS_READ.contains(c.getType()))
          .map(c -> new Condition(c.getLastTransitionTime(), c.getMessage(), null, c.getReason(), c.getStatus(), c.getType()))
          .forEach(kept.getConditions()::add);
      polecat.setStatus(kept);
    }
  }

  /** Pruned Polecats by key, with the keys of each rig's Polecats beside them. */
  private static final class RigIndexedStore extends PrunedItemStore<Polecat> {

    private final Map<String, Set<String>> byRig = new ConcurrentHashMap<>();
    /** The namespace its informer watches; null for all. */
    private final String namespace;

    RigIndexedStore(String namespace) {
      super(PolecatWatch::prune);
      this.namespace = namespace;
    }

    @Override
    public Polecat put(String key, Polecat polecat) {
      Polecat previous = super.put(key, polecat);
      unindex(key, previous);
      index(key, polecat);
      return previous;
    }

    @Override
    public Polecat remove(String key) {
      Polecat removed = super.remove(key);
      unindex(key, removed);
      return removed;
    }

    void putIfAbsent(Polecat polecat) {
      String key = Cache.metaNamespaceKeyFunc(polecat);
      if (get(key) == null) {
        put(key, polecat);
      }
    }

    /** Whether this store's informer watches the Polecat's namespace. */
    boolean covers(Polecat polecat) {
      return namespace == null || namespace.equals(polecat.getMetadata().getNamespace());
    }

    Stream<Polecat> ofRig(String rig) {
      Set<String> keys = byRig.get(rig);
      return keys == null ? Stream.empty() : keys.stream().map(this::get).filter(Objects::nonNull);
    }

    Stream<Polecat> all() {
      return keySet().map(this::get).filter(Objects::nonNull);
    }

    private void index(String key, Polecat polecat) {
      String rig = rigOf(polecat);
      if (rig != null) {
        byRig.computeIfAbsent(rig, r -> ConcurrentHashMap.newKeySet()).add(key);
      }
    }

    private void unindex(String key, Polecat polecat) {
      String rig = rigOf(polecat);
      if (rig != null) {
        byRig.computeIfPresent(rig, (r, keys) -> {
          keys.remove(key);
          return keys.isEmpty() ? null : keys;
        });
      }
    }

    private static String rigOf(Polecat polecat) {
      return polecat == null || polecat.getSpec() == null ? null : polecat.getSpec().getRig();
    }
  }
}
