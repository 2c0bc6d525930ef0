package io.berth.image;

import io.berth.common.BerthException;
import io.berth.common.Digest;
import io.berth.content.BlobInfo;
import io.berth.content.ContentStore;
import io.berth.snapshot.SnapshotInfo;
import io.berth.snapshot.Snapshotter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Mark and sweep over layers: a committed snapshot or blob is shared by every image that uses
 * it, so rather than counting references, the live set is computed from all image records
 * (plus the parents of any snapshot a container still holds), and whatever else is committed
 * is removed, children before parents. Callers hold the image lock.
 */
public final class ImageGc {
  private final ImageStore store;
  private final ContentStore content;
  private final Snapshotter snapshots;
  private final Map<String, Integer> pinned = new java.util.concurrent.ConcurrentHashMap<>();

  public ImageGc(ImageStore store, ContentStore content, Snapshotter snapshots) {
    this.store = store;
    this.content = content;
    this.snapshots = snapshots;
  }

  /** What one collection removed. */
  public record Collected(List<String> snapshots, List<Digest> blobs, long bytes) {}

  /**
   * Keeps a blob digest or a chain ID alive although no image record names it yet (a pull
   * between download and record). Pins count: each {@code pin} needs its {@code unpin}.
   */
  public void pin(Object key) {
    pinned.merge(key.toString(), 1, Integer::sum);
  }

  public void unpin(Object key) {
    pinned.computeIfPresent(key.toString(), (k, n) -> n == 1 ? null : n - 1);
  }

  public Collected collect() {
    Set<String> liveChains = new HashSet<>(pinned.keySet());
    Set<Digest> liveBlobs = new HashSet<>();
    for (ImageRecord r : store.all()) {
      liveBlobs.add(r.id());
      if (r.manifest() != null) {
        liveBlobs.add(r.manifest());
      }
      for (ImageRecord.Layer l : r.layers()) {
        liveChains.add(l.chainId().toString());
        liveBlobs.add(l.blob());
      }
    }
    Map<String, SnapshotInfo> all = new HashMap<>();
    snapshots.walk(info -> all.put(info.key(), info));
    for (SnapshotInfo info : all.values()) {
      if (info.kind() != SnapshotInfo.Kind.COMMITTED && !info.key().startsWith("extract-")) {
        for (String p = info.parent(); p != null && liveChains.add(p); ) {
          SnapshotInfo parent = all.get(p);
          p = parent == null ? null : parent.parent();
        }
      }
    }
    List<SnapshotInfo> dead = new ArrayList<>(all.values().stream()
        .filter(i -> i.kind() == SnapshotInfo.Kind.COMMITTED ? !liveChains.contains(i.key())
            : i.key().startsWith("extract-") && !pinned.containsKey(i.key()))
        .toList());
    dead.sort(Comparator.comparingInt((SnapshotInfo i) -> depth(i, all)).reversed());
    List<String> removed = new ArrayList<>();
    long bytes = 0;
    for (SnapshotInfo i : dead) {
      try {
        long size = snapshots.usage(i.key()).size();
        snapshots.remove(i.key());
        removed.add(i.key());
        bytes += size;
      } catch (BerthException.Conflict | BerthException.NotFound e) {
        // still a parent of something unknown to images, or gone already: keep going
      }
    }
    List<BlobInfo> blobs = new ArrayList<>();
    content.walk(b -> {
      if (!liveBlobs.contains(b.digest()) && !pinned.containsKey(b.digest().toString())) {
        blobs.add(b);
      }
    });
    for (BlobInfo b : blobs) {
      content.delete(b.digest());
    }
    return new Collected(removed, blobs.stream().map(BlobInfo::digest).toList(), bytes);
  }

  private static int depth(SnapshotInfo info, Map<String, SnapshotInfo> all) {
    int d = 0;
    for (SnapshotInfo i = info; i != null && i.parent() != null; i = all.get(i.parent())) {
      d++;
    }
    return d;
  }
}
