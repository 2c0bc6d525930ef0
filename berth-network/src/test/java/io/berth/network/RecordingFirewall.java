package io.berth.network;

import java.util.ArrayList;
import java.util.List;

/** A {@link Firewall} that keeps every state it was asked to apply; can fail the next one. */
final class RecordingFirewall implements Firewall {
  final List<FirewallState> applied = new ArrayList<>();
  RuntimeException failNext;

  @Override
  public synchronized void apply(FirewallState state) {
    if (failNext != null) {
      RuntimeException e = failNext;
      failNext = null;
      throw e;
    }
    applied.add(state);
  }

  @Override
  public void repair(FirewallState state) {
    apply(state);
  }

  FirewallState last() {
    return applied.getLast();
  }
}
