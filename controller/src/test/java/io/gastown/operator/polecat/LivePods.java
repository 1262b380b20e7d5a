package io.gastown.operator.polecat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The agent pods of a namespace as the API server sees them created: which are live (created and
 * not yet finished by the test), the most that were live at once, and the order they started in.
 */
public final class LivePods implements AutoCloseable {

  private final Set<String> live = ConcurrentHashMap.newKeySet();
  private final AtomicInteger most = new AtomicInteger();
  private final List<String> started = new CopyOnWriteArrayList<>();
  private final Watch watch;

  public LivePods(KubernetesClient client, String namespace) {
    watch = client.pods().inNamespace(namespace).watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, Pod pod) {
        if (action == Action.ADDED) {
          live.add(pod.getMetadata().getName());
          started.add(pod.getMetadata().getName());
          most.accumulateAndGet(live.size(), Math::max);
        }
      }

      @Override
      public void onClose(WatcherException cause) {}
    });
  }

  public boolean isLive(String pod) {
    return live.contains(pod);
  }

  /** The test is about to finish this pod's run: from now on another may start in its place. */
  public void finishing(String pod) {
    live.remove(pod);
  }

  public int most() {
    return most.get();
  }

  public List<String> startOrder() {
    return List.copyOf(started);
  }

  @Override
  public void close() {
    watch.close();
  }
}
