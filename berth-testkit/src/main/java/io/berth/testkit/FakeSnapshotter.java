package io.berth.testkit;

import io.berth.common.BerthException;
import io.berth.common.Messages;
import io.berth.snapshot.DiffApplier;
import io.berth.snapshot.Mount;
import io.berth.snapshot.SnapshotInfo;
import io.berth.snapshot.Snapshotter;
import io.berth.snapshot.Usage;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Snapshots as metadata only: records every call, counts tar entries on apply and refuses
 * entries that would leave the snapshot, as the overlay applier does. Passes
 * {@code SnapshotterContract} ({@code FakeSnapshotterContractTest}).
 */
public final class FakeSnapshotter implements Snapshotter, DiffApplier {
  private final Map<String, SnapshotInfo> infos = new LinkedHashMap<>();
  private final Map<String, Long> entries = new LinkedHashMap<>();
  private final Map<String, Long> bytes = new LinkedHashMap<>();
  public final List<String> calls = new ArrayList<>();

  @Override
  public synchronized List<Mount> prepare(String key, String parent, Map<String, String> labels) {
    calls.add("prepare " + key + " " + parent);
    create(key, parent, SnapshotInfo.Kind.ACTIVE, labels);
    return List.of();
  }

  @Override
  public synchronized List<Mount> view(String key, String parent, Map<String, String> labels) {
    create(key, parent, SnapshotInfo.Kind.VIEW, labels);
    return List.of();
  }

  private void create(String key, String parent, SnapshotInfo.Kind kind, Map<String, String> l) {
    if (infos.containsKey(key)) {
      throw BerthException.conflict("snapshot " + key + ": already exists");
    }
    if (parent != null && !infos.containsKey(parent)) {
      throw BerthException.notFound("parent snapshot " + parent + " does not exist");
    }
    if (parent != null && infos.get(parent).kind() != SnapshotInfo.Kind.COMMITTED) {
      throw BerthException.invalid("parent snapshot " + parent + " is not committed");
    }
    infos.put(key, new SnapshotInfo(key, parent, kind, l, Instant.now()));
  }

  @Override
  public synchronized List<Mount> mounts(String key) {
    stat(key);
    return List.of();
  }

  @Override
  public synchronized void commit(String name, String key, Map<String, String> labels) {
    commit(name, key, stat(key).parent(), labels);
  }

  @Override
  public synchronized void commitOnto(String name, String key, String parent,
      Map<String, String> labels) {
    String preparedOn = stat(key).parent();
    if (preparedOn != null) {
      throw BerthException.invalid("snapshot " + key + " was prepared on " + preparedOn);
    }
    if (parent != null && stat(parent).kind() != SnapshotInfo.Kind.COMMITTED) {
      throw BerthException.invalid("parent snapshot " + parent + " is not committed");
    }
    commit(name, key, parent, labels);
  }

  private void commit(String name, String key, String parent, Map<String, String> labels) {
    calls.add("commit " + name);
    SnapshotInfo active = stat(key);
    if (active.kind() != SnapshotInfo.Kind.ACTIVE) {
      throw BerthException.invalid("snapshot " + key + " is not active");
    }
    if (infos.containsKey(name)) {
      throw BerthException.conflict("snapshot " + name + ": already exists");
    }
    infos.remove(key);
    infos.put(name, new SnapshotInfo(name, parent, SnapshotInfo.Kind.COMMITTED, labels,
        Instant.now()));
    entries.put(name, entries.remove(key));
    bytes.put(name, bytes.remove(key));
  }

  /** When set, the next remove runs it first, outside the lock (a clean-up a crash cuts off). */
  public volatile Runnable beforeRemove;

  @Override
  public void remove(String key) {
    Runnable hook = beforeRemove;
    beforeRemove = null;
    if (hook != null) {
      hook.run();
    }
    removeNow(key);
  }

  private synchronized void removeNow(String key) {
    calls.add("remove " + key);
    stat(key);
    if (infos.values().stream().anyMatch(i -> key.equals(i.parent()))) {
      throw BerthException.conflict("cannot remove snapshot " + key + ": it has children");
    }
    infos.remove(key);
    entries.remove(key);
    bytes.remove(key);
  }

  @Override
  public synchronized SnapshotInfo stat(String key) {
    SnapshotInfo i = infos.get(key);
    if (i == null) {
      throw BerthException.notFound("snapshot " + key + " does not exist");
    }
    return i;
  }

  @Override
  public synchronized Usage usage(String key) {
    stat(key);
    return new Usage(bytes.getOrDefault(key, 0L) == null ? 0 : bytes.get(key), 0);
  }

  @Override
  public synchronized void walk(Consumer<SnapshotInfo> fn) {
    List.copyOf(infos.values()).forEach(fn);
  }

  @Override
  public long apply(String activeKey, InputStream tar) {
    synchronized (this) {
      if (stat(activeKey).kind() != SnapshotInfo.Kind.ACTIVE) {
        throw BerthException.invalid(activeKey + " is not active");
      }
      calls.add("apply " + activeKey);
    }
    long n = 0;
    try {
      TarArchiveInputStream in = new TarArchiveInputStream(tar);
      for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        String name = e.getName();
        if (name.startsWith("/") || name.equals("..") || name.startsWith("../")
            || name.contains("/../")) {
          throw BerthException.invalid("apply layer: entry " + name + " escapes the snapshot");
        }
        n++;
      }
      long total = in.getBytesRead();
      synchronized (this) {
        entries.put(activeKey, n);
        bytes.put(activeKey, total);
      }
      return total;
    } catch (IOException e) {
      throw new BerthException.InvalidArgument("apply layer: " + Messages.of(e), e);
    }
  }

  /** Entries applied into a committed snapshot. */
  public synchronized long entries(String key) {
    return entries.getOrDefault(key, 0L);
  }

  public synchronized List<String> keys() {
    return List.copyOf(infos.keySet());
  }
}
