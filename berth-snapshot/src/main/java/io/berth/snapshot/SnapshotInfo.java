package io.berth.snapshot;

import java.time.Instant;
import java.util.Map;

/** What the snapshotter knows of one snapshot. */
public record SnapshotInfo(String key, String parent, Kind kind, Map<String, String> labels,
    Instant created) {
  /** containerd's snapshot kinds. */
  public enum Kind { VIEW, ACTIVE, COMMITTED }
}
