package io.berth.engine;

/** One entry of {@code docker diff}: an absolute path in the container and what happened. */
public record Change(String path, Kind kind) {
  /** Docker's numbering: {@code Modified} 0, {@code Added} 1, {@code Deleted} 2. */
  public enum Kind {
    MODIFIED, ADDED, DELETED;

    public int code() {
      return ordinal();
    }
  }
}
