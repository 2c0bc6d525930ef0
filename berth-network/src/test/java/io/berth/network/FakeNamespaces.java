package io.berth.network;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@link Namespaces} as names in a set: nothing is mounted. */
final class FakeNamespaces implements Namespaces {
  final Set<String> live = new LinkedHashSet<>();
  final List<String> deleted = new ArrayList<>();
  final List<String> linksDeleted = new java.util.concurrent.CopyOnWriteArrayList<>();
  /** When set, the next {@link #deleteLinks} waits for it (a slow kernel). */
  volatile java.util.concurrent.CountDownLatch linkGate;
  private final Path dir;

  FakeNamespaces(Path dir) {
    this.dir = dir;
  }

  @Override
  public synchronized Path create(String id) {
    live.add(id);
    return dir.resolve(id);
  }

  @Override
  public synchronized void delete(String id) {
    live.remove(id);
    deleted.add(id);
  }

  @Override
  public synchronized void deleteWithLinks(String id, List<String> veths) {
    delete(id);
  }

  @Override
  public void deleteLinks(List<String> veths) {
    java.util.concurrent.CountDownLatch gate = linkGate;
    linkGate = null;
    if (gate != null) {
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    linksDeleted.addAll(veths);
  }
}
