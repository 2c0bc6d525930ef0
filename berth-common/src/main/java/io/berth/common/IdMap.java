package io.berth.common;

/**
 * A user namespace's id mapping as dockerd's {@code --userns-remap} makes it: container ids
 * {@code 0 .. size-1} are host ids {@code hostUid ..} and {@code hostGid ..}. {@link #NONE}
 * (size 0) is no remapping: every id is itself.
 */
public record IdMap(long hostUid, long hostGid, long size) {
  public static final IdMap NONE = new IdMap(0, 0, 0);

  public boolean remapped() {
    return size > 0;
  }

  /** The host uid of container uid {@code id}; 400 when the range has no room for it. */
  public int hostUid(long id) {
    return (int) toHost(id, hostUid, "uid");
  }

  public int hostGid(long id) {
    return (int) toHost(id, hostGid, "gid");
  }

  /** The container uid of host uid {@code id}; ids outside the range show as 65534 (nobody). */
  public long containerUid(long id) {
    return toContainer(id, hostUid);
  }

  public long containerGid(long id) {
    return toContainer(id, hostGid);
  }

  private long toHost(long id, long start, String kind) {
    if (!remapped()) {
      return id;
    }
    if (id < 0 || id >= size) {
      throw BerthException.invalid("Container ID " + id + " cannot be mapped to a host ID"
          + " (" + kind + " range " + start + "+" + size + ")");
    }
    return start + id;
  }

  private long toContainer(long id, long start) {
    if (!remapped()) {
      return id;
    }
    return id >= start && id < start + size ? id - start : 65534;
  }
}
