package io.berth.daemon;

import io.berth.common.BerthException;
import io.berth.network.NetworkCleanup;
import java.io.IOException;

/**
 * {@code berthd --cleanup}: what a stopped daemon leaves on the host on purpose (its nftables
 * table and bridges, kept for containers that outlive it) is removed, under the root's lock so
 * that no daemon is running meanwhile. An uninstall runs it after stopping the service.
 */
final class Cleanup {
  private Cleanup() {}

  static int run(DaemonConfig config) throws IOException {
    try (InstanceLock lock = InstanceLock.acquire(config.root())) {
      for (String what : NetworkCleanup.removeAll(config.root(), config.execRoot(),
          config.network().nftTable(), config.network().bridge())) {
        System.out.println("removed " + what);
      }
      return 0;
    } catch (BerthException e) {
      System.err.println("berthd: " + e.getMessage());
      return 1;
    }
  }
}
