package io.berth.runtime;

import java.util.List;
import java.util.Optional;

/**
 * An OCI runtime (runc, crun, ...) driven through conmon, one monitor per container. It knows
 * OCI bundles and processes, never images or Docker's container config.
 *
 * <p>Lifecycle: {@link #create} runs {@code <runtime> create} under a new conmon (the process
 * exists, stopped before the user's program runs); {@link Task#start} lets it run; the task
 * exits; {@link Task#delete} removes the runtime's state and the monitor's files. conmon keeps
 * the container (and its stdio and log) alive while berthd is down; {@link #load} re-adopts a
 * task after a berthd restart from the files conmon and the runtime left.
 */
public interface OciRuntime {
  /**
   * Creates a container from a bundle whose {@code config.json} is written and whose rootfs is
   * mounted. Fails with {@code BerthException.InvalidArgument} when the runtime rejects the spec
   * (its error text included, e.g. {@code exec: "nope": executable file not found in $PATH}),
   * leaving no process, monitor or runtime state behind.
   */
  Task create(CreateRequest request);

  /** The task of a container created earlier (also by an earlier berthd); empty if unknown. */
  Optional<Task> load(String id);

  /** Ids of all containers this runtime has state for, for start-up reconciliation. */
  List<String> list();
}
