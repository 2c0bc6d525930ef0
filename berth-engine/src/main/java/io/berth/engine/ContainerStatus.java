package io.berth.engine;

import io.berth.common.BerthException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Docker's container states and the moves allowed between them (as runc's
 * {@code libcontainer/state_linux.go} keeps an explicit table). {@code removing} is entered
 * while a container's files are deleted; a failed removal moves back.
 */
public enum ContainerStatus {
  CREATED, RUNNING, PAUSED, RESTARTING, REMOVING, EXITED, DEAD;

  private static final Map<ContainerStatus, Set<ContainerStatus>> NEXT = Map.of(
      CREATED, EnumSet.of(RUNNING, REMOVING, DEAD),
      RUNNING, EnumSet.of(PAUSED, EXITED, RESTARTING, DEAD),
      PAUSED, EnumSet.of(RUNNING, EXITED, DEAD),
      RESTARTING, EnumSet.of(RUNNING, EXITED, REMOVING, DEAD),
      EXITED, EnumSet.of(RUNNING, RESTARTING, REMOVING, DEAD),
      REMOVING, EnumSet.of(CREATED, EXITED, DEAD),
      DEAD, EnumSet.of(REMOVING));

  /** True when {@code this → to} is a legal move. */
  public boolean canMoveTo(ContainerStatus to) {
    return NEXT.get(this).contains(to);
  }

  /**
   * Checks a move of container {@code id}; an illegal one is a {@link BerthException.Conflict}
   * (Docker answers 409).
   */
  public void checkMove(String id, ContainerStatus to) {
    if (!canMoveTo(to)) {
      throw BerthException.conflict("cannot move container " + id + " from " + wire() + " to "
          + to.wire());
    }
  }

  /** A process exists for the container (paused and restarting count, as in Docker). */
  public boolean isRunning() {
    return this == RUNNING || this == PAUSED || this == RESTARTING;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ContainerStatus parse(String text) {
    try {
      return valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw BerthException.invalid("invalid container status: " + text);
    }
  }
}
