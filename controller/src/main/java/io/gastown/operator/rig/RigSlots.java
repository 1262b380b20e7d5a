package io.gastown.operator.rig;

import io.gastown.operator.api.polecat.Polecat;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The working slots of each Rig ({@code settings.maxPolecats}). A Polecat takes a slot before its
 * first object is created and keeps it until its run has finished, it was terminated or deleted.
 * A slot goes to the oldest Polecat that waits for one. One ledger in the operator process, so
 * concurrent reconciles can never admit more than the cap (the operator runs as one active
 * replica); after a restart, the Polecats whose runs exist take their slots back first.
 */
public final class RigSlots {

  /** The order waiting Polecats start in: oldest first, then by namespace and name. */
  public static final Comparator<Polecat> OLDEST_FIRST = Comparator
      .comparing((Polecat p) -> Objects.toString(p.getMetadata().getCreationTimestamp(), ""))
      .thenComparing(p -> Objects.toString(p.getMetadata().getNamespace(), ""))
      .thenComparing(p -> p.getMetadata().getName());

  private final Map<String, Set<ResourceID>> holders = new HashMap<>();
  private volatile Consumer<String> onFreed = rig -> {};
  private volatile Predicate<ResourceID> exists = id -> true;

  /**
   * @param onFreed called with the rig's name whenever one of its slots frees
   * @param exists whether a Polecat still exists, by the cache that admitted it: a slower cache
   *     could free the slot of a Polecat it has not seen yet
   */
  public void connect(Consumer<String> onFreed, Predicate<ResourceID> exists) {
    this.onFreed = onFreed;
    this.exists = exists;
  }

  /**
   * Gives {@code polecat} a slot of {@code rig} if one is free and no older Polecat of
   * {@code waiting} waits for one.
   *
   * @return true when the Polecat holds a slot (now or already)
   */
  public synchronized boolean admit(String rig, Polecat polecat, int cap, Collection<Polecat> waiting) {
    Set<ResourceID> held = holders.computeIfAbsent(rig, r -> new HashSet<>());
    ResourceID id = ResourceID.fromResource(polecat);
    if (held.contains(id)) {
      return true;
    }
    boolean olderWaits = waiting.stream()
        .anyMatch(other -> OLDEST_FIRST.compare(other, polecat) < 0 && !held.contains(ResourceID.fromResource(other)));
    if (held.size() >= cap || olderWaits) {
      return false;
    }
    held.add(id);
    return true;
  }

  /** A Polecat whose run exists already (found after a restart) holds a slot, cap or not. */
  public synchronized void hold(String rig, Polecat polecat) {
    holders.computeIfAbsent(rig, r -> new HashSet<>()).add(ResourceID.fromResource(polecat));
  }

  /** The Polecat's run finished, or it no longer wants to run: its slot, if it had one, frees. */
  public void release(String rig, ResourceID id) {
    boolean freed;
    synchronized (this) {
      Set<ResourceID> held = holders.get(rig);
      freed = held != null && held.remove(id);
    }
    if (freed) {
      onFreed.accept(rig);
    }
  }

  /** Frees the slots of {@code rig}'s Polecats that no longer exist (deleted while they worked). */
  public void sweep(String rig) {
    boolean freed;
    synchronized (this) {
      Set<ResourceID> held = holders.get(rig);
      freed = held != null && held.removeIf(id -> !exists.test(id));
    }
    if (freed) {
      onFreed.accept(rig);
    }
  }

  public synchronized int held(String rig) {
    Set<ResourceID> held = holders.get(rig);
    return held == null ? 0 : held.size();
  }
}
