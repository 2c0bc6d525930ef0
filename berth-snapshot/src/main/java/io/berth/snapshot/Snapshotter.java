package io.berth.snapshot;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Snapshots of filesystems, in containerd's vocabulary ({@code core/snapshots/snapshotter.go}).
 *
 * <p>Lifecycle. A layer is unpacked by preparing an active snapshot on its parent, applying
 * the layer's diff into it, and committing it under the layer's chain ID:
 *
 * <pre>
 *   prepare("extract-1", null)          // empty active snapshot
 *   apply("extract-1", layerTar)        // DiffApplier
 *   commit("sha256:&lt;chain1&gt;", "extract-1")
 *   prepare("extract-2", "sha256:&lt;chain1&gt;")
 *   ...
 * </pre>
 *
 * or, to apply layers side by side, {@code prepare("extract-2", null)}, apply, then
 * {@code commitOnto("sha256:<chain2>", "extract-2", "sha256:<chain1>")} once chain1 is there.
 *
 * A container gets {@code prepare(containerId, topChainId)}: its mounts are an overlay of the
 * committed lowers with a writable upper (a bind mount when the parent chain is empty), and
 * {@code remove(containerId)} drops it. {@code view} is a read-only variant. A committed
 * snapshot cannot be removed while another snapshot names it as parent.
 *
 * <p>Errors: a missing key is {@code BerthException.NotFound}; a key that exists already, or
 * a remove of a snapshot that still has children, is {@code BerthException.Conflict}.
 */
public interface Snapshotter {
  /** Creates an active (writable) snapshot {@code key} on {@code parent} (null: empty). */
  List<Mount> prepare(String key, String parent, Map<String, String> labels);

  /** Creates a read-only view {@code key} of committed {@code parent}. */
  List<Mount> view(String key, String parent, Map<String, String> labels);

  /** The mounts of an active or view snapshot, to be mounted by the caller. */
  List<Mount> mounts(String key);

  /** Turns active snapshot {@code key} into committed snapshot {@code name}. */
  void commit(String name, String key, Map<String, String> labels);

  /**
   * Turns active snapshot {@code key}, prepared without a parent, into committed snapshot
   * {@code name} on the committed {@code parent} (null: none). A layer's diff never reads its
   * parent's files, so a pull applies its layers side by side and stacks them in order here.
   */
  void commitOnto(String name, String key, String parent, Map<String, String> labels);

  /** Removes a snapshot and its files; committed ones only when no child remains. */
  void remove(String key);

  /** Metadata of {@code key}. */
  SnapshotInfo stat(String key);

  /** Disk usage of {@code key}'s own layer (not its parents). */
  Usage usage(String key);

  /** Calls {@code fn} for every snapshot. */
  void walk(Consumer<SnapshotInfo> fn);
}
