package io.berth.daemon;

import io.berth.common.BerthException;
import io.berth.common.Messages;
import io.berth.network.BridgeClaim;
import io.berth.network.NetworkCleanup;
import java.io.IOException;
import java.util.Set;

/**
 * {@code berthd --cleanup}: what a stopped daemon leaves on the host on purpose (its nftables
 * table and bridges, kept for containers that outlive it) is removed, under the root's lock so
 * that no daemon is running meanwhile; the default bridge stays while another running berthd
 * claims it ({@link BridgeClaim}). An uninstall runs it after stopping the service.
 */
final class Cleanup {
  private Cleanup() {}

  static int run(DaemonConfig config) throws IOException {
    String bridge = config.network().bridge();
    try (InstanceLock lock = InstanceLock.acquire(config.root());
        BridgeClaim claim = BridgeClaim.tryTake(bridge)) {
      if (claim == null) {
        // another live daemon's default bridge: not this root's to delete
        System.out.println("kept bridge " + bridge + ": another running berthd uses it");
      }
      for (String what : NetworkCleanup.removeAll(config.root(), config.execRoot(),
          config.network().nftTable(), bridge, claim == null ? Set.of(bridge) : Set.of())) {
        System.out.println("removed " + what);
      }
      return 0;
    } catch (BerthException e) {
      System.err.println("berthd: " + Messages.of(e));
      return 1;
    }
  }
}
