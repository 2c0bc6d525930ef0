package io.berth.network;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Removes containers' host veths off the caller's path (ADR 0141): the kernel takes 20-45 ms
 * to delete a veth here, and an exit or {@code rm -f} need not wait for it. One thread of its
 * own does the removals in order; {@code gone} is told each batch once it is done, so that the
 * caller can keep the links' addresses taken until then. A crash before that leaves veths on
 * berth's bridges that no record names: {@link NetworkService#start} removes them.
 */
final class LinkReaper {
  private static final Logger LOG = Logger.getLogger(LinkReaper.class.getName());

  private final Namespaces links;
  private final Consumer<List<String>> gone;
  private final ExecutorService thread = Executors.newSingleThreadExecutor(
      r -> Thread.ofPlatform().name("veth-reaper").daemon(true).unstarted(r));

  LinkReaper(Namespaces links, Consumer<List<String>> gone) {
    this.links = links;
    this.gone = gone;
  }

  /** Deletes the host veths {@code veths} later (absent ones are fine), then tells {@code gone}. */
  void delete(List<String> veths) {
    thread.execute(() -> {
      try {
        links.deleteLinks(veths);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "delete veths " + veths, e);
      } finally {
        gone.accept(veths);
      }
    });
  }

  /** Waits (bounded) for the removals asked for so far; a stopping daemon calls it. */
  void close() {
    thread.shutdown();
    try {
      if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warning("veth removals still running at stop; the next start-up removes them");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
