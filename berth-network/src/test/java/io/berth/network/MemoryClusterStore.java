package io.berth.network;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/** A {@link ClusterStore} in memory, with leases that tests expire by hand. */
final class MemoryClusterStore implements ClusterStore {
  private final TreeMap<String, KeyValue> kvs = new TreeMap<>();
  private final Map<Long, Boolean> leases = new HashMap<>();
  private final List<Watcher> watchers = new ArrayList<>();
  private long revision;
  private long nextLease = 100;
  /** While true every call fails as an unreachable etcd does. */
  volatile boolean down;

  private void up() {
    if (down) {
      throw new io.berth.common.BerthException.Unavailable("cluster store unavailable", null);
    }
  }

  @Override
  public synchronized Range range(String prefix) {
    up();
    List<KeyValue> out = new ArrayList<>();
    kvs.tailMap(prefix).forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        out.add(v);
      }
    });
    return new Range(out, revision);
  }

  @Override
  public synchronized boolean createAll(List<String> absent, List<KeyValue> puts, long lease) {
    up();
    if (absent.stream().anyMatch(kvs::containsKey)) {
      return false;
    }
    puts.forEach(kv -> kvs.put(kv.key(), new KeyValue(kv.key(), kv.value(), revision + 1,
        lease)));
    changed(puts.stream().map(KeyValue::key).toList());
    return true;
  }

  @Override
  public synchronized void put(String key, String value, long lease) {
    up();
    kvs.put(key, new KeyValue(key, value, revision + 1, lease));
    changed(List.of(key));
  }

  @Override
  public synchronized void delete(List<String> keys) {
    up();
    changed(keys.stream().filter(k -> kvs.remove(k) != null).toList());
  }

  @Override
  public synchronized long grant(int ttlSeconds) {
    up();
    leases.put(nextLease, true);
    return nextLease++;
  }

  @Override
  public synchronized boolean keepAlive(long lease) {
    up();
    return leases.getOrDefault(lease, false);
  }

  @Override
  public synchronized void revoke(long lease) {
    up();
    if (!leases.containsKey(lease)) {
      throw new io.berth.common.BerthException.Unavailable(
          "etcdserver: requested lease not found", null);
    }
    expire(lease);
  }

  /** What etcd does when a lease's time runs out: its keys are deleted. */
  synchronized void expire(long lease) {
    leases.remove(lease);
    List<String> gone = kvs.values().stream().filter(kv -> kv.lease() == lease)
        .map(KeyValue::key).toList();
    gone.forEach(kvs::remove);
    changed(gone);
  }

  synchronized List<Long> liveLeases() {
    return List.copyOf(leases.keySet());
  }

  @Override
  public synchronized Watch watch(String prefix, long rev, Consumer<Long> changed,
      Runnable broken) {
    Watcher w = new Watcher(prefix, changed);
    watchers.add(w);
    return () -> {
      synchronized (this) {
        watchers.remove(w);
      }
    };
  }

  private record Watcher(String prefix, Consumer<Long> changed) {}

  /** As etcd: a write that changes no key makes no revision; a watch sees its prefix only. */
  private void changed(List<String> keys) {
    if (keys.isEmpty()) {
      return;
    }
    revision++;
    for (Watcher w : List.copyOf(watchers)) {
      if (keys.stream().anyMatch(k -> k.startsWith(w.prefix()))) {
        w.changed().accept(revision);
      }
    }
  }

  @Override
  public void close() {}
}
