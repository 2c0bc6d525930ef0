package io.berth.engine;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/** One lock per container id: start, exit handling, removal and rename never interleave. */
final class ContainerLocks {
  private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

  <T> T with(String id, Supplier<T> op) {
    ReentrantLock lock = locks.computeIfAbsent(id, k -> new ReentrantLock());
    lock.lock();
    try {
      return op.get();
    } finally {
      lock.unlock();
    }
  }

  void run(String id, Runnable op) {
    with(id, () -> {
      op.run();
      return null;
    });
  }

  void forget(String id) {
    locks.remove(id);
  }
}
