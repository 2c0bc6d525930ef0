package io.berth.engine;

import io.berth.common.BerthException;
import io.berth.runtime.AttachStream;
import java.util.concurrent.CompletableFuture;

/**
 * {@code docker attach} and the attach of {@code docker run}. A running container is connected
 * at once; a created or exited one when it is next started ({@code docker start -a},
 * {@code docker run}), before its process runs, so the first bytes are not lost.
 */
final class ContainerAttacher {
  private final ContainerStore store;
  private final LiveTasks tasks;

  ContainerAttacher(ContainerStore store, LiveTasks tasks) {
    this.store = store;
    this.tasks = tasks;
  }

  Attachment attach(String ref, AttachOptions o) {
    Container c = store.get(ref);
    if (c.status() == ContainerStatus.PAUSED) {
      throw BerthException.conflict("You cannot attach to a paused container, unpause it first");
    }
    if (c.status() == ContainerStatus.REMOVING || c.status() == ContainerStatus.DEAD) {
      throw BerthException.conflict("You cannot attach to a container that is being removed");
    }
    String id = c.id();
    CompletableFuture<AttachStream> stream = o.stream() ? tasks.attach(id)
        : CompletableFuture.failedFuture(new IllegalStateException("stream=0"));
    boolean stdin = o.stdin() && c.config().openStdin();
    return new Attachment(stream, c.config().tty(), stdin, o.stdout(), o.stderr(),
        c.config().stdinOnce(), () -> tasks.cancel(id, stream), () -> { });
  }
}
